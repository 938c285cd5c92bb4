"""``immplay test FILE...`` and ``immplay.run_policy_tests``: policy tests kept next to the policies.

The command is called in-process (``immplay.cli.main``) and judged by what a user sees: the exit
code (0 all hold, 1 a case fails, 2 a bad file), one line per failing case naming file, line and
column, what decided and why, the summary, ``--json`` and ``--junit-xml``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import immplay
from immplay.cli import main
from immplay.policy_tests import PolicyTestFileError

ACCOUNT = "1509100000000000"

MEDIA = {"Version": "1", "Statement": [
    {"Effect": "Allow", "Action": ["imm:GetProject", "imm:DeleteProject"], "Resource": "acs:imm:*:*:project/media"},
    {"Effect": "Allow", "Action": "imm:CreateFigureClusteringTask",
     "Resource": "acs:imm:*:*:project/media/dataset/faces"},
]}
GUARDRAILS = {"Version": "1", "Statement": [
    {"Effect": "Deny", "Action": "imm:DeleteProject", "Resource": "*",
     "Condition": {"NotIpAddress": {"acs:SourceIp": "10.0.0.0/8"}}},
]}
READ_ONLY_SESSION = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:Get*", "Resource": "*"}]}

PASSING = """\
policies: [policies/media.json, policies/guardrails.json]
region: cn-shanghai
account: "1509100000000000"
cases:
  - name: clustering in faces
    action: CreateFigureClusteringTask
    project: media
    dataset: faces
    expect: Allow
  - action: DeleteProject
    project: media
    context: {acs:SourceIp: 203.0.113.5}
    expect: ExplicitDeny
  - action: DeleteProject
    project: media
    context: {acs:SourceIp: 10.0.0.5}
    expect: Allow
  - action: oss:GetObject
    resource: acs:oss:*:*:media-bucket/a.jpg
    expect: Deny
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "policies").mkdir()
    for name, document in (("media.json", MEDIA), ("guardrails.json", GUARDRAILS), ("session.json", READ_ONLY_SESSION)):
        (tmp_path / "policies" / name).write_text(json.dumps(document, indent=2), encoding="utf-8")
    (tmp_path / "media.tests.yaml").write_text(PASSING, encoding="utf-8")
    return tmp_path


def write(repo: Path, name: str, text: str) -> str:
    path = repo / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_file_whose_cases_all_hold_exits_0_with_a_summary(repo, capsys):
    assert main(["test", str(repo / "media.tests.yaml")]) == 0
    assert capsys.readouterr().out == f"{repo / 'media.tests.yaml'}: 4 cases, 4 passed, 0 failed\n"


def test_a_failing_case_is_one_line_with_file_line_column_what_decided_and_why(repo, capsys):
    path = write(repo, "failing.yaml", """\
policies: [policies/media.json, policies/guardrails.json]
cases:
  - name: clustering in faces
    action: CreateFigureClusteringTask
    project: media
    dataset: faces
    expect: Allow
  - name: clustering in cars
    action: CreateFigureClusteringTask
    project: media
    dataset: cars
    expect: Allow
  - name: delete from outside
    action: DeleteProject
    project: media
    context: {acs:SourceIp: 203.0.113.5}
    expect: ImplicitDeny
""")
    assert main(["test", path]) == 1
    out = capsys.readouterr().out.splitlines()
    arn = f"acs:imm:cn-shanghai:{ACCOUNT}:project/media"
    assert out == [
        f"{path}:8:5: FAIL clustering in cars: expected Allow, got ImplicitDeny: imm:CreateFigureClusteringTask on "
        f"{arn}/dataset/cars: no statement in the identity policies allows it",
        f"{path}:13:5: FAIL delete from outside: expected ImplicitDeny, got ExplicitDeny: imm:DeleteProject on "
        f"{arn}: denied explicitly by policies/guardrails.json, statement at line 4 (Deny)",
        f"{path}: 3 cases, 1 passed, 2 failed",
    ]


def test_expect_deny_accepts_either_deny_and_the_missing_context_is_named(repo, capsys):
    path = write(repo, "deny.yaml", """\
policies: [policies/guardrails.json]
cases:
  - {action: DeleteProject, project: media, expect: Deny}
  - {action: DeleteProject, project: media, context: {acs:SourceIp: 198.51.100.1}, expect: Deny}
  - {action: DeleteProject, project: media, expect: ExplicitDeny}
""")
    assert main(["test", path]) == 1
    out = capsys.readouterr().out
    assert out.count("FAIL") == 1
    assert f"{path}:5:5: FAIL case 3 (imm:DeleteProject): expected ExplicitDeny, got ImplicitDeny" in out
    assert "the request lacks acs:SourceIp, so conditions on it are false" in out


def test_a_session_policy_narrows_and_the_denial_names_it(repo, capsys):
    path = write(repo, "session.yaml", """\
policies: [policies/media.json]
session_policy: policies/session.json
cases:
  - {action: GetProject, project: media, expect: Allow}
  - {action: DeleteProject, project: media, expect: Allow}
""")
    assert main(["test", path]) == 1
    assert "got ImplicitDeny: imm:DeleteProject on" in (out := capsys.readouterr().out)
    assert "no statement in the session policy allows it" in out


