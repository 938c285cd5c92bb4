"""The guide with the legacy SDK (aliyun-python-sdk-core AcsClient, v1 HMAC-SHA1 signatures).

This is the Python form of the guide's Java sample
``DefaultProfile.getProfile("cn-shanghai", stsAccessKeyId, stsAccessKeySecret, stsToken)``:
``AcsClient(region_id="cn-shanghai", credential=StsTokenCredential(...))``.
"""

from __future__ import annotations

import json

import pytest
from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkcore.auth.credentials import AccessKeyCredential, StsTokenCredential
from aliyunsdkcore.client import AcsClient
from aliyunsdkcore.request import CommonRequest
from aliyunsdkimm.request.v20200930.CreateProjectRequest import CreateProjectRequest
from aliyunsdkimm.request.v20200930.DeleteBatchRequest import DeleteBatchRequest
from aliyunsdkimm.request.v20200930.ListProjectsRequest import ListProjectsRequest
from aliyunsdkram.request.v20150501.AttachPolicyToRoleRequest import AttachPolicyToRoleRequest
from aliyunsdkram.request.v20150501.AttachPolicyToUserRequest import AttachPolicyToUserRequest
from aliyunsdkram.request.v20150501.CreateAccessKeyRequest import CreateAccessKeyRequest
from aliyunsdkram.request.v20150501.CreatePolicyRequest import CreatePolicyRequest
from aliyunsdkram.request.v20150501.CreateRoleRequest import CreateRoleRequest
from aliyunsdkram.request.v20150501.CreateUserRequest import CreateUserRequest
from aliyunsdkram.request.v20150501.DetachPolicyFromUserRequest import DetachPolicyFromUserRequest
from aliyunsdkram.request.v20150501.UpdateAccessKeyRequest import UpdateAccessKeyRequest
from aliyunsdksts.request.v20150401.AssumeRoleRequest import AssumeRoleRequest
from aliyunsdksts.request.v20150401.GetCallerIdentityRequest import GetCallerIdentityRequest

from immplay.stub.mock import mock_cloud

REGION = "cn-shanghai"


def call(client: AcsClient, request) -> dict:
    return json.loads(client.do_action_with_exception(request))


def refused(client: AcsClient, request) -> ServerException:
    with pytest.raises(ServerException) as caught:
        client.do_action_with_exception(request)
    return caught.value


def make(request_class, **params):
    request = request_class()
    for name, value in params.items():
        getattr(request, f"set_{name}")(value)
    return request


@pytest.fixture
def cloud():
    with mock_cloud() as emulated:
        yield emulated


@pytest.fixture
def root(cloud) -> AcsClient:
    return AcsClient(region_id=REGION, credential=AccessKeyCredential(*cloud.root_access_key))


@pytest.fixture
def alice_key(root) -> tuple[str, str]:
    assert call(root, make(CreateUserRequest, UserName="alice"))["User"]["UserName"] == "alice"
    key = call(root, make(CreateAccessKeyRequest, UserName="alice"))["AccessKey"]
    return key["AccessKeyId"], key["AccessKeySecret"]


@pytest.fixture
def alice(alice_key) -> AcsClient:
    return AcsClient(region_id=REGION, credential=AccessKeyCredential(*alice_key))


def attach(root: AcsClient, policy: str, user: str = "alice") -> None:
    call(root, make(AttachPolicyToUserRequest, PolicyType="System", PolicyName=policy, UserName=user))


def test_full_then_read_only_access_with_the_legacy_sdk(root, alice):
    attach(root, "AliyunIMMFullAccess")
    created = call(alice, make(CreateProjectRequest, ProjectName="p1", ServiceRole="AliyunIMMDefaultRole"))
    assert created["Project"]["ProjectName"] == "p1"

    call(root, make(DetachPolicyFromUserRequest, PolicyType="System", PolicyName="AliyunIMMFullAccess",
                    UserName="alice"))
    attach(root, "AliyunIMMReadOnlyAccess")
    error = refused(alice, make(CreateProjectRequest, ProjectName="p2", ServiceRole="AliyunIMMDefaultRole"))
    assert (error.get_http_status(), error.get_error_code()) == (403, "Forbidden.RAM")
    assert error.get_error_msg() == "User not authorized to operate on the specified APIs."
    assert error.get_request_id()
    assert [p["ProjectName"] for p in call(alice, ListProjectsRequest())["Projects"]] == ["p1"]


