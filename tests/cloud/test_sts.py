"""STS AssumeRole and GetCallerIdentity (reference §5), and authentication of the keys they issue."""

from __future__ import annotations

import json

import pytest
from cloud_clients import Client, allow, assume, make_user, trust

ACCOUNT = "1509100000000000"
ALICE = f"acs:ram::{ACCOUNT}:user/alice"
ROLE = f"acs:ram::{ACCOUNT}:role/imm-worker"


@pytest.fixture
def alice(root):
    return make_user(root, "alice", "AliyunSTSAssumeRoleAccess")


@pytest.fixture
def role(root):
    root("ram", "CreateRole", RoleName="imm-worker", AssumeRolePolicyDocument=trust(ALICE), MaxSessionDuration=7200)
    root("ram", "AttachPolicyToRole", RoleName="imm-worker", PolicyType="System", PolicyName="AliyunIMMFullAccess")
    return ROLE


def test_assume_role_answers_credentials_and_assumed_role_user(alice, role, cloud):
    body = alice("sts", "AssumeRole", RoleArn=role, RoleSessionName="alice-session")
    creds = body["Credentials"]
    assert creds["AccessKeyId"].startswith("STS.") and creds["AccessKeySecret"] and creds["SecurityToken"]
    assert creds["Expiration"] == "2026-01-01T01:00:00Z"  # default 3600 s on the emulated clock
    role_id = cloud.state.roles["imm-worker"].role_id
    assert body["AssumedRoleUser"] == {"Arn": f"{ROLE}/alice-session", "AssumedRoleId": f"{role_id}:alice-session"}


def test_temporary_credentials_act_with_the_role_policies(alice, role):
    assert alice.fails("imm", "ListProjects").http_status == 403
    session = assume(alice, role)
    assert session("imm", "CreateProject", ProjectName="p")["Project"]["ProjectName"] == "p"


def test_root_may_not_assume_a_role(root, role):
    error = root.fails("sts", "AssumeRole", RoleArn=role, RoleSessionName="s1")
    assert (error.code, error.http_status, error.message) == ("NoPermission", 403,
                                                              "Roles may not be assumed by root accounts.")


def test_without_sts_assume_role_in_identity_policies_it_is_denied(root, role):
    bob = make_user(root, "bob")
    root("ram", "UpdateRole", RoleName="imm-worker", NewAssumeRolePolicyDocument=trust(f"acs:ram::{ACCOUNT}:root"))
    error = bob.fails("sts", "AssumeRole", RoleArn=role, RoleSessionName="s1")
    assert (error.code, error.http_status) == ("NoPermission", 403)
    detail = error.access_denied_detail
    assert detail["PolicyType"] == "AccountLevelIdentityBasedPolicy" and detail["NoPermissionType"] == "ImplicitDeny"


def test_a_trust_policy_naming_another_user_refuses_the_caller(root, role):
    bob = make_user(root, "bob", "AliyunSTSAssumeRoleAccess")
    error = bob.fails("sts", "AssumeRole", RoleArn=role, RoleSessionName="s1")
    assert (error.code, error.http_status) == ("NoPermission", 403)
    assert error.access_denied_detail["PolicyType"] == "ResourceBasedPolicy"


def test_identity_allow_on_another_role_is_not_enough(root, role):
    carol = make_user(root, "carol", custom=allow("sts:AssumeRole", f"acs:ram::{ACCOUNT}:role/other"))
    root("ram", "UpdateRole", RoleName="imm-worker", NewAssumeRolePolicyDocument=trust(f"acs:ram::{ACCOUNT}:root"))
    assert carol.fails("sts", "AssumeRole", RoleArn=role, RoleSessionName="s1").code == "NoPermission"


def test_external_id_reaches_the_trust_policy_condition(root, alice):
    document = trust(ALICE, condition={"StringEquals": {"sts:ExternalId": "abc-123"}})
    root("ram", "CreateRole", RoleName="imm-worker", AssumeRolePolicyDocument=document)
    assert alice.fails("sts", "AssumeRole", RoleArn=ROLE, RoleSessionName="s1").code == "NoPermission"
    assert alice.fails("sts", "AssumeRole", RoleArn=ROLE, RoleSessionName="s1", ExternalId="wrong").code == \
        "NoPermission"
    assert alice("sts", "AssumeRole", RoleArn=ROLE, RoleSessionName="s1", ExternalId="abc-123")["Credentials"]


