"""``examples/policies-as-code`` runs as its README says, and the pre-commit hooks point at real commands.

Every command in the example README's ``sh`` blocks is run in-process from the example folder; the
exit codes are the ones the README promises (lint and test pass, the diff finds new access).
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from immplay.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "policies-as-code"
EXPECTED_EXIT = {"lint": 0, "test": 0, "diff": 1}


def readme_commands() -> list[list[str]]:
    text = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for command in block.replace("\\\n", " ").splitlines():
            command = command.split("#", 1)[0].strip()
            if command:
                commands.append(shlex.split(command))
    return commands


@pytest.mark.parametrize("argv", readme_commands(), ids=lambda argv: " ".join(argv[1:3]))
def test_every_command_of_the_example_readme_runs_with_the_exit_code_it_promises(argv, monkeypatch, capsys):
    monkeypatch.chdir(EXAMPLE)
    assert argv[0] == "immplay"
    expanded = []
    for arg in argv[1:]:  # the shell's glob, as the README's reader runs it
        expanded += sorted(str(p.relative_to(EXAMPLE)) for p in EXAMPLE.glob(arg)) if "*" in arg else [arg]
    code = main(expanded)
    captured = capsys.readouterr()
    assert code == EXPECTED_EXIT[argv[1]], captured.out + captured.err


def test_the_example_tests_pass_and_the_proposed_version_grants_delete_dataset(monkeypatch, capsys):
    monkeypatch.chdir(EXAMPLE)
    assert main(["test", "policies/media-team.tests.yaml"]) == 0
    assert capsys.readouterr().out == "policies/media-team.tests.yaml: 7 cases, 7 passed, 0 failed\n"
    assert main(["diff", "policies/media-team.json", "proposed/media-team.json"]) == 1
    out = capsys.readouterr().out
    assert "  acs:imm:cn-shanghai:1509100000000000:project/imm-test-media-proj/dataset/dataset1\n      DeleteDataset\n" in out


def test_the_guardrail_decides_the_diff_once_the_context_says_where_the_caller_is(monkeypatch, capsys):
    monkeypatch.chdir(EXAMPLE)
    argv = ["diff", "--old", "policies/media-team.json", "policies/guardrails.json",
            "--new", "proposed/media-team.json", "policies/guardrails.json"]
    assert main(argv) == 1
    assert "DeleteDataset" in capsys.readouterr().out
    assert main([*argv, "--context", "acs:SourceIp=203.0.113.5"]) == 1
    assert "DeleteDataset" not in capsys.readouterr().out


def test_the_pre_commit_hooks_run_real_commands_on_the_example_layout():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert [h["id"] for h in hooks] == ["immplay-lint", "immplay-test"]
    for hook in hooks:
        program, command = hook["entry"].split()
        assert (program, hook["language"]) == ("immplay", "python") and command in commands
        assert re.search(hook["files"], "examples/policies-as-code/policies/media-team.json")
        assert not re.search(hook["files"], "package.json")
    assert next(h for h in hooks if h["id"] == "immplay-test")["pass_filenames"] is False
