"""The ``immplay`` command: its exit code, stdout and stderr for a command line.

Each test calls the entry point (``immplay.cli.main``) in-process, in the test's folder, as the
console script would; one test runs the installed ``immplay`` script itself.

Exit codes (DESIGN): ``eval`` 0 on Allow, 1 on a deny, 2 on bad input; ``lint`` 1 when an
error-severity finding exists, else 0.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

ACCOUNT = "1509100000000000"

PROJECT_POLICY = """{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "imm:*",
      "Resource": "acs:imm:*:*:project/p"
    },
    {
      "Effect": "Deny",
      "Action": "imm:DeleteProject",
      "Resource": "*"
    }
  ]
}
"""

OFFICE_ONLY = """{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "imm:Get*",
      "Resource": "*",
      "Condition": {"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}}
    }
  ]
}
"""

READ_ONLY_SESSION = """{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:Get*", "Resource": "*"}]}"""

# A comma is missing after "Allow" on line 5.
BROKEN_JSON = """{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Allow"
      "Action": "imm:*"
    }
  ]
}
"""


def immplay(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``immplay ARGS`` run in ``cwd`` through the console script's entry point, in this process:
    the exit code (``main``'s result, or ``SystemExit``'s code as the interpreter would report it),
    stdout and stderr."""
    from immplay.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    return subprocess.CompletedProcess(["immplay", *args], code, out.getvalue(), err.getvalue())


@pytest.fixture
def files(tmp_path: Path) -> Path:
    for name, text in [("project.json", PROJECT_POLICY), ("office.json", OFFICE_ONLY),
                       ("session.json", READ_ONLY_SESSION), ("broken.json", BROKEN_JSON)]:
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


# --- eval -------------------------------------------------------------------------------------------

def test_eval_exits_0_on_allow_and_names_the_deciding_statement(files):
    run = immplay("eval", "project.json", "--action", "imm:GetProject", "--project", "p", cwd=files)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"Allow: imm:GetProject on acs:imm:cn-shanghai:{ACCOUNT}:project/p")
    assert "decided by project.json, statement at line 4 (Allow)" in run.stdout


def test_eval_exits_1_on_implicit_deny(files):
    run = immplay("eval", "project.json", "--action", "GetProject", "--project", "other", cwd=files)
    assert run.returncode == 1
    assert run.stdout.startswith("ImplicitDeny:")
    assert "no statement in the identity policies allows it" in run.stdout


def test_eval_exits_1_on_explicit_deny(files):
    run = immplay("eval", "project.json", "--action", "imm:DeleteProject", "--project", "p", cwd=files)
    assert run.returncode == 1
    assert run.stdout.startswith("ExplicitDeny:")
    assert "decided by project.json, statement at line 9 (Deny)" in run.stdout


def test_eval_exits_2_on_invalid_json_naming_file_line_and_column(files):
    run = immplay("eval", "broken.json", "--action", "imm:GetProject", "--project", "p", cwd=files)
    assert run.returncode == 2
    assert "broken.json:6:7:" in run.stderr  # the token after the missing comma
    assert "InvalidJSON" in run.stderr
    assert run.stdout == ""


def test_eval_exits_2_on_a_grammar_error_naming_file_line_and_column(files):
    (files / "lower.json").write_text('{"Version": "1",\n "Statement": [{"Effect": "allow", "Action": "imm:*", '
                                      '"Resource": "*"}]}', encoding="utf-8")
    run = immplay("eval", "lower.json", "--action", "imm:GetProject", "--project", "p", cwd=files)
    assert run.returncode == 2
    assert "lower.json:2:27:" in run.stderr and "InvalidEffect" in run.stderr and "/Statement/0/Effect" in run.stderr


def test_eval_exits_2_on_an_unknown_action_suggesting_the_real_one(files):
    run = immplay("eval", "project.json", "--action", "imm:GetProjet", "--project", "p", cwd=files)
    assert run.returncode == 2
    assert 'no operation "imm:GetProjet"' in run.stderr
    assert 'did you mean "GetProject"' in run.stderr


def test_eval_exits_2_on_a_missing_file(files):
    run = immplay("eval", "missing.json", "--action", "imm:GetProject", "--project", "p", cwd=files)
    assert run.returncode == 2
    assert "missing.json: no such file" in run.stderr


def test_eval_exits_2_when_a_dataset_operation_lacks_its_dataset(files):
    run = immplay("eval", "project.json", "--action", "imm:GetDataset", "--project", "p", cwd=files)
    assert run.returncode == 2
    assert "name the dataset" in run.stderr


def test_eval_exits_2_on_missing_required_arguments(files):
    run = immplay("eval", "project.json", cwd=files)
    assert run.returncode == 2
    assert "--action" in run.stderr


def test_project_and_dataset_build_the_dataset_arn_with_region_and_account(files):
    run = immplay("eval", "project.json", "--action", "CreateFigureClusteringTask", "--project", "p",
                  "--dataset", "d", "--region", "cn-beijing", "--account", "1234567890123456", "--json", cwd=files)
    assert run.returncode == 0, run.stderr
    request = json.loads(run.stdout)["request"]
    assert request["action"] == "imm:CreateFigureClusteringTask"
    assert request["resource"] == "acs:imm:cn-beijing:1234567890123456:project/p/dataset/d"


def test_a_star_level_operation_is_evaluated_on_star(files):
    run = immplay("eval", "project.json", "--action", "imm:ListProjects", "--json", cwd=files)
    assert run.returncode == 1  # a grant on project/p never covers the resource *
    assert json.loads(run.stdout)["request"]["resource"] == "*"


def test_explicit_resource_is_used_as_given(files):
    run = immplay("eval", "project.json", "--action", "imm:GetProject", "--resource",
                  f"acs:imm:cn-hangzhou:{ACCOUNT}:project/p", "--json", cwd=files)
    assert run.returncode == 0
    assert json.loads(run.stdout)["request"]["resource"] == f"acs:imm:cn-hangzhou:{ACCOUNT}:project/p"


def test_context_feeds_conditions(files):
    inside = immplay("eval", "office.json", "--action", "imm:GetProject", "--project", "p",
                     "--context", "acs:SourceIp=10.1.2.3", cwd=files)
    outside = immplay("eval", "office.json", "--action", "imm:GetProject", "--project", "p",
                      "--context", "acs:SourceIp=192.168.0.1", cwd=files)
    missing = immplay("eval", "office.json", "--action", "imm:GetProject", "--project", "p", cwd=files)
    assert (inside.returncode, outside.returncode, missing.returncode) == (0, 1, 1)
    assert "missing context: acs:SourceIp" in missing.stdout
    assert "missing context" not in outside.stdout


def test_context_without_equals_sign_is_bad_input(files):
    run = immplay("eval", "office.json", "--action", "imm:GetProject", "--project", "p",
                  "--context", "acs:SourceIp", cwd=files)
    assert run.returncode == 2
    assert "KEY=VALUE" in run.stderr


def test_session_policy_narrows_the_identity_policies(files):
    read = immplay("eval", "project.json", "--action", "imm:GetProject", "--project", "p",
                   "--session-policy", "session.json", "--json", cwd=files)
    write = immplay("eval", "project.json", "--action", "imm:CreateDataset", "--project", "p", "--dataset", "d",
                    "--session-policy", "session.json", "--json", cwd=files)
    assert read.returncode == 0
    assert write.returncode == 1
    decision = json.loads(write.stdout)
    assert (decision["effect"], decision["denied_by"]) == ("ImplicitDeny", "SessionPolicy")
    without = immplay("eval", "project.json", "--action", "imm:CreateDataset", "--project", "p", "--dataset", "d",
                      cwd=files)
    assert without.returncode == 0


def test_eval_json_carries_effect_request_deciding_missing_context_and_explanation(files):
    run = immplay("eval", "project.json", "office.json", "--action", "imm:DeleteProject", "--project", "p",
                  "--json", cwd=files)
    assert run.returncode == 1
    out = json.loads(run.stdout)
    assert set(out) == {"effect", "allowed", "denied_by", "request", "deciding", "missing_context", "warnings",
                        "explanation"}
    assert (out["effect"], out["allowed"], out["denied_by"]) == ("ExplicitDeny", False, "IdentityBasedPolicy")
    assert out["deciding"] == [{"policy": "project.json", "kind": "identity", "statement": 1, "effect": "Deny",
                                "line": 9, "position": None}]  # the 0-based index stays, for tools
    assert out["missing_context"] == []  # office.json does not cover DeleteProject
    assert out["explanation"].startswith("Decision: ExplicitDeny")
    assert out["request"]["context"] == {}


def test_eval_explain_prints_the_trace(files):
    run = immplay("eval", "office.json", "--action", "imm:GetProject", "--project", "p", "--explain", cwd=files)
    assert run.returncode == 1
    assert "Condition: IpAddress acs:SourceIp" in run.stdout
    assert "the request has no acs:SourceIp" in run.stdout


# --- lint -------------------------------------------------------------------------------------------

def test_lint_exits_1_with_an_error_finding_and_prints_file_line_column(files):
    (files / "typo.json").write_text('{"Version": "1", "Statement": [\n  {"Effect": "Allow", '
                                     '"Action": "imm:ListProject", "Resource": "*"}]}', encoding="utf-8")
    run = immplay("lint", "typo.json", cwd=files)
    assert run.returncode == 1
    assert "typo.json:2:33: error:" in run.stdout
    assert 'did you mean "imm:ListProjects"' in run.stdout and "[unknown-action]" in run.stdout


def test_lint_exits_0_with_only_warnings(files):
    (files / "wide.json").write_text('{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:*", '
                                     '"Resource": "*"}]}', encoding="utf-8")
    run = immplay("lint", "wide.json", "project.json", cwd=files)
    assert run.returncode == 0, run.stdout
    assert "security-warning" in run.stdout and "[full-access]" in run.stdout
    assert "project.json: no findings" in run.stdout


def test_lint_of_a_file_that_does_not_parse_exits_1(files):
    run = immplay("lint", "broken.json", cwd=files)
    assert run.returncode == 1
    assert "broken.json:6:7: error:" in run.stdout


def test_lint_of_a_missing_file_exits_2(files):
    run = immplay("lint", "missing.json", cwd=files)
    assert run.returncode == 2
    assert "missing.json: no such file" in run.stderr


def test_lint_json_lists_findings_per_file(files):
    run = immplay("lint", "project.json", "broken.json", "--json", cwd=files)
    assert run.returncode == 1
    report = json.loads(run.stdout)
    assert [entry["file"] for entry in report] == ["project.json", "broken.json"]
    assert report[0]["findings"] == []
    finding = report[1]["findings"][0]
    assert finding == {"severity": "error", "code": "InvalidJSON", "message": finding["message"], "path": "",
                       "line": 6, "column": 7}


def test_lint_trust_kind_checks_trust_policies(files):
    (files / "trust.json").write_text(json.dumps({"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": [f"acs:ram::{ACCOUNT}:root"]}}]}),
        encoding="utf-8")
    assert immplay("lint", "trust.json", "--kind", "trust", cwd=files).returncode == 0
    assert immplay("lint", "trust.json", cwd=files).returncode == 1  # as an identity policy it lacks Resource


# --- serve and the console script ---------------------------------------------------------------------

def test_serve_help_lists_its_options(files):
    run = immplay("serve", "--help", cwd=files)
    assert run.returncode == 0
    for option in ("--host", "--port", "--seed"):
        assert option in run.stdout


def test_the_console_script_is_installed_next_to_the_interpreter(files):
    script = Path(sys.executable).parent / "immplay"
    assert script.is_file()
    run = subprocess.run([str(script), "eval", "project.json", "--action", "imm:GetProject", "--project", "p"],
                         cwd=files, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Allow:")
