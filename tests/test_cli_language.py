"""``immplay --language zh-CN``: every subcommand answers in Chinese with English's exit codes.

Each command line runs in-process twice, in English and in Chinese (``--language`` before the
subcommand); the two runs must exit with the same code, the Chinese one must print Chinese where the
English one prints words, and file:line:column positions, codes, effects and JSON keys are the same.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from immplay.cli import main

REPO = Path(__file__).resolve().parents[1]
HAN = re.compile(r"[\u4e00-\u9fff]")
POSITION = re.compile(r"\S+:\d+:\d+: ")

ALLOW_P = {"Version": "1", "Statement": [
    {"Effect": "Allow", "Action": "imm:*", "Resource": "acs:imm:*:*:project/p",
     "Condition": {"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}}},
    {"Effect": "Deny", "Action": "imm:DeleteProject", "Resource": "*"}]}
LINT_ME = ('{"Version": "1", "Statement": [\n  {"Effect": "Allow", "Action": "imm:ListProject", "Resource": "*"},\n'
           '  {"Effect": "Allow", "Action": "imm:*", "Resource": "*"}]}')
BROKEN = '{"Version": "1", "Statement": [{"Effect": "allow", "Action": "imm:*", "Resource": "*",}]}'
FAILING_TESTS = """policies: [allow-p.json]
cases:
  - action: GetProject
    project: q
    expect: Allow
  - name: delete is denied
    action: DeleteProject
    project: p
    expect: ExplicitDeny
