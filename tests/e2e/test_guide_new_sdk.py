"""The guide, walked with the new SDK family (V3 ACS3-HMAC-SHA256 signatures) through mock_cloud."""

from __future__ import annotations

import pytest
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_tea_openapi.exceptions import ClientException
from new_sdk import (
    Key,
    assume_role,
    attach_system_policy,
    create_project,
    create_role,
    create_user_with_key,
    detach_system_policy,
    get_project,
    imm,
    list_projects,
    ram,
    sts,
)

from immplay.stub.mock import mock_cloud

READ_PROJECTS = {"Version": "1", "Statement": [
    {"Effect": "Allow", "Action": ["imm:ListProjects", "imm:GetProject"], "Resource": "*"}]}


@pytest.fixture
def cloud():
    with mock_cloud() as emulated:
        yield emulated


@pytest.fixture
def root(cloud) -> Key:
    return Key(*cloud.root_access_key)


@pytest.fixture
def alice(root) -> Key:
    return create_user_with_key(root, "alice")


@pytest.fixture
def worker_role(cloud, root, alice) -> str:
    """The guide's role: trusts alice, may read projects; alice may call sts:AssumeRole."""
    create_project(root, "photos")
    arn = create_role(root, cloud.account_id, "imm-reader", "alice", READ_PROJECTS)
    attach_system_policy(root, "alice", "AliyunSTSAssumeRoleAccess")
    return arn


def denied(call) -> ClientException:
    with pytest.raises(ClientException) as caught:
        call()
    return caught.value


def test_full_access_allows_create_project_and_read_only_then_denies_it(root, alice):
    attach_system_policy(root, "alice", "AliyunIMMFullAccess")
    assert create_project(alice, "p1").project.project_name == "p1"

    detach_system_policy(root, "alice", "AliyunIMMFullAccess")
    attach_system_policy(root, "alice", "AliyunIMMReadOnlyAccess")
    error = denied(lambda: create_project(alice, "p2"))
    assert (error.status_code, error.code) == (403, "Forbidden.RAM")
    assert error.message.startswith("code: 403, User not authorized to operate on the specified APIs.")
    assert error.access_denied_detail["AuthAction"] == "imm:CreateProject"
    assert error.access_denied_detail["NoPermissionType"] == "ImplicitDeny"
    assert error.access_denied_detail["AuthPrincipalType"] == "SubUser"
    assert list_projects(alice) == ["p1"]


def test_user_without_policies_is_denied_with_the_request_id_of_the_answer(cloud, alice):
    error = denied(lambda: list_projects(alice))
    assert error.code == "Forbidden.RAM" and error.request_id
    assert cloud.trail[-1].error_code == "Forbidden.RAM"


def test_assumed_role_credentials_call_imm_allowed_and_denied(cloud, worker_role, alice):
    temp, body = assume_role(alice, worker_role, session="alice-session")
    assert temp.access_key_id.startswith("STS.") and temp.token
    assert body.assumed_role_user.arn == f"acs:ram::{cloud.account_id}:role/imm-reader/alice-session"
    assert body.credentials.expiration == "2026-01-01T01:00:00Z"

    assert list_projects(temp) == ["photos"]
    assert get_project(temp, "photos").project.project_name == "photos"
    error = denied(lambda: create_project(temp, "nope"))
    assert error.status_code == 403
    assert error.access_denied_detail["AuthPrincipalType"] == "AssumedRoleUser"
    assert error.access_denied_detail["AuthPrincipalDisplayName"] == "imm-reader:alice-session"


def test_caller_identity_of_an_assumed_role(cloud, worker_role, alice):
    temp, _ = assume_role(alice, worker_role)
    identity = sts(temp).get_caller_identity().body
    assert identity.identity_type == "AssumedRoleUser"
    assert identity.account_id == cloud.account_id


def test_session_policy_narrows_the_role(worker_role, alice):
    only_get = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:GetProject", "Resource": "*"}]}
    temp, _ = assume_role(alice, worker_role, policy=only_get)
    assert get_project(temp, "photos").project.project_name == "photos"
    error = denied(lambda: list_projects(temp))
    assert error.status_code == 403
    assert error.access_denied_detail["PolicyType"] == "SessionPolicy"


def test_temporary_credentials_expire_on_the_emulated_clock(cloud, worker_role, alice):
    temp, _ = assume_role(alice, worker_role, duration=900)
    cloud.clock.advance(seconds=901)
    error = denied(lambda: list_projects(temp))
    assert (error.status_code, error.code) == (400, "InvalidSecurityToken.Expired")


def test_sts_key_without_its_token_is_refused(worker_role, alice):
    temp, _ = assume_role(alice, worker_role)
    error = denied(lambda: list_projects(Key(temp.access_key_id, temp.secret)))
    assert error.code == "MissingSecurityToken"
    assert "SecurityToken is mandatory for this action." in error.message


def test_forged_and_foreign_security_tokens_are_refused(worker_role, alice):
    first, _ = assume_role(alice, worker_role, session="one")
    second, _ = assume_role(alice, worker_role, session="two")
    forged = denied(lambda: list_projects(Key(first.access_key_id, first.secret, "forged-token")))
    assert forged.code == "InvalidSecurityToken.Malformed"
    foreign = denied(lambda: list_projects(Key(first.access_key_id, first.secret, second.token)))
    assert foreign.code == "InvalidSecurityToken.MismatchWithAccessKey"


def test_wrong_secret_is_signature_does_not_match(alice):
    error = denied(lambda: list_projects(Key(alice.access_key_id, "wrong-secret")))
    assert (error.status_code, error.code) == (400, "SignatureDoesNotMatch")