@pytest.mark.parametrize("params, code", [
    ({"RoleArn": "arn:aws:iam::1:role/x"}, "InvalidParameter.RoleArn"),
    ({"RoleSessionName": "a"}, "InvalidParameter.RoleSessionName"),
    ({"RoleSessionName": "has space"}, "InvalidParameter.RoleSessionName"),
    ({"DurationSeconds": "899"}, "InvalidParameter.DurationSeconds"),
    ({"DurationSeconds": "7201"}, "InvalidParameter.DurationSeconds"),
    ({"Policy": "{not json"}, "InvalidParameter.PolicyGrammar"),
    ({"Policy": json.dumps(allow("imm:*", "x" * 2100))}, "InvalidParameter.PolicySize"),
])
def test_assume_role_parameter_errors(alice, role, params, code):
    merged = {"RoleArn": role, "RoleSessionName": "s1", **params}
    error = alice.fails("sts", "AssumeRole", **merged)
    assert (error.code, error.http_status) == (code, 400)


@pytest.mark.parametrize("seconds, expiration", [(900, "2026-01-01T00:15:00Z"), (7200, "2026-01-01T02:00:00Z")])
def test_duration_seconds_bounds_are_900_to_the_role_maximum(alice, role, seconds, expiration):
    body = alice("sts", "AssumeRole", RoleArn=role, RoleSessionName="s1", DurationSeconds=seconds)
    assert body["Credentials"]["Expiration"] == expiration


@pytest.mark.parametrize("seconds", ["899", "7201"])
def test_out_of_range_duration_gets_the_documented_message_even_above_the_role_maximum(alice, role, seconds):
    """STS's AssumeRole error table: one message for both bounds, also when the role's own maximum is hit."""
    error = alice.fails("sts", "AssumeRole", RoleArn=role, RoleSessionName="s1", DurationSeconds=seconds)
    assert (error.code, error.http_status) == ("InvalidParameter.DurationSeconds", 400)
    assert error.message == "The Min/Max value of DurationSeconds is 15min/1hr."


def test_unknown_role_is_entity_not_exist_404(alice):
    error = alice.fails("sts", "AssumeRole", RoleArn=f"acs:ram::{ACCOUNT}:role/nope", RoleSessionName="s1")
    assert (error.code, error.http_status) == ("EntityNotExist.Role", 404)


def test_session_policy_narrows_later_imm_calls(alice, role):
    session = assume(alice, role, Policy=json.dumps(allow("imm:ListProjects")))
    assert session("imm", "ListProjects") == {"Projects": []}
    error = session.fails("imm", "CreateProject", ProjectName="p")
    assert error.http_status == 403
    assert error.access_denied_detail["PolicyType"] == "SessionPolicy"
    assert error.access_denied_detail["AuthPrincipalType"] == "AssumedRoleUser"
    assert error.access_denied_detail["AuthPrincipalDisplayName"] == "imm-worker:s1"


def test_session_policy_cannot_widen_the_role(root, alice):
    root("ram", "CreateRole", RoleName="imm-worker", AssumeRolePolicyDocument=trust(ALICE))
    root("ram", "AttachPolicyToRole", RoleName="imm-worker", PolicyType="System",
         PolicyName="AliyunIMMReadOnlyAccess")
    session = assume(alice, ROLE, Policy=json.dumps(allow("imm:*")))
    assert session("imm", "ListProjects") == {"Projects": []}
    assert session.fails("imm", "CreateProject", ProjectName="p").access_denied_detail["PolicyType"] == \
        "AccountLevelIdentityBasedPolicy"


def test_role_chaining_is_allowed_with_the_role_as_principal(root, alice, role):
    root("ram", "CreateRole", RoleName="second", AssumeRolePolicyDocument=trust(ROLE))
    root("ram", "AttachPolicyToRole", RoleName="imm-worker", PolicyType="System",
         PolicyName="AliyunSTSAssumeRoleAccess")
    first = assume(alice, role)
    second = first("sts", "AssumeRole", RoleArn=f"acs:ram::{ACCOUNT}:role/second", RoleSessionName="chained")
    assert second["AssumedRoleUser"]["Arn"] == f"acs:ram::{ACCOUNT}:role/second/chained"


def test_expired_token_after_clock_advance(alice, role, cloud):
    session = assume(alice, role, DurationSeconds=900)
    assert session("imm", "ListProjects") == {"Projects": []}
    cloud.clock.advance(seconds=900)
    error = session.fails("imm", "ListProjects")
    assert (error.code, error.http_status) == ("InvalidSecurityToken.Expired", 400)


