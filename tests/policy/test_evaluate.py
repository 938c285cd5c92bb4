"""Evaluation semantics: wildcards, case, IMM hierarchy, conditions, Deny wins, session policies."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from immplay import Policy, PolicySet, Request, evaluate, imm_request

UID = "1509100000000000"
PROJECT = f"acs:imm:cn-shanghai:{UID}:project/p"
DATASET = f"{PROJECT}/dataset/d1"


def policy(*statements, name="p", kind="identity"):
    return Policy.parse({"Version": "1", "Statement": list(statements)}, name=name, kind=kind)


def allow(action, resource="*", **extra):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action, resource="*", **extra):
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def effect(request, *policies, session=None):
    return evaluate(request, list(policies), session_policy=session).effect


# --- wildcards and case ---------------------------------------------------------------------------

def unwrapped(text):
    """An explanation with its wrapped lines joined, so a test can look for a phrase across a wrap."""
    return " ".join(text.split())


def test_star_matches_any_run_of_characters_including_none():
    p = policy(allow("imm:Get*", f"acs:imm:*:{UID}:project/team-*"))
    assert effect(Request("imm:GetProject", f"acs:imm:cn-beijing:{UID}:project/team-"), p) == "Allow"
    assert effect(Request("imm:Get", f"acs:imm:cn-beijing:{UID}:project/team-a"), p) == "Allow"


def test_question_mark_matches_exactly_one_character():
    p = policy(allow("imm:GetProject", f"acs:imm:cn-shanghai:{UID}:project/p?"))
    assert effect(Request("imm:GetProject", PROJECT + "1"), p) == "Allow"
    assert effect(Request("imm:GetProject", PROJECT), p) == "ImplicitDeny"
    assert effect(Request("imm:GetProject", PROJECT + "12"), p) == "ImplicitDeny"


def test_a_dot_in_a_pattern_is_a_literal_dot():
    p = policy(allow("imm:GetProject", f"acs:imm:cn-shanghai:{UID}:project/a.b"))
    assert effect(Request("imm:GetProject", f"acs:imm:cn-shanghai:{UID}:project/a.b"), p) == "Allow"
    assert effect(Request("imm:GetProject", f"acs:imm:cn-shanghai:{UID}:project/axb"), p) == "ImplicitDeny"


def test_regex_characters_in_patterns_are_literal():
    p = policy(allow("imm:GetProject", f"acs:imm:cn-shanghai:{UID}:project/(a|b)+"))
    assert effect(Request("imm:GetProject", f"acs:imm:cn-shanghai:{UID}:project/a"), p) == "ImplicitDeny"
    assert effect(Request("imm:GetProject", f"acs:imm:cn-shanghai:{UID}:project/(a|b)+"), p) == "Allow"


def test_action_names_match_case_insensitively():
    p = policy(allow("IMM:getproject", PROJECT))
    assert effect(Request("imm:GetProject", PROJECT), p) == "Allow"
    assert effect(Request("Imm:GETPROJECT", PROJECT), p) == "Allow"


def test_resources_match_case_sensitively():
    p = policy(allow("imm:GetProject", f"acs:imm:cn-shanghai:{UID}:project/Media"))
    assert effect(Request("imm:GetProject", f"acs:imm:cn-shanghai:{UID}:project/media"), p) == "ImplicitDeny"


def test_star_in_region_matches_an_empty_region():
    p = policy(allow("sts:AssumeRole", f"acs:ram:*:{UID}:role/worker"))
    assert effect(Request("sts:AssumeRole", f"acs:ram::{UID}:role/worker"), p) == "Allow"


# --- the IMM resource hierarchy ------------------------------------------------------------------

def test_a_grant_on_a_project_covers_its_datasets():
    d = evaluate(Request("imm:CreateFigureClusteringTask", DATASET), [policy(allow("imm:*", PROJECT))])
    assert d.effect == "Allow"
    assert f"covers {PROJECT} (its project" in unwrapped(d.explain())


def test_a_grant_on_a_dataset_covers_only_that_dataset():
    p = policy(allow("imm:CreateFigureClusteringTask", DATASET))
    assert effect(Request("imm:CreateFigureClusteringTask", DATASET), p) == "Allow"
    assert effect(Request("imm:CreateFigureClusteringTask", f"{PROJECT}/dataset/d2"), p) == "ImplicitDeny"
    assert effect(Request("imm:GetProject", PROJECT), p) == "ImplicitDeny"


def test_a_deny_on_a_project_also_covers_its_datasets():
    p = policy(allow("imm:*", "*"), deny("imm:*", PROJECT))
    assert effect(Request("imm:GetDataset", DATASET), p) == "ExplicitDeny"


def test_a_project_prefix_pattern_does_not_leak_to_other_projects():
    p = policy(allow("imm:*", PROJECT))
    assert effect(Request("imm:GetProject", PROJECT + "2"), p) == "ImplicitDeny"
    assert effect(Request("imm:GetDataset", PROJECT + "2/dataset/d"), p) == "ImplicitDeny"


def test_operations_authorized_on_star_need_a_resource_matching_star():
    scoped = policy(allow("imm:*", f"acs:imm:*:{UID}:project/*"))
    assert effect(imm_request("ListProjects"), scoped) == "ImplicitDeny"
    assert effect(imm_request("ListProjects"), policy(allow("imm:ListProjects", "*"))) == "Allow"


def test_hierarchy_applies_only_to_imm_arns():
    p = policy(allow("oss:GetObject", "acs:oss:*:*:bucket"))
    assert effect(Request("oss:GetObject", "acs:oss:*:*:bucket/object"), p) == "ImplicitDeny"


# --- NotAction / NotResource ---------------------------------------------------------------------

def test_not_action_applies_to_every_other_action():
    p = policy({"Effect": "Allow", "NotAction": "imm:Delete*", "Resource": "*"})
    assert effect(Request("imm:GetProject", PROJECT), p) == "Allow"
    assert effect(Request("oss:GetObject", "*"), p) == "Allow"
    assert effect(Request("imm:DeleteProject", PROJECT), p) == "ImplicitDeny"


def test_not_resource_applies_to_every_other_resource_including_through_the_project():
    p = policy(allow("imm:*"), {"Effect": "Deny", "Action": "imm:*", "NotResource": PROJECT})
    assert effect(Request("imm:GetProject", PROJECT), p) == "Allow"
    assert effect(Request("imm:GetDataset", DATASET), p) == "Allow"
    assert effect(Request("imm:GetProject", PROJECT + "x"), p) == "ExplicitDeny"


# --- decisions across statements and policies ----------------------------------------------------

def test_explicit_deny_beats_allow_in_another_policy():
    d = evaluate(Request("imm:DeleteProject", PROJECT),
                 [policy(allow("imm:*"), name="full"), policy(deny("imm:Delete*"), name="no-deletes")])
    assert d.effect == "ExplicitDeny"
    assert not d.allowed
    assert [(r.policy, r.index, r.effect) for r in d.deciding] == [("no-deletes", 0, "Deny")]
    assert d.denied_by == "IdentityBasedPolicy"


def test_no_matching_statement_is_an_implicit_deny_with_no_deciding_statement():
    d = evaluate(Request("imm:GetProject", PROJECT), [policy(allow("oss:*"))])
    assert d.effect == "ImplicitDeny"
    assert d.deciding == ()
    assert "no statement in the identity policies allows it" in d.explain()


def test_no_policies_at_all_is_an_implicit_deny():
    assert effect(Request("imm:GetProject", PROJECT)) == "ImplicitDeny"


def test_every_applying_allow_is_listed_as_deciding():
    d = evaluate(Request("imm:GetProject", PROJECT), [policy(allow("imm:Get*"), allow("imm:GetProject", PROJECT))])
    assert [r.index for r in d.deciding] == [0, 1]


# --- conditions ----------------------------------------------------------------------------------

def with_condition(condition, action="imm:GetProject"):
    return policy(allow(action, "*", Condition=condition))


@pytest.mark.parametrize(("condition", "context", "expected"), [
    ({"StringEquals": {"acs:UserAgent": "cli"}}, {"acs:UserAgent": "cli"}, "Allow"),
    ({"StringEquals": {"acs:UserAgent": "cli"}}, {"acs:UserAgent": "CLI"}, "ImplicitDeny"),
    ({"StringEqualsIgnoreCase": {"acs:UserAgent": "cli"}}, {"acs:UserAgent": "CLI"}, "Allow"),
    ({"StringNotEquals": {"acs:UserAgent": ["a", "b"]}}, {"acs:UserAgent": "c"}, "Allow"),
    ({"StringNotEquals": {"acs:UserAgent": ["a", "b"]}}, {"acs:UserAgent": "b"}, "ImplicitDeny"),
    ({"StringNotEqualsIgnoreCase": {"acs:UserAgent": "A"}}, {"acs:UserAgent": "a"}, "ImplicitDeny"),
    ({"StringLike": {"acs:SourceVpc": "vpc-*"}}, {"acs:SourceVpc": "vpc-bp1"}, "Allow"),
    ({"StringLike": {"acs:SourceVpc": "vpc-?"}}, {"acs:SourceVpc": "vpc-bp1"}, "ImplicitDeny"),
    ({"StringNotLike": {"acs:SourceVpc": "vpc-*"}}, {"acs:SourceVpc": "other"}, "Allow"),
    ({"NumericLessThan": {"imm:Size": 10}}, {"imm:Size": "9.5"}, "Allow"),
    ({"NumericLessThan": {"imm:Size": 10}}, {"imm:Size": 10}, "ImplicitDeny"),
    ({"NumericLessThanEquals": {"imm:Size": "10"}}, {"imm:Size": 10}, "Allow"),
    ({"NumericGreaterThan": {"imm:Size": 10}}, {"imm:Size": 11}, "Allow"),
    ({"NumericGreaterThanEquals": {"imm:Size": 10}}, {"imm:Size": 9}, "ImplicitDeny"),
    ({"NumericEquals": {"imm:Size": 10}}, {"imm:Size": "10.0"}, "Allow"),
    ({"NumericNotEquals": {"imm:Size": 10}}, {"imm:Size": 11}, "Allow"),
    ({"DateLessThan": {"acs:CurrentTime": "2026-12-31T23:59:59Z"}}, {"acs:CurrentTime": "2026-06-01T00:00:00Z"}, "Allow"),
    ({"DateGreaterThan": {"acs:CurrentTime": "2026-12-31T23:59:59Z"}}, {"acs:CurrentTime": "2026-06-01T00:00:00Z"}, "ImplicitDeny"),
    ({"DateEquals": {"acs:CurrentTime": "2026-06-01T08:00:00+08:00"}}, {"acs:CurrentTime": "2026-06-01T00:00:00Z"}, "Allow"),
    ({"DateNotEquals": {"acs:CurrentTime": "2026-06-01T00:00:00Z"}}, {"acs:CurrentTime": "2026-06-02T00:00:00Z"}, "Allow"),
    ({"DateLessThanEquals": {"acs:CurrentTime": "2026-06-01T00:00:00Z"}},
     {"acs:CurrentTime": datetime(2026, 6, 1, tzinfo=timezone.utc)}, "Allow"),
    ({"DateGreaterThanEquals": {"acs:CurrentTime": "2026-06-01"}}, {"acs:CurrentTime": "2026-06-01T00:00:00Z"}, "Allow"),
    ({"Bool": {"acs:SecureTransport": "true"}}, {"acs:SecureTransport": True}, "Allow"),
    ({"Bool": {"acs:SecureTransport": True}}, {"acs:SecureTransport": "TRUE"}, "Allow"),
    ({"Bool": {"acs:SecureTransport": "true"}}, {"acs:SecureTransport": "false"}, "ImplicitDeny"),
    ({"IpAddress": {"acs:SourceIp": ["10.0.0.0/8", "192.168.1.7"]}}, {"acs:SourceIp": "192.168.1.7"}, "Allow"),
    ({"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}}, {"acs:SourceIp": "11.0.0.1"}, "ImplicitDeny"),
    ({"IpAddress": {"acs:SourceIp": "2001:db8::/32"}}, {"acs:SourceIp": "2001:db8::1"}, "Allow"),
    ({"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}}, {"acs:SourceIp": "::1"}, "ImplicitDeny"),
    ({"NotIpAddress": {"acs:SourceIp": "10.0.0.0/8"}}, {"acs:SourceIp": "11.0.0.1"}, "Allow"),
    ({"NotIpAddress": {"acs:SourceIp": "10.0.0.0/8"}}, {"acs:SourceIp": "10.9.9.9"}, "ImplicitDeny"),
])
def test_condition_operators_compare_typed_values(condition, context, expected):
    assert effect(Request("imm:GetProject", PROJECT, context), with_condition(condition)) == expected


@pytest.mark.parametrize(("condition", "bad_value"), [
    ({"NumericLessThan": {"imm:Size": 10}}, "ten"),
    ({"DateLessThan": {"acs:CurrentTime": "2026-12-31T00:00:00Z"}}, "tomorrow"),
    ({"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}}, "10.0.0.300"),
    ({"NotIpAddress": {"acs:SourceIp": "10.0.0.0/8"}}, "not-an-ip"),
    ({"Bool": {"acs:SecureTransport": "true"}}, "yes"),
    ({"StringEquals": {"acs:UserAgent": "x"}}, {"a": 1}),
    ({"NumericEquals": {"imm:Size": 1}}, True),
])
def test_a_request_value_of_the_wrong_type_makes_the_condition_false(condition, bad_value):
    key = next(iter(next(iter(condition.values()))))
    d = evaluate(Request("imm:GetProject", PROJECT, {key: bad_value}), [with_condition(condition)])
    assert d.effect == "ImplicitDeny"
    assert "which is not a valid" in d.explain()


def test_a_negated_condition_with_a_wrong_type_value_is_false_too():
    p = policy(deny("imm:*", "*", Condition={"NotIpAddress": {"acs:SourceIp": "10.0.0.0/8"}}), allow("imm:*"))
    assert effect(Request("imm:GetProject", PROJECT, {"acs:SourceIp": "garbage"}), p) == "Allow"


def test_values_under_one_key_are_ored():
    p = with_condition({"StringEquals": {"acs:UserAgent": ["a", "b"]}})
    assert effect(Request("imm:GetProject", PROJECT, {"acs:UserAgent": "b"}), p) == "Allow"


def test_keys_under_one_operator_are_anded():
    p = with_condition({"StringEquals": {"acs:UserAgent": "a", "acs:SourceVpc": "vpc-1"}})
    assert effect(Request("imm:GetProject", PROJECT, {"acs:UserAgent": "a", "acs:SourceVpc": "vpc-1"}), p) == "Allow"
    assert effect(Request("imm:GetProject", PROJECT, {"acs:UserAgent": "a", "acs:SourceVpc": "vpc-2"}), p) == "ImplicitDeny"


def test_operators_are_anded():
    p = with_condition({"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}, "Bool": {"acs:SecureTransport": "true"}})
    ok = {"acs:SourceIp": "10.1.1.1", "acs:SecureTransport": True}
    assert effect(Request("imm:GetProject", PROJECT, ok), p) == "Allow"
    assert effect(Request("imm:GetProject", PROJECT, {**ok, "acs:SecureTransport": False}), p) == "ImplicitDeny"


def test_a_missing_key_makes_the_condition_false_and_is_reported():
    d = evaluate(Request("imm:GetProject", PROJECT), [with_condition({"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}})])
    assert d.effect == "ImplicitDeny"
    assert d.missing_context == ("acs:SourceIp",)
    assert "the request has no acs:SourceIp" in d.explain()


def test_a_deny_conditioned_on_a_missing_key_does_not_fire():
    p = policy(allow("imm:*"), deny("imm:*", "*", Condition={"NotIpAddress": {"acs:SourceIp": "10.0.0.0/8"}}))
    d = evaluate(Request("imm:GetProject", PROJECT), [p])
    assert d.effect == "Allow"
    assert d.missing_context == ("acs:SourceIp",)


def test_condition_key_names_are_case_sensitive():
    p = with_condition({"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}})
    d = evaluate(Request("imm:GetProject", PROJECT, {"acs:sourceip": "10.1.1.1"}), [p])
    assert d.effect == "ImplicitDeny"
    assert d.missing_context == ("acs:SourceIp",)


def test_a_multi_valued_request_key_matches_if_any_value_matches():
    p = with_condition({"StringEquals": {"acs:ResourceTag/team": "media"}})
    assert effect(Request("imm:GetProject", PROJECT, {"acs:ResourceTag/team": ["doc", "media"]}), p) == "Allow"


# --- session policies ----------------------------------------------------------------------------

def test_a_session_policy_narrows_the_identity_policies():
    identity = policy(allow("imm:*"), name="role-policy")
    session = policy(allow("imm:Get*"), name="session", kind="session")
    assert effect(Request("imm:GetProject", PROJECT), identity, session=session) == "Allow"
    d = evaluate(Request("imm:DeleteProject", PROJECT), [identity], session_policy=session)
    assert d.effect == "ImplicitDeny"
    assert d.denied_by == "SessionPolicy"


def test_a_session_policy_cannot_grant_more_than_the_identity_policies():
    identity = policy(allow("imm:Get*"))
    session = policy(allow("imm:*"), kind="session")
    d = evaluate(Request("imm:DeleteProject", PROJECT), [identity], session_policy=session)
    assert d.effect == "ImplicitDeny"
    assert d.denied_by == "IdentityBasedPolicy"


def test_an_explicit_deny_in_the_session_policy_wins():
    session = policy(allow("imm:*"), deny("imm:Delete*"), kind="session")
    d = evaluate(Request("imm:DeleteProject", PROJECT), [policy(allow("imm:*"))], session_policy=session)
    assert d.effect == "ExplicitDeny"
    assert d.denied_by == "SessionPolicy"
    assert [r.kind for r in d.deciding] == ["session"]


def test_an_allow_through_both_stages_lists_both_deciding_statements():
    d = evaluate(Request("imm:GetProject", PROJECT), [policy(allow("imm:*"), name="role")],
                 session_policy=policy(allow("imm:Get*"), name="sess", kind="session"))
    assert [(r.policy, r.kind) for r in d.deciding] == [("sess", "session"), ("role", "identity")]
    assert "Stage: session policy" in d.explain()


# --- explanations --------------------------------------------------------------------------------

def test_explanation_says_why_each_statement_missed():
    p = Policy.parse(
        '{"Version": "1", "Statement": [\n'
        '  {"Effect": "Allow", "Action": "imm:List*", "Resource": "*"},\n'
        f'  {{"Effect": "Allow", "Action": "imm:GetProject", "Resource": "acs:imm:*:{UID}:project/other"}},\n'
        '  {"Effect": "Allow", "Action": "imm:GetProject", "Resource": "*",\n'
        '   "Condition": {"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}}}\n'
        ']}', name="trainee")
    text = unwrapped(evaluate(Request("imm:GetProject", PROJECT, {"acs:SourceIp": "192.168.0.1"}), [p]).explain())
    assert "Decision: ImplicitDeny" in text
    assert "trainee, statement at line 2 (Allow): does not apply - its Action [imm:List*] does not cover imm:GetProject" in text
    assert f"Resource: no match - none of [acs:imm:*:{UID}:project/other] matches {PROJECT}" in text
    assert 'IpAddress acs:SourceIp one of ["10.0.0.0/8"]: got "192.168.0.1" -> false' in text


def test_explanation_leads_with_what_decided_and_why():
    p = policy(allow("imm:ListProjects"), deny("imm:Delete*", PROJECT))
    lines = evaluate(Request("imm:DeleteProject", PROJECT), [p]).explain().splitlines()
    assert lines[0] == "Decision: ExplicitDeny - denied explicitly by p, 2nd statement (Deny)"
    assert lines[1] == "Why: its Action covers imm:DeleteProject and its Resource covers the request resource"


def test_implicit_deny_explanation_leads_with_the_allow_that_came_closest():
    p = policy(allow("imm:GetProject", f"acs:imm:*:{UID}:project/other"))
    lines = evaluate(Request("imm:GetProject", PROJECT), [p]).explain().splitlines()
    assert lines[1].startswith("Why: p, 1st statement (Allow) does not apply: its Resource does not match")


def test_a_statement_whose_action_does_not_match_takes_one_line():
    p = policy(allow("imm:GetProject", PROJECT), deny("imm:Delete*", PROJECT))
    lines = evaluate(Request("imm:GetProject", PROJECT), [p]).explain().splitlines()
    deny_lines = lines[lines.index("  p, 2nd statement (Deny): does not apply - its Action [imm:Delete*] does not "
                                   "cover imm:GetProject"):]
    assert deny_lines[1:] == [], "the Deny statement that did not matter should take exactly one line"


def test_long_explanation_lines_wrap_at_a_hundred_characters():
    long_project = f"acs:imm:cn-shanghai:{UID}:project/{'x' * 15}/dataset/{'y' * 15}"
    text = evaluate(Request("imm:GetDataset", long_project), [policy(allow("imm:GetDataset", long_project))]).explain()
    assert max(len(line) for line in text.splitlines()) <= 100
    assert f"{long_project} covers {long_project}" in unwrapped(text)


def test_the_project_line_appears_only_when_a_statement_grants_on_the_project():
    on_dataset = evaluate(Request("imm:GetDataset", DATASET), [policy(allow("imm:GetDataset", DATASET))]).explain()
    assert "also covered by a grant on its project" not in on_dataset
    on_project = evaluate(Request("imm:GetDataset", DATASET), [policy(allow("imm:GetDataset", PROJECT))]).explain()
    assert f"also covered by a grant on its project: {PROJECT}" in on_project


def test_a_project_grant_covering_a_dataset_is_marked_as_an_assumption():
    text = evaluate(Request("imm:GetDataset", DATASET), [policy(allow("imm:GetDataset", PROJECT))]).explain()
    assert "[Assumed — IMM resource hierarchy]" in unwrapped(text)


def test_policy_set_gives_the_same_decisions_as_evaluate():
    policies = [policy(allow("imm:Get*", PROJECT)), policy(deny("imm:GetDataset", DATASET))]
    ps = PolicySet(policies)
    for request in [Request("imm:GetProject", PROJECT), Request("imm:GetDataset", DATASET),
                    Request("imm:GetDataset", f"{PROJECT}/dataset/d2"), imm_request("ListProjects")]:
        assert ps.evaluate(request).effect == evaluate(request, policies).effect


def test_evaluate_rejects_a_non_request_clearly():
    with pytest.raises(TypeError, match="evaluate takes a Request"):
        evaluate(("imm:GetProject", PROJECT), [])  # type: ignore[arg-type]


def test_an_implicit_deny_with_no_matching_action_says_so_first():
    lines = evaluate(Request("imm:DeleteProject", PROJECT), [policy(allow("imm:Get*"))]).explain().splitlines()
    assert lines[1] == "Why: no Allow statement in the identity policies covers imm:DeleteProject"