def test_disabled_key_is_refused(root, alice):
    attach_system_policy(root, "alice", "AliyunIMMReadOnlyAccess")
    ram(root).update_access_key(ram_models.UpdateAccessKeyRequest(
        user_access_key_id=alice.access_key_id, status="Inactive", user_name="alice"))
    error = denied(lambda: list_projects(alice))
    assert (error.code, error.message.split(", ", 1)[1].split(" request id")[0]) == (
        "InvalidAccessKeyId.Inactive", "Specified access key is disabled.")


def test_root_cannot_assume_a_role(root, worker_role):
    error = denied(lambda: assume_role(root, worker_role))
    assert (error.status_code, error.code) == (403, "NoPermission")
    assert "Roles may not be assumed by root accounts." in error.message


def test_role_trusting_another_user_refuses_alice(cloud, root, alice):
    create_user_with_key(root, "bob")
    arn = create_role(root, cloud.account_id, "bobs-role", "bob", READ_PROJECTS)
    attach_system_policy(root, "alice", "AliyunSTSAssumeRoleAccess")
    error = denied(lambda: assume_role(alice, arn))
    assert (error.status_code, error.code) == (403, "NoPermission")
    assert error.access_denied_detail["AuthAction"] == "sts:AssumeRole"


def test_user_without_assume_role_permission_is_refused(cloud, root, alice):
    arn = create_role(root, cloud.account_id, "imm-reader", "alice", READ_PROJECTS)
    error = denied(lambda: assume_role(alice, arn))
    assert error.code == "NoPermission"


def test_unknown_action_is_api_not_found(root):
    from alibabacloud_tea_openapi import utils_models
    from darabonba.runtime import RuntimeOptions

    params = utils_models.Params(action="ListProjectz", version="2020-09-30", protocol="HTTPS", pathname="/",
                                 method="POST", auth_type="AK", style="RPC", req_body_type="formData",
                                 body_type="json")
    error = denied(lambda: imm(root).call_api(params, utils_models.OpenApiRequest(), RuntimeOptions()))
    assert (error.status_code, error.code) == (404, "InvalidApi.NotFound")


def test_v1_signatures_from_the_new_family_work_too(root):
    """Config(signature_algorithm="v2") makes the new family sign with HMAC-SHA1 v1."""
    create_project(root, "v1-project")
    client = imm(root, signature_algorithm="v2")
    from alibabacloud_imm20200930 import models as imm_models

    names = [p.project_name for p in client.list_projects(imm_models.ListProjectsRequest()).body.projects]
    assert names == ["v1-project"]


def test_same_seed_gives_the_same_keys_and_request_ids():
    def run() -> tuple[str, str, str]:
        with mock_cloud(seed=7) as cloud:
            root = Key(*cloud.root_access_key)
            alice = create_user_with_key(root, "alice")
            request_id = ram(root).list_users(ram_models.ListUsersRequest()).body.request_id
            return alice.access_key_id, alice.secret, request_id

    assert run() == run()


def test_the_trail_records_principal_action_resource_and_decision(cloud, root, alice):
    attach_system_policy(root, "alice", "AliyunIMMReadOnlyAccess")
    list_projects(alice)
    event = cloud.trail[-1]
    assert (event.principal_arn, event.action, event.resource, event.decision, event.error_code) == (
        f"acs:ram::{cloud.account_id}:user/alice", "imm:ListProjects", "*", "Allow", None)


def test_advancing_the_emulated_clock_never_makes_requests_stale(cloud, root):
    """Two clocks: freshness uses wall time, so a day on cloud.clock does not break signing."""
    cloud.clock.advance(hours=24)
    assert list_projects(root) == []
    assert cloud.trail[-1].time.isoformat().startswith("2026-01-02T00:00:00")


def test_refused_request_is_in_the_trail_with_its_request_id(cloud, alice):
    error = denied(lambda: list_projects(Key(alice.access_key_id, "wrong-secret")))
    event = cloud.trail[-1]
    assert (event.error_code, event.request_id) == ("SignatureDoesNotMatch", error.request_id)
    assert event.principal_arn == f"acs:ram::{cloud.account_id}:user/alice"


def test_replayed_request_is_refused_and_recorded(cloud, root):
    from immplay.stub.mock import mock_cloud as mock_type

    mock = mock_type(cloud=cloud)
    import requests

    with mock:
        list_projects(root)
        replay = requests.Session().send(mock.registry.calls[-1].request.copy())
    assert (replay.status_code, replay.json()["Code"]) == (400, "SignatureNonceUsed")
    assert cloud.trail[-1].error_code == "SignatureNonceUsed"


def test_guide_operation_with_a_space_in_a_query_parameter(cloud, root):
    """The HTTP library writes the space as '+'; the canonical query re-encodes it as %20."""
    from alibabacloud_imm20200930 import models as imm_models

    create_project(root, "docs")
    body = imm(root).create_office_conversion_task(imm_models.CreateOfficeConversionTaskRequest(
        project_name="docs", source_uri="oss://bucket/my report.docx", target_type="pdf",
        target_uri="oss://bucket/out/my report.pdf")).body
    assert body.task_id.startswith("OfficeConversion-")
    assert cloud.trail[-1].action == "imm:CreateOfficeConversionTask"


def test_parameters_in_a_v3_form_body_are_hashed_and_reach_the_cloud(cloud, root):
    """DeleteBatch sends its parameters as a form body; x-acs-content-sha256 covers it."""
    from alibabacloud_imm20200930 import models as imm_models

    create_project(root, "docs")
    error = denied(lambda: imm(root).delete_batch(imm_models.DeleteBatchRequest(project_name="docs", id="batch 1")))
    assert error.code == "OperationNotEmulated"          # authorized, then the cloud says it is not emulated
    assert cloud.trail[-1].resource == f"acs:imm:cn-shanghai:{cloud.account_id}:project/docs/batch/*"
