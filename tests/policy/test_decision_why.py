"""`Decision.why()`: one line saying what allowed a request or what stopped it.

Each case builds a decision with the public API and compares the whole line a trainee reads.
"""

from __future__ import annotations

from immplay import Policy, Principal, Request, evaluate, evaluate_assume_role

UID = "1509100000000000"
PROJECT = f"acs:imm:cn-shanghai:{UID}:project/p"
DATASET = f"{PROJECT}/dataset/d1"


def policy(*statements, name="p", kind="identity"):
    return Policy.parse({"Version": "1", "Statement": list(statements)}, name=name, kind=kind)


def allow(action, resource="*", **extra):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def test_an_allow_names_the_statement_that_allowed_it():
    d = evaluate(Request("imm:GetProject", PROJECT), [policy(allow("imm:Get*"), name="reader")])
    assert d.why() == "allowed by reader, 1st statement (Allow)"


def test_an_allow_through_the_project_says_so():
    d = evaluate(Request("imm:GetDataset", DATASET), [policy(allow("imm:GetDataset", PROJECT), name="p-grant")])
    assert d.why() == "allowed by p-grant, 1st statement (Allow), through its project's ARN"


def test_an_explicit_deny_names_the_deny_statement_and_its_line():
    text = '{"Version": "1", "Statement": [\n {"Effect": "Allow", "Action": "imm:*", "Resource": "*"},\n' \
           ' {"Effect": "Deny", "Action": "imm:Delete*", "Resource": "*"}]}'
    d = evaluate(Request("imm:DeleteProject", PROJECT), [Policy.parse(text, name="guard")])
    assert d.why() == "denied explicitly by guard, statement at line 3 (Deny)"


def test_an_implicit_deny_with_no_matching_action_says_so():
    d = evaluate(Request("imm:DeleteProject", PROJECT), [policy(allow("imm:Get*"), name="reader")])
    assert d.why() == "no Allow statement's Action matches imm:DeleteProject"


def test_an_implicit_deny_where_only_the_resource_misses_names_the_nearest_statement():
    d = evaluate(Request("imm:ListProjects", "*"), [policy(allow("imm:List*", f"acs:imm:*:{UID}:project/*"),
                                                           name="per-project")])
    assert d.why() == "per-project, 1st statement (Allow) matches the Action, not the Resource"


def test_an_implicit_deny_by_a_false_condition_quotes_the_condition():
    office = allow("imm:GetProject", Condition={"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}})
    d = evaluate(Request("imm:GetProject", PROJECT), [policy(office, name="office")])
    assert d.why() == ("office, 1st statement (Allow) matches, "
                       "but its Condition is false: IpAddress acs:SourceIp one of [\"10.0.0.0/8\"]: "
                       "the request has no acs:SourceIp -> false")


def test_a_session_policy_refusal_names_the_session_policy():
    role = policy(allow("imm:*"), name="role-policy")
    session = policy(allow("imm:GetProject", f"{PROJECT}/dataset/other"), name="session", kind="session")
    d = evaluate(Request("imm:GetDataset", DATASET), [role], session_policy=session)
    assert d.why() == ("the session policy does not allow it: "
                       "no Allow statement's Action matches imm:GetDataset")


def test_an_allow_through_a_session_names_one_statement_per_stage():
    role = policy(allow("imm:*"), name="role-policy")
    session = policy(allow("imm:GetDataset", DATASET), name="session", kind="session")
    d = evaluate(Request("imm:GetDataset", DATASET), [role], session_policy=session)
    assert d.why() == "allowed by session, 1st statement (Allow) and role-policy, 1st statement (Allow)"


def test_a_trust_policy_that_does_not_name_the_caller_says_so():
    role_arn = f"acs:ram::{UID}:role/r"
    trust = policy({"Effect": "Allow", "Action": "sts:AssumeRole",
                    "Principal": {"RAM": [f"acs:ram::{UID}:user/bob"]}}, name="trust", kind="trust")
    caller = policy(allow("sts:AssumeRole", role_arn), name="caller")
    d = evaluate_assume_role(role_arn, trust, Principal(type="RAM", id=f"acs:ram::{UID}:user/alice"), [caller])
    assert d.why() == ("the role's trust policy does not allow it: "
                       "trust, 1st statement (Allow) does not name the caller in its Principal")


def test_statements_that_open_on_one_line_are_told_apart_by_their_position():
    text = ('{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:*", "Resource": "*"}, '
            '{"Effect": "Deny", "Action": "imm:Delete*", "Resource": "*"}]}')
    d = evaluate(Request("imm:DeleteProject", PROJECT), [Policy.parse(text, name="minified")])
    assert d.why() == "denied explicitly by minified, statement at line 1, position 89 (Deny)"
    assert d.deciding[0].index == 1  # the 0-based index stays for tools


def test_a_statement_on_a_line_of_its_own_is_named_by_its_line_alone():
    text = '{"Version": "1", "Statement": [\n  {"Effect": "Allow", "Action": "imm:*", "Resource": "*"}]}'
    d = evaluate(Request("imm:GetProject", PROJECT), [Policy.parse(text, name="p")])
    assert str(d.deciding[0]) == "p, statement at line 2 (Allow)"