def test_json_test_files_work_like_yaml_and_name_lines_too(repo, capsys):
    document = {"policies": ["policies/media.json"], "cases": [
        {"action": "GetProject", "project": "media", "expect": "Allow"},
        {"action": "GetProject", "project": "other", "expect": "Allow"}]}
    path = write(repo, "media.tests.json", json.dumps(document, indent=2))
    assert main(["test", path]) == 1
    assert capsys.readouterr().out.startswith(f"{path}:11:5: FAIL case 2 (imm:GetProject): expected Allow")


@pytest.mark.parametrize(("text", "where", "message"), [
    ("policies: [policies/media.json]\ncases:\n  - action: GetProject\n    project: [media\n",
     "5:1", "invalid YAML"),
    ("policies: [policies/media.json]\ncases:\n  - action: GetProject\n    project: media\n    exepct: Allow\n",
     "5:5", 'unknown key "exepct" (did you mean "expect"?)'),
    ("policies: [policies/media.json]\ncases:\n  - {action: GetProjekt, project: media, expect: Allow}\n",
     "3:14", 'action: IMM 2020-09-30 has no operation "GetProjekt" (did you mean "GetProject"'),
    ("policies: [policies/media.json, policies/missing.json]\ncases:\n  - {action: ListProjects, expect: Allow}\n",
     "1:33", "policies/missing.json: no such file (paths are relative to the test file)"),
    ("policies: [policies/media.json]\nregion: cn-shangai\ncases:\n  - {action: GetProject, project: p, expect: Allow}\n",
     "2:9", 'region: "cn-shangai" is not an Alibaba Cloud region id (did you mean "cn-shanghai"'),
    ("policies: [policies/media.json]\ncases:\n  - action: GetProject\n    project: p\n"
     "    context: {acs:SourceIp: notanip}\n    expect: Allow\n", "5:14", 'context: acs:SourceIp="notanip" is not a valid IP address'),
    ("policies: [policies/media.json]\ncases:\n  - {action: GetProject, project: p, expect: allowed}\n",
     "3:46", 'expect "allowed" is not Allow, ExplicitDeny, ImplicitDeny or Deny'),
    ("policies: [policies/media.json]\ncases:\n  - {action: GetProject, project: p}\n",
     "3:5", '"expect" is missing'),
    ("cases:\n  - {action: GetProject, project: p, expect: Allow}\n", "1:1", '"policies" is missing'),
])
def test_a_bad_file_exits_2_naming_file_line_and_column(repo, capsys, text, where, message):
    path = write(repo, "bad.yaml", text)
    assert main(["test", path]) == 2
    err = capsys.readouterr().err
    assert f"{path}:{where}: {message}" in err, err


def test_a_bad_default_region_is_reported_once_not_once_per_case(repo, capsys):
    path = write(repo, "bad.yaml", "policies: [policies/media.json]\nregion: cn-shangai\ncases:\n"
                 "  - {action: GetProject, project: p, expect: Allow}\n  - {action: ListDatasets, project: p, expect: Allow}\n")
    assert main(["test", path]) == 2
    assert capsys.readouterr().err.count("cn-shangai") == 1


def test_a_json_test_file_with_a_syntax_error_names_its_line_and_column(repo, capsys):
    path = write(repo, "bad.json", '{\n  "policies": ["policies/media.json"],\n  "cases": [\n    {"action": "GetProject",}\n  ]\n}\n')
    assert main(["test", path]) == 2
    assert f"{path}:4:29: invalid JSON: Expecting property name enclosed in double quotes" in capsys.readouterr().err


def test_one_policy_may_be_named_without_a_list(repo, capsys):
    path = write(repo, "one.yaml", "policies: policies/media.json\ncases:\n  - {action: GetProject, project: media, expect: Allow}\n")
    assert main(["test", path]) == 0


def test_a_missing_session_policy_is_named_where_the_file_names_it(repo, capsys):
    path = write(repo, "s.yaml", "policies: [policies/media.json]\nsession_policy: narrow.json\ncases:\n"
                 "  - {action: GetProject, project: media, expect: Allow}\n")
    assert main(["test", path]) == 2
    assert f"{path}:2:17: narrow.json: no such file" in capsys.readouterr().err


def test_a_policy_that_does_not_parse_is_named_by_its_own_file_line_and_column(repo, capsys):
    (repo / "policies" / "broken.json").write_text('{\n  "Version": "1",\n  "Statement": [\n}\n', encoding="utf-8")
    path = write(repo, "bad.yaml", "policies: [policies/broken.json]\ncases:\n  - {action: ListProjects, expect: Allow}\n")
    assert main(["test", path]) == 2
    err = capsys.readouterr().err
    assert f"{repo / 'policies' / 'broken.json'}:4:1: invalid JSON" in err


