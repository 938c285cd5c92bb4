"""``cloud.suggest_policy``: the smallest policy that allows what a principal really called.

Each test runs code as a broadly permitted principal, asks for the policy, and checks what a user
relies on: it parses and lints without warnings, attached instead of the broad policy the same calls
pass, and an operation that was not called is denied. ``trail.save`` and ``immplay suggest`` give the
same policy from a file.
"""

from __future__ import annotations

import json

import pytest
from cloud_clients import Client, assume, make_user, trust

import immplay
from immplay.cli import main
from immplay.cloud.least_privilege import made_by
from immplay.cloud.trail import read_trail
from immplay.policy import Effect

ACCOUNT = "1509100000000000"


def media_work(client: Client) -> None:
    """What a media job does: a project, two datasets, a clustering task, a listing; one denied call."""
    client("imm", "CreateProject", ProjectName="media")
    client("imm", "CreateDataset", ProjectName="media", DatasetName="faces")
    client("imm", "CreateDataset", ProjectName="media", DatasetName="cars")
    client("imm", "CreateFigureClusteringTask", ProjectName="media", DatasetName="faces")
    client("imm", "GetProject", ProjectName="media")
    client("imm", "ListProjects")


def attach_only(root: Client, user: str, policy: immplay.Policy) -> None:
    """Replace the user's policies with ``policy``."""
    for attached in root("ram", "ListPoliciesForUser", UserName=user)["Policies"]["Policy"]:
        root("ram", "DetachPolicyFromUser", PolicyType=attached["PolicyType"], PolicyName=attached["PolicyName"],
             UserName=user)
    root("ram", "CreatePolicy", PolicyName=f"{user}-narrow", PolicyDocument=policy.text)
    root("ram", "AttachPolicyToUser", PolicyType="Custom", PolicyName=f"{user}-narrow", UserName=user)


@pytest.fixture
def worker(root):
    return make_user(root, "worker", "AliyunIMMFullAccess")


def test_the_suggested_policy_allows_exactly_the_calls_made_grouped_by_resource(cloud, worker):
    media_work(worker)
    policy = cloud.suggest_policy(user="worker")
    project = f"acs:imm:cn-shanghai:{ACCOUNT}:project/media"
    statements = {tuple(s["Resource"] if isinstance(s["Resource"], list) else [s["Resource"]]):
                  s["Action"] for s in policy.document["Statement"]}
    assert statements == {
        ("*",): "imm:ListProjects",
        (project,): ["imm:CreateProject", "imm:GetProject"],
        (f"{project}/dataset/cars",): "imm:CreateDataset",
        (f"{project}/dataset/faces",): ["imm:CreateDataset", "imm:CreateFigureClusteringTask"],
    }


def test_the_suggested_policy_parses_and_lints_without_warnings(cloud, worker):
    media_work(worker)
    policy = cloud.suggest_policy(user="worker")
    assert immplay.Policy.parse(policy.text).document == policy.document
    assert immplay.lint(policy.text) == []  # not even a suggestion


def test_with_the_suggested_policy_the_same_calls_pass_and_an_uncalled_operation_is_denied(cloud, root, worker):
    media_work(worker)
    policy = cloud.suggest_policy(user="worker")
    root("imm", "DeleteProject", ProjectName="media")
    attach_only(root, "worker", policy)
    media_work(worker)  # raises CloudError if any call is denied
    denied = worker.fails("imm", "DeleteProject", ProjectName="media")
    assert denied.code == "Forbidden.RAM"
    other = worker.fails("imm", "GetProject", ProjectName="other")
    assert other.code == "Forbidden.RAM"


def test_denied_calls_are_included_because_the_code_needs_them(cloud, root):
    reader = make_user(root, "reader", "AliyunIMMReadOnlyAccess")
    reader.fails("imm", "CreateProject", ProjectName="media")
    reader("imm", "ListProjects")
    policy = cloud.suggest_policy(user="reader")
    actions = sorted(a for s in policy.document["Statement"] for a in
                     (s["Action"] if isinstance(s["Action"], list) else [s["Action"]]))
    assert actions == ["imm:CreateProject", "imm:ListProjects"]