def test_sts_token_credential_calls_imm_like_the_guides_java_sample(cloud, root, alice):
    call(root, make(CreateProjectRequest, ProjectName="photos", ServiceRole="AliyunIMMDefaultRole"))
    trust = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                            "Principal": {"RAM": [f"acs:ram::{cloud.account_id}:user/alice"]}}]}
    role = call(root, make(CreateRoleRequest, RoleName="imm-reader", AssumeRolePolicyDocument=json.dumps(trust)))
    reader = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:List*", "Resource": "*"}]}
    call(root, make(CreatePolicyRequest, PolicyName="reader", PolicyDocument=json.dumps(reader)))
    call(root, make(AttachPolicyToRoleRequest, PolicyType="Custom", PolicyName="reader", RoleName="imm-reader"))
    attach(root, "AliyunSTSAssumeRoleAccess")

    assumed = call(alice, make(AssumeRoleRequest, RoleArn=role["Role"]["Arn"], RoleSessionName="legacy"))
    credentials = assumed["Credentials"]
    assert credentials["AccessKeyId"].startswith("STS.")
    sts_client = AcsClient(region_id=REGION, credential=StsTokenCredential(
        credentials["AccessKeyId"], credentials["AccessKeySecret"], credentials["SecurityToken"]))
    assert [p["ProjectName"] for p in call(sts_client, ListProjectsRequest())["Projects"]] == ["photos"]
    denied = refused(sts_client, make(CreateProjectRequest, ProjectName="x", ServiceRole="AliyunIMMDefaultRole"))
    assert denied.get_error_code() == "Forbidden.RAM"

    identity = call(sts_client, GetCallerIdentityRequest())
    assert identity["IdentityType"] == "AssumedRoleUser"

    cloud.clock.advance(seconds=3601)
    expired = refused(sts_client, ListProjectsRequest())
    assert expired.get_error_code() == "InvalidSecurityToken.Expired"


def test_wrong_secret_is_reported_as_invalid_access_key_secret(alice_key):
    client = AcsClient(region_id=REGION, credential=AccessKeyCredential(alice_key[0], "wrong"))
    error = refused(client, ListProjectsRequest())
    assert (error.get_http_status(), error.get_error_code()) == (400, "InvalidAccessKeySecret")


def test_disabled_key_is_refused(root, alice, alice_key):
    attach(root, "AliyunIMMReadOnlyAccess")
    call(root, make(UpdateAccessKeyRequest, UserAccessKeyId=alice_key[0], Status="Inactive", UserName="alice"))
    error = refused(alice, ListProjectsRequest())
    assert (error.get_error_code(), error.get_error_msg()) == (
        "InvalidAccessKeyId.Inactive", "Specified access key is disabled.")


def test_root_cannot_assume_a_role(cloud, root):
    error = refused(root, make(AssumeRoleRequest, RoleArn=f"acs:ram::{cloud.account_id}:role/any",
                               RoleSessionName="root-session"))
    assert (error.get_http_status(), error.get_error_code()) == (403, "NoPermission")
    assert error.get_error_msg() == "Roles may not be assumed by root accounts."


def test_form_body_parameters_are_signed_and_reach_the_cloud(cloud, root):
    """Some legacy IMM requests put parameters in a form body; v1 signs them with the query."""
    error = refused(root, make(DeleteBatchRequest, ProjectName="nowhere", Id="batch-1"))
    assert error.get_error_code() not in ("SignatureDoesNotMatch", "InvalidAccessKeySecret", "MissingParameter")
    assert cloud.trail[-1].action == "imm:DeleteBatch"


def test_common_request_with_http_works_too(cloud, root):
    request = CommonRequest(domain="imm.cn-shanghai.aliyuncs.com", version="2020-09-30", action_name="ListProjects")
    request.set_accept_format("json")
    request.set_method("POST")
    assert call(root, request)["Projects"] == []
    assert cloud.trail[-1].action == "imm:ListProjects"


def test_imm_region_comes_from_the_host(cloud, root):
    call(AcsClient(region_id="cn-beijing", credential=AccessKeyCredential(*cloud.root_access_key)),
         make(CreateProjectRequest, ProjectName="north", ServiceRole="AliyunIMMDefaultRole"))
    assert cloud.trail[-1].resource == f"acs:imm:cn-beijing:{cloud.account_id}:project/north"
