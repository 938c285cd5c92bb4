"""``immplay diff`` and ``immplay.diff_access``: what access changes between two versions of policies.

The equivalence property compares the diff with ``immplay.evaluate`` request by request: for random
old and new policy sets (wildcards, Deny, NotAction/NotResource, conditions) and every (operation,
resource) pair the diff says it decided, a pair is newly allowed exactly when ``evaluate`` allows it
under NEW and not under OLD (with the same context), and no longer allowed in the reverse case.
"""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from immplay import Policy, Request, catalog, diff_access, evaluate
from immplay.cli import main

ACCOUNT = "1509100000000000"
SH = f"acs:imm:cn-shanghai:{ACCOUNT}"


def policy(*statements: dict, name: str = "p") -> Policy:
    return Policy.parse({"Version": "1", "Statement": list(statements)}, name=name)


def allow(action, resource, **extra) -> dict:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


# --- equivalence with evaluate ------------------------------------------------------------------------

ACTIONS = ["imm:Get*", "imm:*Project", "imm:Create*", "imm:*", "imm:ListProjects", "imm:CreateFigureClusteringTask",
           "imm:*Trigger*", "imm:Batch*", "oss:*"]
RESOURCES = ["*", "acs:imm:*:*:project/p", "acs:imm:*:*:project/team-*", "acs:imm:cn-shanghai:*:project/p/*",
             "acs:imm:*:*:project/p/dataset/d", "acs:imm:*:*:project/*/dataset/faces", "acs:imm:cn-beijing:*:*",
             f"acs:imm:cn-shanghai:{ACCOUNT}:project/q", "acs:imm:*:*:project/p/trigger/*"]
CONDITIONS = [{"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}}, {"Bool": {"acs:SecureTransport": "true"}}]


@st.composite
def statements(draw):
    statement = {"Effect": draw(st.sampled_from(["Allow", "Allow", "Deny"]))}
    statement["NotAction" if draw(st.integers(0, 6)) == 0 else "Action"] = draw(
        st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=3))
    statement["NotResource" if draw(st.integers(0, 6)) == 0 else "Resource"] = draw(
        st.lists(st.sampled_from(RESOURCES), min_size=1, max_size=3))
    if draw(st.integers(0, 3)) == 0:
        statement["Condition"] = draw(st.sampled_from(CONDITIONS))
    return statement


policy_sets = st.lists(st.lists(statements(), min_size=1, max_size=4), min_size=1, max_size=2).map(
    lambda docs: [Policy.parse({"Version": "1", "Statement": sts}, name=f"p{i}") for i, sts in enumerate(docs)])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policy_sets, policy_sets, st.sampled_from([{}, {"acs:SourceIp": "10.0.0.1", "acs:SecureTransport": "true"}]))
def test_the_diff_equals_evaluate_request_by_request(old, new, context):
    diff = diff_access(old, new, context=context)
    newly, lost = set(), set()
    count = 0
    for action, resource in diff.requests():
        count += 1
        before = evaluate(Request(action, resource, context), old).allowed
        after = evaluate(Request(action, resource, context), new).allowed
        if after and not before:
            newly.add((action.removeprefix("imm:"), resource))
        elif before and not after:
            lost.add((action.removeprefix("imm:"), resource))
    assert count == diff.decisions
    assert {(c.operation, c.resource) for c in diff.newly_allowed} == newly
    assert {(c.operation, c.resource) for c in diff.no_longer_allowed} == lost
    # Without a context the diff decides again as if every condition held: evaluate the policies
    # with their Condition blocks removed.
    newly_if, lost_if = set(), set()
    if not context:
        old_open, new_open = without_conditions(old), without_conditions(new)
        for action, resource in diff.requests():
            pair = (action.removeprefix("imm:"), resource)
            before = evaluate(Request(action, resource), old_open).allowed
            after = evaluate(Request(action, resource), new_open).allowed
            if after and not before and pair not in newly | lost:
                newly_if.add(pair)
            elif before and not after and pair not in newly | lost:
                lost_if.add(pair)
    assert {(c.operation, c.resource) for c in diff.newly_allowed_if_conditions_hold} == newly_if
    assert {(c.operation, c.resource) for c in diff.no_longer_allowed_if_conditions_hold} == lost_if
    assert diff.grants_more == bool(newly or newly_if)


def without_conditions(policies: list[Policy]) -> list[Policy]:
    return [Policy.parse({"Version": "1", "Statement": [{k: v for k, v in st.items() if k != "Condition"}
                                                        for st in p.document["Statement"]]}, name=p.name)
            for p in policies]


# --- what is tested -------------------------------------------------------------------------------------

