"""Every body the cloud answers is read field for field by the official SDK models.

The new SDK family turns a body of the wrong shape into ``body is None`` silently (its from_map
errors are swallowed), and ignores unknown keys. So for each response we call the model's
``from_map`` directly and check that ``to_map`` gives the body back unchanged: a misnamed field,
a list not wrapped the RAM way, or a wrong type shows up as a difference.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from cloud_clients import Client, assume, make_user, trust

ram_models = pytest.importorskip("alibabacloud_ram20150501.models")
sts_models = pytest.importorskip("alibabacloud_sts20150401.models")
imm_models = pytest.importorskip("alibabacloud_imm20200930.models")
pyotp = pytest.importorskip("pyotp")

MODELS = {"ram": ram_models, "sts": sts_models, "imm": imm_models}
ACCOUNT = "1509100000000000"
# Model class names that do not follow <Action>ResponseBody exactly.
CLASS_NAMES = {"GetUserMFAInfo": "GetUserMFAInfoResponseBody",
               "CreateVirtualMFADevice": "CreateVirtualMFADeviceResponseBody",
               "ListVirtualMFADevices": "ListVirtualMFADevicesResponseBody",
               "BindMFADevice": "BindMFADeviceResponseBody", "UnbindMFADevice": "UnbindMFADeviceResponseBody"}


def _model(service: str, action: str):
    name = CLASS_NAMES.get(action, f"{action}ResponseBody")
    return getattr(MODELS[service], name)


class Recorder(Client):
    """A client that keeps every (service, action, body) it received."""

    seen: list

    def __call__(self, service, action, **params):
        body = super().__call__(service, action, **params)
        self.seen.append((service, action, body))
        return body


def _walk(cloud) -> list:
    seen: list = []
    root = Recorder(cloud, cloud.root_access_key[0])
    root.seen = seen
    root("ram", "CreateUser", UserName="alice", DisplayName="Alice", Email="a@example.com")
    root("ram", "GetUser", UserName="alice")
    root("ram", "ListUsers")
    root("ram", "UpdateUser", UserName="alice", NewComments="c")
    key = root("ram", "CreateAccessKey", UserName="alice")["AccessKey"]["AccessKeyId"]
    root("ram", "ListAccessKeys", UserName="alice")
    root("ram", "GetAccessKeyLastUsed", UserName="alice", UserAccessKeyId=key)
    root("ram", "CreateGroup", GroupName="g", Comments="c")
    root("ram", "GetGroup", GroupName="g")
    root("ram", "ListGroups")
    root("ram", "UpdateGroup", GroupName="g", NewComments="d")
    root("ram", "AddUserToGroup", GroupName="g", UserName="alice")
    root("ram", "ListGroupsForUser", UserName="alice")
    root("ram", "ListUsersForGroup", GroupName="g")
    doc = json.dumps({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:*", "Resource": "*"}]})
    root("ram", "CreatePolicy", PolicyName="p", PolicyDocument=doc, Description="d")
    root("ram", "CreatePolicyVersion", PolicyName="p", PolicyDocument=doc)
    root("ram", "GetPolicy", PolicyName="p", PolicyType="Custom")
    root("ram", "GetPolicy", PolicyName="AliyunIMMFullAccess", PolicyType="System")
    root("ram", "GetPolicyVersion", PolicyName="p", PolicyType="Custom", VersionId="v2")
    root("ram", "ListPolicyVersions", PolicyName="p", PolicyType="Custom")
    root("ram", "ListPolicies", MaxItems=5)
    root("ram", "UpdatePolicyDescription", PolicyName="p", NewDescription="e")
    root("ram", "AttachPolicyToUser", PolicyName="p", PolicyType="Custom", UserName="alice")
    root("ram", "AttachPolicyToGroup", PolicyName="AliyunSTSAssumeRoleAccess", PolicyType="System", GroupName="g")
    root("ram", "ListPoliciesForUser", UserName="alice")
    root("ram", "ListPoliciesForGroup", GroupName="g")
    root("ram", "CreateRole", RoleName="r", AssumeRolePolicyDocument=trust(f"acs:ram::{ACCOUNT}:user/alice"),
         Description="role")
    root("ram", "GetRole", RoleName="r")
    root("ram", "ListRoles")
    root("ram", "UpdateRole", RoleName="r", NewDescription="x")
    root("ram", "AttachPolicyToRole", PolicyName="p", PolicyType="Custom", RoleName="r")
    root("ram", "ListPoliciesForRole", RoleName="r")
    root("ram", "ListEntitiesForPolicy", PolicyName="p", PolicyType="Custom")
    root("ram", "CreateLoginProfile", UserName="alice", Password="LongEnough1")
    root("ram", "GetLoginProfile", UserName="alice")
    device = root("ram", "CreateVirtualMFADevice", VirtualMFADeviceName="phone")["VirtualMFADevice"]
    totp, now = pyotp.TOTP(device["Base32StringSeed"]), cloud.clock.now()
    root("ram", "BindMFADevice", SerialNumber=device["SerialNumber"], UserName="alice",
         AuthenticationCode1=totp.at(now - timedelta(seconds=30)), AuthenticationCode2=totp.at(now))
    root("ram", "GetUserMFAInfo", UserName="alice")
    root("ram", "ListVirtualMFADevices")
    root("ram", "UnbindMFADevice", UserName="alice")
    root("sts", "GetCallerIdentity")
    alice = Recorder(cloud, key)
    alice.seen = seen
    session = assume(alice, f"acs:ram::{ACCOUNT}:role/r")
    recorder = Recorder(cloud, session.key_id, session.token)
    recorder.seen = seen
    recorder("sts", "GetCallerIdentity")
    recorder("imm", "CreateProject", ProjectName="proj", Tag=json.dumps([{"Key": "k", "Value": "v"}]))
    recorder("imm", "GetProject", ProjectName="proj")
    recorder("imm", "ListProjects")
    recorder("imm", "UpdateProject", ProjectName="proj", Description="x")
    recorder("imm", "CreateDataset", ProjectName="proj", DatasetName="ds")
    recorder("imm", "GetDataset", ProjectName="proj", DatasetName="ds")
    recorder("imm", "ListDatasets", ProjectName="proj")
    recorder("imm", "UpdateDataset", ProjectName="proj", DatasetName="ds", Description="y")
    recorder("imm", "IndexFileMeta", ProjectName="proj", DatasetName="ds", File=json.dumps({"URI": "oss://b/a.jpg"}))
    task = recorder("imm", "CreateOfficeConversionTask", ProjectName="proj", TargetType="pdf", SourceURI="oss://b/a")
    recorder("imm", "CreateFigureClusteringTask", ProjectName="proj", DatasetName="ds")
    recorder("imm", "CreateFigureClustersMergingTask", ProjectName="proj", DatasetName="ds", To="a", From="b")
    recorder("imm", "GetTask", ProjectName="proj", TaskId=task["TaskId"], TaskType="OfficeConversion",
             RequestDefinition="true")
    recorder("imm", "ListTasks", ProjectName="proj")
    recorder("imm", "DeleteDataset", ProjectName="proj", DatasetName="ds")
    recorder("imm", "DeleteProject", ProjectName="proj")
    denied = make_user(Client(cloud, cloud.root_access_key[0]), "nobody")
    from immplay.cloud import CloudError
    try:
        denied("imm", "ListProjects")
    except CloudError as error:
        root("ram", "DecodeDiagnosticMessage",
             EncodedDiagnosticMessage=error.access_denied_detail["EncodedDiagnosticMessage"])
    return seen


@pytest.fixture(scope="module")
def responses():
    from immplay.cloud import Cloud
    return _walk(Cloud(seed=0))


def test_the_walk_covers_the_course_operations(responses):
    actions = {action for _, action, _ in responses}
    assert {"AssumeRole", "CreateProject", "GetTask", "DecodeDiagnosticMessage", "BindMFADevice"} <= actions


def test_sdk_models_read_back_every_field(responses):
    problems = []
    for service, action, body in responses:
        model = _model(service, action)().from_map(body)
        read_back = model.to_map()
        if read_back != body:
            problems.append(f"{service} {action}: sent {json.dumps(body, sort_keys=True)[:400]}\n"
                            f"   SDK read {json.dumps(read_back, sort_keys=True)[:400]}")
    assert not problems, "\n".join(problems)
