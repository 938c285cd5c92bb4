"""``immplay lint --fail-on`` and the help of every option, run in-process as CI runs them."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from immplay.cli import build_parser, main

# One finding of each severity below error, and nothing worse, in separate files.
SECURITY_WARNING = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:*", "Resource": "*"}]}
WARNING = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:ListProjects", "Resource": "*",
                                          "Condition": {"IpAddress": {"acs:sourceip": "10.0.0.0/8"}}}]}
SUGGESTION = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:GetDataset",
                                             "Resource": "acs:imm:*:*:project/p"}]}
CLEAN = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:ListProjects", "Resource": "*"}]}
ERROR = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:ListProject", "Resource": "*"}]}


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, doc in [("security.json", SECURITY_WARNING), ("warning.json", WARNING),
                      ("suggestion.json", SUGGESTION), ("clean.json", CLEAN), ("error.json", ERROR)]:
        (tmp_path / name).write_text(json.dumps(doc, indent=2), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def severities(capsys: pytest.CaptureFixture[str], name: str) -> set[str]:
    assert main(["lint", "--json", "--fail-on", "suggestion", name]) in (0, 1)
    return {f["severity"] for f in json.loads(capsys.readouterr().out)[0]["findings"]}


def test_the_fixture_files_carry_exactly_one_severity_each(files, capsys):
    assert severities(capsys, "security.json") == {"security-warning"}
    assert severities(capsys, "warning.json") == {"warning"}
    assert severities(capsys, "suggestion.json") == {"suggestion"}
    assert severities(capsys, "clean.json") == set()
    assert severities(capsys, "error.json") == {"error"}


@pytest.mark.parametrize(("fail_on", "failing"), [
    (None, {"error.json"}),
    ("error", {"error.json"}),
    ("security-warning", {"error.json", "security.json"}),
    ("warning", {"error.json", "security.json", "warning.json"}),
    ("suggestion", {"error.json", "security.json", "warning.json", "suggestion.json"}),
])
def test_lint_fails_on_a_finding_at_or_above_the_chosen_severity(files, capsys, fail_on, failing):
    for name in ("error.json", "security.json", "warning.json", "suggestion.json", "clean.json"):
        option = ["--fail-on", fail_on] if fail_on else []
        assert main(["lint", *option, name]) == (1 if name in failing else 0), name
    capsys.readouterr()


def test_lint_fail_on_refuses_an_unknown_severity(files, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["lint", "--fail-on", "warnings", "clean.json"])
    assert caught.value.code == 2
    assert "invalid choice: 'warnings'" in capsys.readouterr().err


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]


def test_every_option_of_every_subcommand_has_help_text():
    for name, sub in _subparsers(build_parser()).items():
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            assert action.help, f"immplay {name}: {action.option_strings or action.dest} has no help"


def test_serve_and_lint_help_describe_their_options(capsys):
    for command in ("serve", "lint"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
    out = capsys.readouterr().out
    assert "port to listen on (default 0: a free port, printed)" in out
    assert "--fail-on {error,security-warning,warning,suggestion}" in out
