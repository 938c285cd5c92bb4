"""Seeded determinism, export/import of the whole account, the access trail, diagnostic messages."""

from __future__ import annotations

import base64
import json

import pytest
from cloud_clients import Client, allow, assume, make_user, trust

from immplay.cloud import TRAIL_LIMIT, ApiCall, Cloud
from immplay.cloud.trail import Trail, TrailEvent

ACCOUNT = "1509100000000000"
ALICE = f"acs:ram::{ACCOUNT}:user/alice"


def _scenario(cloud: Cloud) -> dict:
    """A little course walk-through; returns every id and secret it produced."""
    root = Client(cloud, cloud.root_access_key[0])
    alice = make_user(root, "alice", "AliyunSTSAssumeRoleAccess")
    root("ram", "CreateRole", RoleName="worker", AssumeRolePolicyDocument=trust(ALICE))
    root("ram", "AttachPolicyToRole", RoleName="worker", PolicyType="System", PolicyName="AliyunIMMFullAccess")
    creds = alice("sts", "AssumeRole", RoleArn=f"acs:ram::{ACCOUNT}:role/worker", RoleSessionName="s1")
    session = Client(cloud, creds["Credentials"]["AccessKeyId"], creds["Credentials"]["SecurityToken"])
    session("imm", "CreateProject", ProjectName="p")
    task = session("imm", "CreateOfficeConversionTask", ProjectName="p", TargetType="pdf", SourceURI="oss://b/a")
    mfa = root("ram", "CreateVirtualMFADevice", VirtualMFADeviceName="phone")["VirtualMFADevice"]
    return {"root": cloud.root_access_key, "alice_key": alice.key_id,
            "alice_secret": cloud.signing_secret(alice.key_id), "user_id": cloud.state.users["alice"].user_id,
            "role_id": cloud.state.roles["worker"].role_id, "creds": creds, "task": task,
            "mfa_seed": mfa["Base32StringSeed"], "request_ids": [cloud.new_request_id() for _ in range(3)]}


def test_same_seed_gives_identical_keys_ids_tokens_and_request_ids():
    assert _scenario(Cloud(seed=7)) == _scenario(Cloud(seed=7))


def test_different_seeds_give_different_keys():
    assert Cloud(seed=1).root_access_key != Cloud(seed=2).root_access_key


def test_failed_calls_do_not_shift_later_keys():
    quiet, noisy = Cloud(seed=3), Cloud(seed=3)
    for _ in range(5):
        noisy.new_request_id()  # request ids come from their own stream
    assert _scenario(quiet)["alice_key"] == _scenario(noisy)["alice_key"]


def test_reset_returns_to_a_fresh_identical_account(cloud, root):
    first = cloud.root_access_key
    root("ram", "CreateUser", UserName="alice")
    cloud.clock.advance(seconds=60)
    cloud.reset()
    assert cloud.root_access_key == first and cloud.state.users == {} and len(cloud.trail) == 0
    assert cloud.clock.now().isoformat() == "2026-01-01T00:00:00+00:00"


def test_wall_clock_mode_starts_at_wall_time():
    from datetime import datetime, timezone
    cloud = Cloud(seed=0, clock="wall")
    assert abs((cloud.clock.now() - datetime.now(timezone.utc)).total_seconds()) < 5


def test_export_import_round_trip_continues_identically(tmp_path):
    original = Cloud(seed=5)
    _scenario(original)
    original.clock.advance(seconds=120)
    path = original.export_state(tmp_path / "account.json")
    restored = Cloud.import_state(path)
    assert restored.state == original.state
    assert restored.clock.now() == original.clock.now()
    assert restored.root_access_key == original.root_access_key
    # the id streams continue where they stopped: the next key and RequestId are the same
    assert restored.new_request_id() == original.new_request_id()
    a, b = Client(original, original.root_access_key[0]), Client(restored, restored.root_access_key[0])
    assert a("ram", "CreateAccessKey", UserName="alice") == b("ram", "CreateAccessKey", UserName="alice")


def test_imported_state_authorizes_like_the_original(tmp_path):
    original = Cloud(seed=5)
    produced = _scenario(original)
    restored = Cloud.import_state(original.export_state(tmp_path / "s.json"))
    creds = produced["creds"]["Credentials"]
    session = Client(restored, creds["AccessKeyId"], creds["SecurityToken"])
    assert [p["ProjectName"] for p in session("imm", "ListProjects")["Projects"]] == ["p"]
    task = produced["task"]
    assert session("imm", "GetTask", ProjectName="p", TaskId=task["TaskId"], TaskType="OfficeConversion")[
        "Status"] == "Succeeded"


def test_load_state_refuses_other_files(tmp_path, cloud):
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"format": "something-else"}))
    with pytest.raises(ValueError, match="not an immplay cloud state file"):
        cloud.load_state(path)


# --- trail ---------------------------------------------------------------------------------------

def test_trail_records_principal_action_resource_decision_and_error(cloud, root):
    reader = make_user(root, "reader", "AliyunIMMReadOnlyAccess")
    reader("imm", "ListProjects")
    reader.fails("imm", "CreateProject", ProjectName="p")
    allowed, denied = cloud.trail[-2], cloud.trail[-1]
    assert (allowed.principal_arn, allowed.action, allowed.resource, allowed.decision, allowed.error_code) == (
        f"acs:ram::{ACCOUNT}:user/reader", "imm:ListProjects", "*", "Allow", None)
    assert (denied.action, denied.resource, denied.decision, denied.error_code) == (
        "imm:CreateProject", f"acs:imm:cn-shanghai:{ACCOUNT}:project/p", "ImplicitDeny", "Forbidden.RAM")
    assert denied.time == cloud.clock.now()
    assert "ImplicitDeny" in denied.explain() and "AliyunIMMReadOnlyAccess" in denied.explain()
    assert "root" in cloud.trail[0].explain()