def test_every_imm_operation_is_decided_once_per_resource_of_its_kind():
    diff = diff_access([policy(allow("imm:GetProject", "acs:imm:*:*:project/p"))], [])
    by_kind = {}
    for op in catalog.operations():
        by_kind[op.resource_type] = by_kind.get(op.resource_type, 0) + 1
    projects = [f"{SH}:project/p", f"{SH}:project/other-project"]
    datasets = [f"{SH}:project/p/dataset/other-dataset", f"{SH}:project/other-project/dataset/other-dataset"]
    assert [arn for arn in diff.resources if arn != "*"] == projects + datasets
    assert diff.operations == 105
    assert diff.decisions == by_kind["*"] + len(projects) * (by_kind["project"] + by_kind["trigger"]
                                                             + by_kind["batch"]) + len(datasets) * by_kind["dataset"]


def test_a_grant_widened_to_every_project_shows_on_a_project_neither_version_names():
    old = [policy(allow("imm:GetProject", "acs:imm:*:*:project/p"))]
    new = [policy(allow("imm:GetProject", "acs:imm:*:*:project/*"))]
    diff = diff_access(old, new)
    assert [(c.operation, c.resource, c.old, c.new) for c in diff.newly_allowed] == [
        ("GetProject", f"{SH}:project/other-project", "ImplicitDeny", "Allow")]
    assert diff.resources[f"{SH}:project/other-project"] == "a project neither version names"


def test_a_wildcard_project_name_is_tested_through_a_sample_name():
    diff = diff_access([], [policy(allow("imm:GetProject", "acs:imm:*:*:project/team-*"))])
    assert [(c.operation, c.resource) for c in diff.newly_allowed] == [("GetProject", f"{SH}:project/team-sample")]
    assert diff.resources[f"{SH}:project/team-sample"] == "a sample for project/team-*"


def test_a_grant_widened_to_every_region_shows_in_a_region_neither_version_names():
    old = [policy(allow("imm:GetProject", f"acs:imm:cn-shanghai:{ACCOUNT}:project/p"))]
    new = [policy(allow("imm:GetProject", f"acs:imm:*:{ACCOUNT}:project/p"))]
    diff = diff_access(old, new)
    assert len(diff.newly_allowed) == 1 and diff.newly_allowed[0].resource.endswith(f":{ACCOUNT}:project/p")
    assert not diff.newly_allowed[0].resource.startswith("acs:imm:cn-shanghai:")


def test_a_narrower_new_version_grants_nothing_more_and_lists_what_it_takes_away():
    old = [policy(allow("imm:*Project", "acs:imm:*:*:project/p"))]
    new = [policy(allow("imm:GetProject", "acs:imm:*:*:project/p"))]
    diff = diff_access(old, new)
    assert not diff.grants_more
    assert [c.operation for c in diff.no_longer_allowed] == ["CreateProject", "DeleteProject", "UpdateProject"]


