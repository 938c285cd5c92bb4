"""``immplay eval`` refuses wrong input naming the option, and says which stage denied.

Run in-process (``immplay.cli.main``) and judged by exit code, stdout and stderr, as CI sees them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from immplay.cli import main

IMM_READ = {"Version": "1", "Statement": [
    {"Effect": "Allow", "Action": ["imm:List*", "imm:Get*"], "Resource": "*"},
    {"Effect": "Allow", "Action": "ram:*", "Resource": "*"},
    {"Effect": "Deny", "Action": "imm:GetProject", "Resource": "acs:imm:*:*:project/secret"},
]}
SESSION_LIST_ONLY = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:List*", "Resource": "*"}]}


@pytest.fixture
def policies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "read.json").write_text(json.dumps(IMM_READ, indent=2), encoding="utf-8")
    (tmp_path / "session.json").write_text(json.dumps(SESSION_LIST_ONLY), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["eval", "team/read.json", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_bare_operation_name_gets_imm_also_when_the_resource_is_given(policies, capsys):
    code, out, _ = run(capsys, "--action", "ListProjects", "--resource", "*")
    assert code == 0
    assert out.startswith("Allow: imm:ListProjects on *")


def test_an_unknown_imm_operation_with_a_resource_exits_2_with_suggestions(policies, capsys):
    code, out, err = run(capsys, "--action", "imm:GetTaskk", "--resource", "*")
    assert (code, out) == (2, "")
    assert err.startswith('immplay eval: --action: IMM 2020-09-30 has no operation "imm:GetTaskk" (did you mean "GetTask"')


@pytest.mark.parametrize(("args", "message"), [
    (["--action", "GetProject", "--project", "p", "--region", "cn-shangai"],
     'immplay eval: --region: "cn-shangai" is not an Alibaba Cloud region id (did you mean "cn-shanghai"'),
    (["--action", "GetProject", "--project", "p", "--account", "123"],
     'immplay eval: --account: "123" is not an account ID: Alibaba Cloud account IDs have 16 digits'),
    (["--action", "imn:GetTask", "--resource", "*"],
     'immplay eval: --action: "imn" is not a RAM service code (did you mean "imm"'),
    (["--action", "ListProjects", "--context", "acs:SourceIp=notanip"],
     'immplay eval: --context: acs:SourceIp="notanip" is not a valid IP address'),
    (["--action", "ListProjects", "--context", "acs:CurrentTime=tomorrow"],
     'immplay eval: --context: acs:CurrentTime="tomorrow" is not a valid date'),
    (["--action", "GetProject"],
     "immplay eval: --project: GetProject is authorized on a project: name the project"),
])
def test_certainly_wrong_input_exits_2_naming_the_option(policies, capsys, args, message):
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, "")
    assert err.startswith(message)


def test_a_context_key_in_the_wrong_case_is_a_warning_and_the_request_is_still_decided(policies, capsys):
    code, out, err = run(capsys, "--action", "ListProjects", "--context", "acs:sourceip=10.0.0.1")
    assert code == 0 and out.startswith("Allow:")
    assert err == ('immplay eval: warning: condition keys are case-sensitive: "acs:sourceip" is not '
                   '"acs:SourceIp", so a policy condition on acs:SourceIp does not see this value\n')


def test_a_session_policy_denial_names_the_session_policy(policies, capsys):
    code, out, _ = run(capsys, "--action", "GetProject", "--project", "p", "--session-policy", "session.json")
    assert code == 1
    assert out.splitlines()[1] == "  no statement in the session policy allows it"


def test_an_identity_denial_names_the_identity_policies(policies, capsys):
    code, out, _ = run(capsys, "--action", "CreateProject", "--project", "p")
    assert code == 1
    assert out.splitlines()[1] == "  no statement in the identity policies allows it"
    code, out, _ = run(capsys, "--action", "GetProject", "--project", "secret")
    assert code == 1
    assert out.splitlines()[1:] == ["  decided by team/read.json, statement at line 17 (Deny)",
                                    "  denied explicitly by the identity policies"]


def test_a_policy_is_named_by_the_path_given_on_the_command_line(policies, capsys):
    code, out, _ = run(capsys, "--action", "ListProjects", "--json")
    assert json.loads(out)["deciding"][0]["policy"] == "team/read.json"
    assert main(["lint", "--fail-on", "suggestion", "team/read.json"]) == 1
    assert capsys.readouterr().out.startswith("team/read.json:")


def test_eval_json_prints_an_error_object_on_stdout_for_bad_input(policies, capsys):
    code, out, err = run(capsys, "--action", "GetProject", "--project", "p", "--account", "123", "--json")
    assert code == 2
    assert json.loads(out) == {"error": {"option": "account", "message": '"123" is not an account ID: Alibaba '
                                         "Cloud account IDs have 16 digits"}}
    assert "--account" in err


def test_eval_json_prints_an_error_object_for_a_broken_policy_file(policies, capsys):
    Path("broken.json").write_text('{"Version": "1",\n "Statement": [}', encoding="utf-8")
    code = main(["eval", "broken.json", "--action", "ListProjects", "--json"])
    out, _ = capsys.readouterr()
    assert code == 2
    error = json.loads(out)["error"]
    assert error["option"] is None and error["message"].startswith("broken.json:2:")


def test_eval_json_carries_the_warnings(policies, capsys):
    code, out, _ = run(capsys, "--action", "ListProjects", "--context", "acs:SOURCEIP=10.0.0.1", "--json")
    assert code == 0
    assert json.loads(out)["warnings"][0].startswith('condition keys are case-sensitive: "acs:SOURCEIP"')


def test_eval_json_prints_an_error_object_for_a_usage_error(policies, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["eval", "team/read.json", "--json"])
    out, err = capsys.readouterr()
    assert caught.value.code == 2
    assert json.loads(out) == {"error": {"option": None, "message": "the following arguments are required: --action"}}
    assert "required: --action" in err