"""
BAD_TESTS = "policies: [missing.json]\ncases:\n  - action: GetProject\n    expect: Alow\n"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "allow-p.json").write_text(json.dumps(ALLOW_P, indent=2), encoding="utf-8")
    (tmp_path / "lint-me.json").write_text(LINT_ME, encoding="utf-8")
    (tmp_path / "broken.json").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "failing.tests.yaml").write_text(FAILING_TESTS, encoding="utf-8")
    (tmp_path / "bad.tests.yaml").write_text(BAD_TESTS, encoding="utf-8")
    examples = REPO / "examples" / "policies-as-code"
    shutil.copytree(examples / "policies", tmp_path / "policies")
    shutil.copytree(examples / "proposed", tmp_path / "proposed")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("IMMPLAY_LANGUAGE", raising=False)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], arguments: list[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main(arguments)
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


COMMAND_LINES = {
    "eval allow": ["eval", "allow-p.json", "--action", "GetProject", "--project", "p", "--context",
                   "acs:SourceIp=10.1.2.3"],
    "eval implicit deny": ["eval", "allow-p.json", "--action", "GetProject", "--project", "p"],
    "eval explicit deny explained": ["eval", "allow-p.json", "--action", "DeleteProject", "--project", "p",
                                     "--explain"],
    "eval broken policy": ["eval", "broken.json", "--action", "ListProjects"],
    "eval bad request": ["eval", "allow-p.json", "--action", "imn:GetTask"],
    "eval warning": ["eval", "allow-p.json", "--action", "GetProject", "--project", "p",
                     "--context", "acs:sourceip=10.0.0.1"],
    "lint findings": ["lint", "lint-me.json"],
    "lint clean file": ["lint", "policies/guardrails.json", "--fail-on", "error"],
    "lint missing file": ["lint", "nowhere.json"],
    "test passing": ["test", "policies/media-team.tests.yaml"],
    "test failing": ["test", "failing.tests.yaml"],
    "test bad file": ["test", "bad.tests.yaml", "failing.tests.yaml"],
    "diff": ["diff", "policies/media-team.json", "proposed/media-team.json"],
    "diff with conditions": ["diff", "policies/guardrails.json", "allow-p.json"],
    "diff bad input": ["diff", "allow-p.json"],
    "suggest missing trail": ["suggest", "nowhere.jsonl", "--user", "alice"],
}


@pytest.mark.parametrize("name", list(COMMAND_LINES))
def test_every_subcommand_answers_in_chinese_with_the_exit_code_of_english(folder, capsys, name):
    arguments = COMMAND_LINES[name]
    english = run(capsys, arguments)
    chinese = run(capsys, ["--language", "zh-CN", *arguments])
    assert chinese[0] == english[0], (english, chinese)
    for en, zh in zip(english[1:], chinese[1:], strict=True):
        assert not HAN.search(en)
        if re.search(r"[a-z]{3} [a-z]{3}", en):  # English words printed: Chinese ones in their place
            assert HAN.search(zh), (en, zh)
        assert POSITION.findall(zh) == POSITION.findall(en)  # file:line:column, as compilers write it


def test_json_output_in_chinese_has_the_same_keys_codes_and_places(folder, capsys):
    english = run(capsys, ["lint", "--json", "lint-me.json"])
    chinese = run(capsys, ["lint", "--json", "--language", "zh-CN", "lint-me.json"])
    assert chinese[0] == english[0] == 1
    en, zh = json.loads(english[1]), json.loads(chinese[1])
    strip = [[{k: v for k, v in f.items() if k != "message"} for f in file["findings"]] for file in en]
    assert strip == [[{k: v for k, v in f.items() if k != "message"} for f in file["findings"]] for file in zh]
    assert all(HAN.search(f["message"]) for file in zh for f in file["findings"])


def test_chinese_lint_lines_keep_file_position_severity_and_code(folder, capsys):
    code, out, _ = run(capsys, ["--language", "zh-CN", "lint", "lint-me.json"])
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith('lint-me.json:2:33: error: "imm:ListProject" 不是 IMM 2020-09-30 版本的操作')
    assert first.endswith("[unknown-action]（位置 /Statement/0/Action）")


def test_language_after_the_subcommand_and_from_the_environment(folder, capsys, monkeypatch):
    after = run(capsys, ["lint", "lint-me.json", "--language", "zh-CN"])
    before = run(capsys, ["--language", "zh-CN", "lint", "lint-me.json"])
    assert after == before
    monkeypatch.setenv("IMMPLAY_LANGUAGE", "zh-CN")
    assert run(capsys, ["lint", "lint-me.json"]) == before
    english = run(capsys, ["--language", "en", "lint", "lint-me.json"])  # the option beats the environment
    assert english[0] == 1 and not HAN.search(english[1])


def test_an_unknown_language_is_a_usage_error_naming_the_two_languages(folder, capsys, monkeypatch):
    code, out, err = run(capsys, ["--language", "fr", "lint", "lint-me.json"])
    assert code == 2 and out == ""
    assert "argument --language: immplay speaks 'en' and 'zh-CN', not 'fr'" in err
    monkeypatch.setenv("IMMPLAY_LANGUAGE", "klingon")
    code, out, err = run(capsys, ["lint", "lint-me.json"])
    assert code == 2 and out == ""
    assert err == "immplay lint: IMMPLAY_LANGUAGE='klingon': immplay speaks 'en' and 'zh-CN', not 'klingon'\n"


def test_help_mentions_the_language_option_in_the_language_asked_for(folder, capsys):
    code, out, _ = run(capsys, ["--help"])
    assert code == 0 and "--language {en,zh-CN}" in out and "IMMPLAY_LANGUAGE" in out
    code, out, _ = run(capsys, ["lint", "--help"])
    assert code == 0 and "--language {en,zh-CN}" in out
    code, out, _ = run(capsys, ["--language", "zh-CN", "eval", "--help"])
    assert code == 0 and "immplay 消息使用的语言" in out


def test_the_english_help_is_the_help_catalogs_english_and_every_text_has_chinese():
    from immplay.cli import _help_fields, build_parser, help_texts
    from immplay.language import using_language
    from immplay.messages import text

    english = [(key, getattr(holder, attribute)) for key, holder, attribute in help_texts(build_parser())]
    assert len(english) > 40
    for key, shown in english:
        assert text(key, language="en", **_help_fields()) == shown, key
    with using_language("zh-CN"):
        chinese = [getattr(holder, attribute) for _, holder, attribute in help_texts(build_parser())]
    assert all(HAN.search(shown) for shown in chinese)