def test_every_problem_of_a_bad_file_is_listed_and_the_other_files_still_run(repo, capsys):
    bad = write(repo, "bad.yaml", "policies: [policies/media.json]\ncases:\n"
                "  - {action: GetProjekt, project: p, expect: Allow}\n  - {action: GetProject, project: p, expct: Allow}\n")
    assert main(["test", bad, str(repo / "media.tests.yaml")]) == 2
    captured = capsys.readouterr()
    assert f"{bad}:3:14: action:" in captured.err and f"{bad}:4:38: unknown key \"expct\"" in captured.err
    assert f"{repo / 'media.tests.yaml'}: 4 cases, 4 passed, 0 failed" in captured.out
    assert captured.out.splitlines()[-1] == "total: 4 cases in 2 files, 4 passed, 0 failed, 1 file(s) not run"


def test_an_unquoted_yaml_time_in_the_context_is_the_iso_text_conditions_compare(repo, capsys):
    (repo / "policies" / "until.json").write_text(json.dumps({"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": "imm:GetProject", "Resource": "*",
         "Condition": {"DateLessThan": {"acs:CurrentTime": "2026-06-30T00:00:00Z"}}}]}), encoding="utf-8")
    path = write(repo, "time.yaml", "policies: [policies/until.json]\ncases:\n"
                 "  - {action: GetProject, project: p, context: {acs:CurrentTime: 2026-01-01T08:00:00Z}, expect: Allow}\n"
                 "  - {action: GetProject, project: p, context: {acs:CurrentTime: 2026-12-01T08:00:00Z}, expect: ImplicitDeny}\n")
    assert main(["test", path]) == 0, capsys.readouterr()
    assert immplay.run_policy_tests(path).cases[0].request.context == {"acs:CurrentTime": "2026-01-01T08:00:00Z"}


def test_a_doubtful_context_key_is_a_warning_on_stderr_not_a_failure(repo, capsys):
    path = write(repo, "warn.yaml", "policies: [policies/media.json]\ncases:\n"
                 "  - {action: GetProject, project: media, context: {acs:sourceip: 10.0.0.1}, expect: Allow}\n")
    assert main(["test", path]) == 0
    assert f"{path}:3:5: warning: condition keys are case-sensitive" in capsys.readouterr().err


def test_json_output_gives_every_case_and_bad_files_as_error_objects(repo, capsys):
    bad = write(repo, "bad.yaml", "policies: [policies/media.json]\ncases: []\n")
    assert main(["test", str(repo / "media.tests.yaml"), bad, "--json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert report["passed"] is False and report["cases"] == 4 and report["failed"] == 0
    good, broken = report["files"]
    assert [c["effect"] for c in good["cases"]] == ["Allow", "ExplicitDeny", "Allow", "ImplicitDeny"]
    assert good["cases"][1]["why"] == "denied explicitly by policies/guardrails.json, statement at line 4 (Deny)"
    assert good["cases"][1]["deciding"] == [{"policy": "policies/guardrails.json", "kind": "identity", "statement": 0,
                                             "effect": "Deny", "line": 4, "position": None}]
    assert broken["error"] == [{"file": bad, "line": 2, "column": 8,
                                "message": '"cases" lists the requests to check, each with an "expect"'}]


def test_junit_xml_reports_each_case_and_the_failures_with_their_explanation(repo, capsys):
    failing = write(repo, "failing.yaml", "policies: [policies/media.json]\ncases:\n"
                    "  - {name: read media, action: GetProject, project: media, expect: Allow}\n"
                    "  - {name: read other, action: GetProject, project: other, expect: Allow}\n")
    report = repo / "report.xml"
    assert main(["test", failing, str(repo / "media.tests.yaml"), "--junit-xml", str(report)]) == 1
    root = ET.parse(report).getroot()
    assert (root.tag, root.get("tests"), root.get("failures"), root.get("errors")) == ("testsuites", "6", "1", "0")
    suite = root.find("testsuite")
    assert suite.get("name") == failing and [c.get("name") for c in suite] == ["read media", "read other"]
    failure = suite[1].find("failure")
    assert failure.get("type") == "ImplicitDeny" and "FAIL read other" in failure.get("message")
    assert "Decision: ImplicitDeny" in failure.text


def test_run_policy_tests_returns_the_results_in_python(repo):
    run = immplay.run_policy_tests(repo / "media.tests.yaml")
    assert run.passed and [c.effect for c in run.cases] == ["Allow", "ExplicitDeny", "Allow", "ImplicitDeny"]
    assert run.cases[0].name == "clustering in faces" and run.cases[0].line == 5
    assert str(run.cases[1].decision.deciding[0]).startswith("policies/guardrails.json, statement at line 4")
    with pytest.raises(PolicyTestFileError) as caught:
        immplay.run_policy_tests(repo / "nothing.yaml")
    assert str(caught.value) == f"{repo / 'nothing.yaml'}: no such file"


def test_the_command_runs_as_a_user_runs_it(repo):
    run = subprocess.run([sys.executable, "-m", "immplay.cli", "test", "media.tests.yaml"], cwd=repo,
                         capture_output=True, text=True, timeout=60)
    assert (run.returncode, run.stdout) == (0, "media.tests.yaml: 4 cases, 4 passed, 0 failed\n"), run.stderr