def test_whoami_answers_like_get_caller_identity_without_a_trail_entry(cloud, root):
    reader = make_user(root, "reader")
    before = len(cloud.trail)
    assert cloud.whoami(reader.key_id)["Arn"] == f"acs:ram::{ACCOUNT}:user/reader"
    assert len(cloud.trail) == before


def test_trail_records_authentication_failures_and_rejections(cloud):
    Client(cloud, "LTAI5tUNKNOWN").fails("imm", "ListProjects")
    event = cloud.trail[-1]
    assert (event.principal_arn, event.decision, event.error_code) == (None, None, "InvalidAccessKeyId.NotFound")
    cloud.record_rejected(None, cloud.root_access_key[0], "imm", "ListProjects", "SignatureDoesNotMatch",
                          request_id="REQ-1")
    event = cloud.trail[-1]
    assert (event.principal_arn, event.action, event.error_code, event.request_id, event.decision) == (
        f"acs:ram::{ACCOUNT}:root", "imm:ListProjects", "SignatureDoesNotMatch", "REQ-1", None)


def test_trail_carries_the_request_id_the_wire_answers_with(cloud):
    request_id = cloud.new_request_id()
    cloud.dispatch(ApiCall("imm", "ListProjects", access_key_id=cloud.root_access_key[0], request_id=request_id))
    assert cloud.trail[-1].request_id == request_id


def test_assume_role_is_in_the_trail_with_the_role_arn(cloud, root):
    alice = make_user(root, "alice", "AliyunSTSAssumeRoleAccess")
    root("ram", "CreateRole", RoleName="worker", AssumeRolePolicyDocument=trust(ALICE))
    session = assume(alice, f"acs:ram::{ACCOUNT}:role/worker", "s9")
    assume_event = cloud.trail[-1]
    assert (assume_event.action, assume_event.resource, assume_event.decision) == (
        "sts:AssumeRole", f"acs:ram::{ACCOUNT}:role/worker", "Allow")
    session.fails("imm", "ListProjects")
    assert cloud.trail[-1].principal_arn == f"acs:ram::{ACCOUNT}:role/worker/s9"


def test_trail_keeps_only_the_last_events():
    trail = Trail(limit=3)
    for n in range(5):
        trail.append(TrailEvent(None, None, f"imm:Op{n}", None, None, None))
    assert [e.action for e in trail] == ["imm:Op2", "imm:Op3", "imm:Op4"]
    assert TRAIL_LIMIT == 10_000


def test_unknown_api_is_invalid_api_not_found_404(root):
    error = root.fails("ram", "createUser", UserName="x")  # API names are case-sensitive
    assert (error.code, error.http_status) == ("InvalidApi.NotFound", 404)


# --- diagnostic messages -------------------------------------------------------------------------

def test_decode_diagnostic_message_round_trip(root):
    deny = {"Effect": "Deny", "Action": "imm:DeleteProject", "Resource": "*"}
    policy = allow("imm:*")
    policy["Statement"].append(deny)
    user = make_user(root, "u", custom=policy)
    error = user.fails("imm", "DeleteProject", ProjectName="p")
    detail = error.access_denied_detail
    assert (detail["NoPermissionType"], detail["PolicyType"]) == ("ExplicitDeny", "AccountLevelIdentityBasedPolicy")
    decoded = root("ram", "DecodeDiagnosticMessage",
                   EncodedDiagnosticMessage=detail["EncodedDiagnosticMessage"])["DecodedDiagnosticMessage"]
    assert decoded["AuthAction"] == "imm:DeleteProject"
    assert decoded["AuthResource"] == f"acs:imm:cn-shanghai:{ACCOUNT}:project/p"
    assert decoded["ExplicitDeny"] is True
    assert decoded["AuthPrincipal"] == {"AuthPrincipalType": "SubUser", "AuthPrincipalOwnerId": ACCOUNT,
                                        "AuthPrincipalDisplayName": "u"}
    assert decoded["MatchedPolicies"] == [{"PolicyType": "Custom", "PolicyIdentifier": "u-policy",
                                           "PolicyVersion": "v1", "Effect": "Deny", "AttachedEntityType": "User",
                                           "AttachedScope": "Account"}]
    keys = {c["ConditionKey"] for c in decoded["AuthConditions"]}
    assert {"acs:SourceIp", "acs:CurrentTime", "acs:SecureTransport"} <= keys


def test_the_same_denial_encodes_to_the_same_message(root):
    user = make_user(root, "u")
    first = user.fails("imm", "ListProjects").access_denied_detail["EncodedDiagnosticMessage"]
    second = user.fails("imm", "ListProjects").access_denied_detail["EncodedDiagnosticMessage"]
    assert first == second


def test_decode_refuses_text_the_cloud_did_not_encode(root):
    bogus = base64.b64encode(b'{"hello": 1}').decode()
    for text in ("not base64!", bogus):
        error = root.fails("ram", "DecodeDiagnosticMessage", EncodedDiagnosticMessage=text)
        assert (error.code, error.http_status) == ("InvalidParameter.EncodedDiagnosticMessage", 400)


def test_seed_zero_values_are_stable_across_runs_and_processes():
    """Golden values: notebooks print these, nbval compares them. A change here changes every
    committed notebook output, so it must be deliberate."""
    cloud = Cloud(seed=0)
    assert cloud.root_access_key == ("LTAI5tSvMBARp6l3MQBozMQe", "tn6cJJCtXSf31lhNtLVfcn7zy2Le71")
    assert cloud.new_request_id() == "19CED6A1-CDAC-3E67-72EA-2E7F444D2E86"
