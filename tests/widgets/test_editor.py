"""The policy editor's kernel side: `value`, `diagnostics` at line and position, completion data."""

from __future__ import annotations

import pytest

pytest.importorskip("anywidget")

from immplay.widgets.completions import arn_snippet, completion_data  # noqa: E402
from immplay.widgets.diagnostics import diagnostics  # noqa: E402
from immplay.widgets.editor import PolicyCodeEditor  # noqa: E402

GOOD = """{
  "Version": "1",
  "Statement": [
    {"Effect": "Allow", "Action": "imm:ListProjects", "Resource": "*"}
  ]
}"""


def test_a_good_policy_has_no_diagnostics():
    assert PolicyCodeEditor(GOOD).diagnostics == []


def test_a_deleted_quote_is_marked_at_the_end_of_its_line_in_plain_words():
    broken = GOOD.replace('"Action": "imm:ListProjects", ', '\n     "Action": "imm:ListProjects,\n     ')
    editor = PolicyCodeEditor(GOOD)
    editor.value = broken
    [d] = editor.diagnostics
    assert (d["line"], d["column"]) == (5, len('     "Action": "imm:ListProjects,') + 1)
    assert d["severity"] == "error" and d["code"] == "InvalidJSON"
    assert d["message"] == ('invalid JSON: a closing quote is missing: the text "imm:ListProjects," runs on to '
                            "the end of line 5")


def test_lint_findings_follow_every_change_at_the_value_they_are_about():
    editor = PolicyCodeEditor(GOOD)
    editor.value = GOOD.replace("imm:ListProjects", "imm:ListProject")
    [d] = editor.diagnostics
    assert (d["line"], d["column"], d["severity"], d["code"]) == (4, 35, "error", "unknown-action")
    assert 'did you mean "imm:ListProjects"' in d["message"]
    editor.value = GOOD
    assert editor.diagnostics == []


def test_diagnostics_are_in_document_order_with_every_field():
    text = """{"Version": "1", "Statement": [
  {"Effect": "Allow", "Action": "imm:*", "Resource": "*"},
  {"Effect": "Allow", "Action": "imm:GetProjectt", "Resource": "acs:imm:cn-shanghai:123:project/p"}
]}"""
    found = PolicyCodeEditor(text).diagnostics
    assert [(d["line"], d["column"]) for d in found] == sorted((d["line"], d["column"]) for d in found)
    assert {d["code"] for d in found} >= {"full-access", "unknown-action", "account-id"}
    assert all(set(d) == {"line", "column", "severity", "code", "message"} for d in found)


def test_without_lint_only_parse_problems_are_marked():
    text = GOOD.replace("imm:ListProjects", "imm:ListProject")
    assert PolicyCodeEditor(text, lint=False).diagnostics == []
    assert diagnostics(text, with_lint=False) == []
    assert [d["code"] for d in diagnostics('{"Version": "1", "Statement": []', with_lint=False)] == ["InvalidJSON"]


def test_trust_policies_are_linted_as_trust_policies():
    trust = ('{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", '
             '"Principal": {"RAM": ["acs:ram::123:root"]}}]}')
    assert [d["code"] for d in PolicyCodeEditor(trust, kind="trust").diagnostics] == ["account-id"]


def test_an_owner_that_diagnoses_itself_sets_the_diagnostics():
    editor = PolicyCodeEditor(GOOD, diagnose=False)
    editor.value = "{"
    assert editor.diagnostics == []
    editor.set_diagnostics(diagnostics("{"))
    assert editor.diagnostics[0]["code"] == "InvalidJSON"


def test_select_sends_the_place_to_the_browser(monkeypatch):
    editor = PolicyCodeEditor(GOOD)
    sent = []
    monkeypatch.setattr(editor, "send", sent.append)
    editor.select(4, 5)
    editor.select(2, 3, end_line=2, end_column=9)
    assert sent[0] == {"type": "select", "line": 4, "column": 5}
    assert sent[1] == {"type": "select", "line": 2, "column": 3, "end_line": 2, "end_column": 9}


def test_completion_data_lists_every_operation_with_its_resource_and_status():
    data = completion_data()
    actions = {a["action"]: a for a in data["actions"]}
    assert len(actions) == 105
    assert actions["imm:ListProjects"]["resource"].startswith("*")
    assert actions["imm:CreateFigureClusteringTask"]["arn"].endswith("project/{ProjectName}/dataset/{DatasetName}") \
        or actions["imm:CreateFigureClusteringTask"]["arn"].endswith("project/{ProjectName}")
    assert {a["status"] for a in data["actions"]} <= {"verified", "inferred", "guess"}
    assert "StringLike" in data["operators"] and "ForAnyValue:StringLike" in data["operators"]
    assert {"name": "acs:SourceIp", "type": "IP address"} in data["condition_keys"]
    assert data["elements"][:3] == ["Effect", "Action", "NotAction"]


def test_arn_snippets_make_each_placeholder_a_field():
    assert arn_snippet("acs:imm:{regionId}:{accountId}:project/{ProjectName}/dataset/{DatasetName}") == \
        "acs:imm:${*}:${*}:project/${ProjectName}/dataset/${DatasetName}"


def test_the_browser_code_and_style_ship_with_the_widget():
    editor = PolicyCodeEditor(GOOD)
    assert "immplay editor bundle" in str(editor._esm)[:200]
    assert ".immplay-code-editor" in str(editor._css)