def test_sts_key_without_its_token_is_missing_security_token(alice, role, cloud):
    session = assume(alice, role)
    error = Client(cloud, session.key_id).fails("imm", "ListProjects")
    assert (error.code, error.http_status) == ("MissingSecurityToken", 400)


def test_token_of_another_session_is_a_mismatch(alice, role, cloud):
    one, two = assume(alice, role, "one"), assume(alice, role, "two")
    error = Client(cloud, one.key_id, two.token).fails("imm", "ListProjects")
    assert error.code == "InvalidSecurityToken.MismatchWithAccessKey"


def test_forged_token_is_malformed(alice, role, cloud):
    session = assume(alice, role)
    error = Client(cloud, session.key_id, "CAISforged").fails("imm", "ListProjects")
    assert error.code == "InvalidSecurityToken.Malformed"


def test_deleting_the_role_revokes_its_sessions(root, alice, role, cloud):
    session = assume(alice, role)
    root("ram", "DetachPolicyFromRole", RoleName="imm-worker", PolicyType="System", PolicyName="AliyunIMMFullAccess")
    root("ram", "DeleteRole", RoleName="imm-worker")
    assert session.fails("imm", "ListProjects").code == "InvalidAccessKeyId.NotFound"


def test_get_caller_identity_for_account_user_and_role(root, alice, role, cloud):
    assert root("sts", "GetCallerIdentity") == {"IdentityType": "Account", "AccountId": ACCOUNT, "UserId": ACCOUNT,
                                                "PrincipalId": ACCOUNT, "Arn": f"acs:ram::{ACCOUNT}:root"}
    user = alice("sts", "GetCallerIdentity")
    assert (user["IdentityType"], user["Arn"]) == ("RAMUser", ALICE)
    assert user["UserId"] == cloud.state.users["alice"].user_id
    session = assume(alice, role, "s1")
    me = session("sts", "GetCallerIdentity")
    role_id = cloud.state.roles["imm-worker"].role_id
    assert me == {"IdentityType": "AssumedRoleUser", "AccountId": ACCOUNT, "RoleId": role_id,
                  "PrincipalId": f"{role_id}:s1", "Arn": f"acs:ram::{ACCOUNT}:assumed-role/imm-worker/s1"}


# --- long-term key authentication ----------------------------------------------------------------

def test_unknown_access_key_is_not_found(cloud):
    error = Client(cloud, "LTAI5tUNKNOWN").fails("imm", "ListProjects")
    assert (error.code, error.http_status) == ("InvalidAccessKeyId.NotFound", 400)


def test_inactive_key_is_refused_until_reactivated(root, cloud):
    alice = make_user(root, "alice", "AliyunIMMReadOnlyAccess")
    root("ram", "UpdateAccessKey", UserName="alice", UserAccessKeyId=alice.key_id, Status="Inactive")
    error = alice.fails("imm", "ListProjects")
    assert (error.code, error.http_status, error.message) == ("InvalidAccessKeyId.Inactive", 400,
                                                              "Specified access key is disabled.")
    root("ram", "UpdateAccessKey", UserName="alice", UserAccessKeyId=alice.key_id, Status="Active")
    assert alice("imm", "ListProjects") == {"Projects": []}


def test_a_key_whose_user_is_gone_is_refused(root, cloud):
    alice = make_user(root, "alice", "AliyunIMMReadOnlyAccess")
    del cloud.state.users["alice"]  # only reachable through a hand-edited state file
    assert alice.fails("imm", "ListProjects").code == "InvalidAccessKeyId.NotFound"


def test_deleted_key_is_refused(root):
    alice = make_user(root, "alice", "AliyunIMMReadOnlyAccess")
    root("ram", "DeleteAccessKey", UserName="alice", UserAccessKeyId=alice.key_id)
    assert alice.fails("imm", "ListProjects").code == "InvalidAccessKeyId.NotFound"


def test_signing_secret_is_the_key_secret_and_unknown_keys_are_refused(root, cloud):
    from immplay.cloud import CloudError
    key_id, secret = cloud.root_access_key
    assert cloud.signing_secret(key_id) == secret
    with pytest.raises(CloudError) as caught:
        cloud.signing_secret("LTAI5tUNKNOWN")
    assert caught.value.code == "InvalidAccessKeyId.NotFound"