def test_without_a_context_a_conditional_grant_shows_as_allowed_if_every_condition_holds():
    conditional = policy(allow("imm:GetProject", "*", Condition={"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}}),
                         name="office.json")
    diff = diff_access([], [conditional])
    assert diff.newly_allowed == []  # no context: a condition on acs:SourceIp is false
    assert {c.operation for c in diff.newly_allowed_if_conditions_hold} == {"GetProject"}
    assert diff.grants_more
    report = diff.report()
    assert "If every Condition held, NEW would also allow what OLD did not: 1 operation-resource pair" in report
    assert "decided with no request context (a condition on a key the request lacks is false) and again" in report
    assert report.endswith("\n  office.json, 1st statement")


def test_removing_a_conditional_deny_guardrail_is_new_access():
    everything = allow("imm:*", "acs:imm:*:*:project/p")
    guardrail = {"Effect": "Deny", "Action": "imm:DeleteProject", "Resource": "*",
                 "Condition": {"NotIpAddress": {"acs:SourceIp": "10.0.0.0/8"}}}
    diff = diff_access([policy(everything, guardrail)], [policy(everything)])
    assert diff.newly_allowed == []  # with no context the guardrail's condition is false in OLD too
    assert [(c.operation, c.old, c.new) for c in diff.newly_allowed_if_conditions_hold] == [
        ("DeleteProject", "ExplicitDeny", "Allow")]
    assert diff.grants_more


def test_with_a_context_conditions_are_decided_for_that_request_only():
    conditional = policy(allow("imm:GetProject", "*", Condition={"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}}),
                         name="office.json")
    inside = diff_access([], [conditional], context={"acs:SourceIp": "10.0.0.1"})
    assert inside.grants_more and inside.newly_allowed_if_conditions_hold == []
    assert 'Statements with a Condition were decided with acs:SourceIp="10.0.0.1":' in inside.report()
    outside = diff_access([], [conditional], context={"acs:SourceIp": "192.0.2.1"})
    assert not outside.grants_more


def test_projects_and_datasets_given_are_tested_too():
    diff = diff_access([], [policy(allow("imm:GetDataset", "*"))], projects=["media"], datasets=["faces"])
    assert f"{SH}:project/media/dataset/faces" in {c.resource for c in diff.newly_allowed}
    with pytest.raises(ValueError, match="not a valid IMM project name"):
        diff_access([], [], projects=["bad name"])


def test_the_report_groups_resources_that_gained_the_same_operations():
    new = [policy(allow(["imm:GetDataset", "imm:DeleteDataset"], "acs:imm:*:*:project/p/dataset/*"))]
    report = diff_access([], new, datasets=["d1"]).report().splitlines()
    assert report[2:6] == [
        "NEW allows what OLD did not: 4 operation-resource pairs",
        f"  {SH}:project/p/dataset/d1",
        f"  {SH}:project/p/dataset/other-dataset  (a dataset neither version names)",
        "      DeleteDataset, GetDataset",
    ]


# --- the command ------------------------------------------------------------------------------------------

@pytest.fixture
def versions(tmp_path):
    files = {
        "old.json": {"Version": "1", "Statement": [allow("imm:GetProject", "acs:imm:*:*:project/p")]},
        "new.json": {"Version": "1", "Statement": [allow(["imm:GetProject", "imm:DeleteProject"],
                                                         "acs:imm:*:*:project/p")]},
        "deny.json": {"Version": "1", "Statement": [{"Effect": "Deny", "Action": "imm:Delete*", "Resource": "*"}]},
    }
    for name, document in files.items():
        (tmp_path / name).write_text(json.dumps(document, indent=2), encoding="utf-8")
    return tmp_path


def test_diff_exits_1_when_new_grants_more_and_names_the_pairs(versions, capsys):
    assert main(["diff", str(versions / "old.json"), str(versions / "new.json")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:5] == [f"OLD: {versions / 'old.json'}", f"NEW: {versions / 'new.json'}",
                       "NEW allows what OLD did not: 1 operation-resource pair", f"  {SH}:project/p",
                       "      DeleteProject"]
    assert "NEW no longer allows what OLD did: nothing" in out


def test_diff_exits_0_when_new_grants_nothing_more(versions, capsys):
    assert main(["diff", str(versions / "new.json"), str(versions / "old.json")]) == 0
    assert "NEW allows what OLD did not: nothing" in capsys.readouterr().out


def test_diff_reads_the_old_version_from_stdin_as_git_show_gives_it(versions, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO((versions / "old.json").read_text(encoding="utf-8")))
    assert main(["diff", "-", str(versions / "new.json")]) == 1
    assert capsys.readouterr().out.startswith(f"OLD: stdin\nNEW: {versions / 'new.json'}\n")


def test_diff_compares_sets_of_files(versions, capsys):
    argv = ["diff", "--old", str(versions / "old.json"), "--new", str(versions / "new.json"), str(versions / "deny.json")]
    assert main(argv) == 0


def test_diff_json_lists_the_pairs(versions, capsys):
    assert main(["diff", str(versions / "old.json"), str(versions / "new.json"), "--project", "media", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["grants_more"] is True
    assert report["newly_allowed"] == [{"operation": "DeleteProject", "resource": f"{SH}:project/p",
                                        "old": "ImplicitDeny", "new": "Allow"}]
    assert {"resource": f"{SH}:project/media", "note": ""} in report["resources"]


@pytest.mark.parametrize(("argv", "message"), [
    (["old.json"], "give two policy files, OLD and NEW (got 1)"),
    (["old.json", "new.json", "--old", "old.json"], "give OLD NEW, or --old ... --new ..., not both"),
    (["--old", "old.json"], "give OLD NEW, or --old POLICY... --new POLICY..."),
    (["old.json", "missing.json"], "missing.json: no such file"),
    (["old.json", "new.json", "--project", "bad name"], "not a valid IMM project name"),
    (["old.json", "new.json", "--context", "oops"], "write KEY=VALUE"),
    (["old.json", "new.json", "--context", "acs:SourceIp=notanip"], '--context: acs:SourceIp="notanip" is not a valid IP'),
    (["old.json", "new.json", "--region", "cn-shangai"], '--region: "cn-shangai" is not an Alibaba Cloud region id'),
])
def test_diff_bad_input_exits_2_with_the_reason(versions, capsys, monkeypatch, argv, message):
    monkeypatch.chdir(versions)
    assert main(["diff", *argv]) == 2
    assert message in capsys.readouterr().err


def test_diff_json_prints_an_error_object_on_bad_input(versions, capsys, monkeypatch):
    monkeypatch.chdir(versions)
    assert main(["diff", "old.json", "new.json", "--region", "cn-shangai", "--json"]) == 2
    error = json.loads(capsys.readouterr().out)["error"]
    assert error["option"] == "region" and error["message"].startswith('"cn-shangai" is not an Alibaba Cloud region')
