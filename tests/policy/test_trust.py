"""AssumeRole: the caller's identity policies AND the role's trust policy must both allow."""

from __future__ import annotations

from immplay import Policy, Principal, evaluate_assume_role, system_policy

UID = "1509100000000000"
OTHER = "1509200000000000"
ROLE = f"acs:ram::{UID}:role/imm-worker"
ALICE = Principal("RAM", f"acs:ram::{UID}:user/alice")
BOB = Principal("RAM", f"acs:ram::{UID}:user/bob")


def trust(*principals_and_conditions, effect="Allow"):
    statements = []
    for principal, condition in principals_and_conditions:
        st = {"Effect": effect, "Action": "sts:AssumeRole", "Principal": principal}
        if condition:
            st["Condition"] = condition
        statements.append(st)
    return Policy.parse({"Version": "1", "Statement": statements}, name="trust", kind="trust")


ASSUME_ANY = system_policy("AliyunSTSAssumeRoleAccess")
ACCOUNT_TRUST = trust(({"RAM": [f"acs:ram::{UID}:root"]}, None))


def test_root_principal_trusts_every_user_of_the_account_who_may_assume():
    d = evaluate_assume_role(ROLE, ACCOUNT_TRUST, ALICE, [ASSUME_ANY])
    assert d.effect == "Allow"
    assert [r.kind for r in d.deciding] == ["identity", "trust"]


def test_trust_alone_is_not_enough_without_identity_permission():
    d = evaluate_assume_role(ROLE, ACCOUNT_TRUST, ALICE, [])
    assert d.effect == "ImplicitDeny"
    assert d.denied_by == "IdentityBasedPolicy"


def test_identity_permission_alone_is_not_enough_without_trust():
    d = evaluate_assume_role(ROLE, trust(({"RAM": f"acs:ram::{UID}:user/bob"}, None)), ALICE, [ASSUME_ANY])
    assert d.effect == "ImplicitDeny"
    assert d.denied_by == "ResourceBasedPolicy"
    assert "caller acs:ram::1509100000000000:user/alice" in " ".join(d.explain().split())


def test_a_named_user_is_trusted_and_nobody_else():
    t = trust(({"RAM": [f"acs:ram::{UID}:user/alice"]}, None))
    assert evaluate_assume_role(ROLE, t, ALICE, [ASSUME_ANY]).allowed
    assert not evaluate_assume_role(ROLE, t, BOB, [ASSUME_ANY]).allowed


def test_another_accounts_root_does_not_trust_this_accounts_users():
    t = trust(({"RAM": [f"acs:ram::{OTHER}:root"]}, None))
    assert evaluate_assume_role(ROLE, t, ALICE, [ASSUME_ANY]).effect == "ImplicitDeny"
    assert evaluate_assume_role(ROLE, t, Principal("RAM", f"acs:ram::{OTHER}:user/eve"), [ASSUME_ANY]).allowed


def test_a_role_session_can_be_trusted_by_its_role_arn():
    t = trust(({"RAM": [f"acs:ram::{UID}:role/ci"]}, None))
    assert evaluate_assume_role(ROLE, t, Principal("RAM", f"acs:ram::{UID}:role/ci"), [ASSUME_ANY]).allowed


def test_service_principals_need_only_the_trust_policy():
    t = trust(({"Service": ["imm.aliyuncs.com"]}, None))
    assert evaluate_assume_role(ROLE, t, Principal("Service", "imm.aliyuncs.com")).allowed
    assert not evaluate_assume_role(ROLE, t, Principal("Service", "ecs.aliyuncs.com")).allowed
    assert not evaluate_assume_role(ROLE, t, ALICE, [ASSUME_ANY]).allowed


def test_federated_principals_with_a_saml_recipient_condition():
    idp = f"acs:ram::{UID}:saml-provider/corp"
    t = trust(({"Federated": [idp]},
               {"StringEquals": {"saml:recipient": "https://signin.alibabacloud.com/saml-role/sso"}}))
    ok = {"saml:recipient": "https://signin.alibabacloud.com/saml-role/sso"}
    assert evaluate_assume_role(ROLE, t, Principal("Federated", idp), context=ok).allowed
    assert not evaluate_assume_role(ROLE, t, Principal("Federated", idp)).allowed


def test_external_id_condition_must_match():
    t = trust(({"RAM": [f"acs:ram::{UID}:root"]}, {"StringEquals": {"sts:ExternalId": "abcd1234"}}))
    assert evaluate_assume_role(ROLE, t, ALICE, [ASSUME_ANY], context={"sts:ExternalId": "abcd1234"}).allowed
    wrong = evaluate_assume_role(ROLE, t, ALICE, [ASSUME_ANY], context={"sts:ExternalId": "nope"})
    assert wrong.effect == "ImplicitDeny" and wrong.denied_by == "ResourceBasedPolicy"
    missing = evaluate_assume_role(ROLE, t, ALICE, [ASSUME_ANY])
    assert missing.missing_context == ("sts:ExternalId",)


def test_a_deny_in_the_trust_policy_wins():
    t = Policy.parse({"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": f"acs:ram::{UID}:root"}},
        {"Effect": "Deny", "Action": "sts:AssumeRole", "Principal": {"RAM": f"acs:ram::{UID}:user/alice"}},
    ]}, kind="trust")
    d = evaluate_assume_role(ROLE, t, ALICE, [ASSUME_ANY])
    assert d.effect == "ExplicitDeny" and d.denied_by == "ResourceBasedPolicy"
    assert evaluate_assume_role(ROLE, t, BOB, [ASSUME_ANY]).allowed


def test_identity_permission_can_be_scoped_to_one_role():
    only_worker = Policy.parse({"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": f"acs:ram:*:{UID}:role/imm-worker"}]})
    assert evaluate_assume_role(ROLE, ACCOUNT_TRUST, ALICE, [only_worker]).allowed
    other_role = f"acs:ram::{UID}:role/admin"
    assert not evaluate_assume_role(other_role, ACCOUNT_TRUST, ALICE, [only_worker]).allowed


def test_a_session_policy_of_the_calling_role_session_narrows_assume_role_too():
    session = Policy.parse({"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": "imm:*", "Resource": "*"}]}, kind="session")
    caller = Principal("RAM", f"acs:ram::{UID}:role/ci")
    t = trust(({"RAM": f"acs:ram::{UID}:role/ci"}, None))
    d = evaluate_assume_role(ROLE, t, caller, [ASSUME_ANY], session_policy=session)
    assert d.effect == "ImplicitDeny" and d.denied_by == "SessionPolicy"