def test_only_the_named_principal_counts_and_a_role_is_named_by_its_sessions(cloud, root, worker):
    media_work(worker)
    root("ram", "CreateRole", RoleName="lister", AssumeRolePolicyDocument=trust(f"acs:ram::{ACCOUNT}:root"))
    root("ram", "AttachPolicyToRole", PolicyType="System", PolicyName="AliyunIMMReadOnlyAccess", RoleName="lister")
    root("ram", "AttachPolicyToUser", PolicyType="System", PolicyName="AliyunSTSAssumeRoleAccess", UserName="worker")
    session = assume(worker, f"acs:ram::{ACCOUNT}:role/lister", session="job-1")
    session("imm", "GetDataset", ProjectName="media", DatasetName="faces")
    policy = cloud.suggest_policy(role="lister")
    assert policy.document["Statement"] == [{"Effect": "Allow", "Action": "imm:GetDataset",
                                             "Resource": f"acs:imm:cn-shanghai:{ACCOUNT}:project/media/dataset/faces"}]
    assert made_by(f"acs:ram::{ACCOUNT}:role/lister/job-1", role="lister")
    assert not made_by(f"acs:ram::{ACCOUNT}:role/lister-2/job-1", role="lister")
    assert not made_by(f"acs:ram::{ACCOUNT}:user/worker", user="work")


def test_a_principal_without_imm_calls_or_an_ambiguous_question_is_a_clear_error(cloud, worker):
    with pytest.raises(ValueError, match="no authorized IMM call by user nobody"):
        cloud.suggest_policy(user="nobody")
    with pytest.raises(ValueError, match="exactly one principal"):
        cloud.suggest_policy(user="worker", role="lister")
    with pytest.raises(ValueError, match="exactly one principal"):
        cloud.suggest_policy()


def test_the_trail_saved_as_json_lines_loads_back_event_for_event(cloud, worker, tmp_path):
    media_work(worker)
    path = cloud.trail.save(tmp_path / "trail.jsonl")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(cloud.trail)
    assert json.loads(lines[-1])["action"] == "imm:ListProjects"
    loaded = read_trail(path)
    assert loaded == list(cloud.trail)  # the engine's Decision is not compared (nor saved)


def test_a_broken_trail_file_names_the_line(tmp_path):
    path = tmp_path / "trail.jsonl"
    path.write_text('{"time": "2026-01-01T00:00:00+00:00", "action": "imm:ListProjects"}\n{oops\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"trail.jsonl:2:2: not JSON"):
        read_trail(path)


def test_a_trail_line_with_an_unknown_decision_names_the_line_and_the_decisions(tmp_path):
    path = tmp_path / "trail.jsonl"
    path.write_text('{"time": "2026-01-01T00:00:00+00:00", "action": "imm:ListProjects", "decision": "Allowed"}\n',
                    encoding="utf-8")
    with pytest.raises(ValueError, match=r"trail.jsonl:1: \"decision\": 'Allowed' is not one of Allow, "
                                         r"ExplicitDeny, ImplicitDeny \(or null\)"):
        read_trail(path)


def test_decisions_read_back_from_a_trail_file_are_effects(cloud, worker, tmp_path):
    media_work(worker)
    loaded = read_trail(cloud.trail.save(tmp_path / "trail.jsonl"))
    decided = [event.decision for event in loaded if event.decision is not None]
    assert Effect.ALLOW in decided
    assert all(isinstance(decision, Effect) for decision in decided)


def test_immplay_suggest_prints_the_policy_from_a_saved_trail(cloud, worker, tmp_path, capsys):
    media_work(worker)
    path = cloud.trail.save(tmp_path / "trail.jsonl")
    assert main(["suggest", str(path), "--user", "worker"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == cloud.suggest_policy(user="worker").document


def test_immplay_suggest_without_calls_or_file_exits_2_with_the_reason(cloud, worker, tmp_path, capsys):
    path = cloud.trail.save(tmp_path / "trail.jsonl")
    assert main(["suggest", str(path), "--user", "worker"]) == 2
    assert "no authorized IMM call by user worker" in capsys.readouterr().err
    assert main(["suggest", str(tmp_path / "missing.jsonl"), "--role", "r"]) == 2
    assert "missing.jsonl: no such file" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["suggest", str(path)])
    assert exited.value.code == 2
