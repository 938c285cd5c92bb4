"""``DecisionGrid`` answers exactly what ``evaluate`` answers, request by request.

How results are compared: random policies (Action and NotAction with wildcards, Resource and
NotResource over projects, datasets, triggers and ``*``, Allow and Deny, conditions on
``acs:SourceIp`` and ``acs:SecureTransport``, set qualifiers over a multi-valued ``acs:SourceVpc``),
random resource lists (duplicates included) and random contexts (empty, or carrying the keys). For every action and resource the grid's effect must
equal ``immplay.evaluate(Request(action, resource, context), policies).effect``, and its masks must
agree with its effects.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from immplay.policy import Policy, Request, evaluate
from immplay.policy.bulk import DecisionGrid, set_bits

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ACCOUNT = "1509100000000000"

ACTIONS = ["imm:GetProject", "imm:CreateProject", "imm:ListProjects", "imm:GetDataset",
           "imm:CreateFigureClusteringTask", "imm:CreateTrigger", "imm:BatchIndexFileMeta", "oss:GetObject"]
ACTION_PATTERNS = ["imm:Get*", "imm:*Project*", "imm:Create*", "imm:*", "imm:?etDataset", "IMM:getproject",
                   "*", "oss:*", *ACTIONS]
RESOURCES = ["*", f"acs:imm:cn-shanghai:{ACCOUNT}:project/p", f"acs:imm:cn-shanghai:{ACCOUNT}:project/q",
             f"acs:imm:cn-beijing:{ACCOUNT}:project/p", f"acs:imm:cn-shanghai:{ACCOUNT}:project/p/dataset/d",
             f"acs:imm:cn-shanghai:{ACCOUNT}:project/q/dataset/e", f"acs:imm:cn-shanghai:{ACCOUNT}:project/p/trigger/*",
             "acs:oss:*:*:bucket/a.jpg"]
RESOURCE_PATTERNS = ["*", "acs:imm:*:*:project/p", "acs:imm:*:*:project/*", "acs:imm:cn-shanghai:*:project/p/*",
                     "acs:imm:*:*:project/p/dataset/d", "acs:imm:*:*:project/?", "acs:imm:*:*:*", "acs:oss:*:*:*",
                     f"acs:imm:cn-beijing:{ACCOUNT}:project/p", *RESOURCES]
CONDITIONS = [{"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}}, {"Bool": {"acs:SecureTransport": "true"}},
              {"NotIpAddress": {"acs:SourceIp": ["192.168.0.0/16"]}},
              {"StringLike": {"acs:AccessId": "STS.*"}, "Bool": {"acs:SecureTransport": "false"}},
              {"ForAnyValue:StringEquals": {"acs:SourceVpc": ["vpc-1", "vpc-2"]}},
              {"ForAllValues:StringLike": {"acs:SourceVpc": "vpc-*"}}]
CONTEXTS = [{}, {"acs:SourceIp": "10.1.2.3", "acs:SecureTransport": "true"},
            {"acs:SourceIp": "192.168.1.1", "acs:SecureTransport": "false", "acs:AccessId": "STS.abc"},
            {"acs:SourceIp": "not-an-ip", "acs:SourceVpc": ["vpc-1", "vpc-3"]},
            {"acs:SourceVpc": ["vpc-2", "other"]}]


def one_or_list(values):
    return st.lists(st.sampled_from(values), min_size=1, max_size=3).map(lambda xs: xs[0] if len(xs) == 1 else xs)


@st.composite
def statements(draw):
    statement = {"Effect": draw(st.sampled_from(["Allow", "Allow", "Deny"]))}
    statement["NotAction" if draw(st.integers(0, 5)) == 0 else "Action"] = draw(one_or_list(ACTION_PATTERNS))
    statement["NotResource" if draw(st.integers(0, 5)) == 0 else "Resource"] = draw(one_or_list(RESOURCE_PATTERNS))
    if draw(st.booleans()):
        statement["Condition"] = draw(st.sampled_from(CONDITIONS))
    return statement


policies = st.lists(st.lists(statements(), min_size=1, max_size=5), min_size=1, max_size=3).map(
    lambda docs: [Policy.parse({"Version": "1", "Statement": sts}, name=f"p{i}") for i, sts in enumerate(docs)])


@SETTINGS
@given(policies, st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=6, unique=True),
       st.lists(st.sampled_from(RESOURCES), max_size=10), st.sampled_from(CONTEXTS))
def test_the_grid_decides_every_pair_as_evaluate_does(policy_list, actions, resources, context):
    grid = DecisionGrid(policy_list, actions, resources, context)
    for action in actions:
        expected = [evaluate(Request(action, r, context), policy_list).effect for r in resources]
        assert grid.effects(action) == expected, (action, resources, context)
        assert list(set_bits(grid.allowed(action))) == [i for i, e in enumerate(expected) if e == "Allow"]
        assert list(set_bits(grid.denied(action))) == [i for i, e in enumerate(expected) if e == "ExplicitDeny"]


@SETTINGS
@given(st.lists(st.lists(statements(), min_size=1, max_size=5), min_size=1, max_size=3),
       st.lists(st.sampled_from(RESOURCES), max_size=10))
def test_with_every_condition_holding_the_grid_decides_as_the_policies_without_conditions(documents, resources):
    with_conditions = [Policy.parse({"Version": "1", "Statement": sts}) for sts in documents]
    without = [Policy.parse({"Version": "1", "Statement": [{k: v for k, v in statement.items() if k != "Condition"}
                                                           for statement in sts]}) for sts in documents]
    grid = DecisionGrid(with_conditions, ACTIONS, resources, every_condition_holds=True)
    for action in ACTIONS:
        assert grid.effects(action) == [evaluate(Request(action, r), without).effect for r in resources]


def test_a_grant_on_a_project_covers_its_datasets_in_the_grid():
    p = Policy.parse({"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": "imm:Get*", "Resource": "acs:imm:*:*:project/p"}]})
    grid = DecisionGrid([p], ["imm:GetDataset"], [f"acs:imm:cn-shanghai:{ACCOUNT}:project/p/dataset/d",
                                                  f"acs:imm:cn-shanghai:{ACCOUNT}:project/q/dataset/d"])
    assert grid.effects("imm:GetDataset") == ["Allow", "ImplicitDeny"]


def test_an_explicit_deny_wins_over_an_allow_in_another_policy():
    allow = Policy.parse({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:*", "Resource": "*"}]})
    deny = Policy.parse({"Version": "1", "Statement": [
        {"Effect": "Deny", "Action": "imm:DeleteProject", "Resource": "acs:imm:*:*:project/p"}]})
    grid = DecisionGrid([allow, deny], ["imm:DeleteProject", "imm:GetProject"],
                        [f"acs:imm:cn-shanghai:{ACCOUNT}:project/p"])
    assert grid.effects("imm:DeleteProject") == ["ExplicitDeny"]
    assert grid.effects("imm:GetProject") == ["Allow"]
