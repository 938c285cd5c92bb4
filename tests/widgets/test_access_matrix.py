"""AccessMatrix: a live grid of decisions, and a diff mode that marks what an edit changed."""

from __future__ import annotations

import re

from widget_policies import ACCOUNT, allow, deny, policy_text

from immplay.widgets import AccessMatrix
from immplay.widgets.matrix import MatrixModel, resource_request

READ_P = policy_text(allow(["imm:GetDataset", "imm:ListDatasets"], f"acs:imm:*:{ACCOUNT}:project/p"))
OPS = ["ListDatasets", "GetDataset", "DeleteDataset"]
RESOURCES = ["p", "p/d1", "q/d1"]


def effects(matrix) -> list[list[str]]:
    return [[cell.effect for cell in row] for row in matrix.cells]


def test_grid_holds_one_decision_per_operation_and_resource():
    m = AccessMatrix(READ_P, OPS, RESOURCES)
    assert effects(m) == [
        ["Allow", "n/a", "n/a"],  # ListDatasets is authorized on the project: a dataset column is n/a
        ["n/a", "Allow", "ImplicitDeny"],  # a grant on project p covers its datasets, not q's
        ["n/a", "ImplicitDeny", "ImplicitDeny"],
    ]
    html = m.grid.value
    assert html.count("✔ Allow") == 2 and "— n/a" in html
    assert "authorized on a dataset" in html  # the n/a cell says why (tooltip)


def test_resources_may_be_arns():
    arn = f"acs:imm:cn-hangzhou:{ACCOUNT}:project/p/dataset/d9"
    assert resource_request("GetDataset", arn).resource == arn
    m = AccessMatrix(READ_P, ["GetDataset"], [arn])
    assert effects(m) == [["Allow"]]


def test_grid_rerenders_when_the_policy_text_changes_and_keeps_the_last_grid_when_it_breaks():
    m = AccessMatrix(READ_P, OPS, RESOURCES)
    m.editor.value = policy_text(allow("imm:*"))
    assert effects(m)[2] == ["n/a", "Allow", "Allow"]
    m.policy_text = "{ not json"
    assert m.error is not None and effects(m)[2] == ["n/a", "Allow", "Allow"]
    assert "◐ stale" in m.grid.value
    assert [(d["line"], d["column"], d["code"]) for d in m.editor.diagnostics] == [(1, 3, "InvalidJSON")]


def test_diff_mode_marks_new_access_with_a_symbol_and_answers_does_this_edit_grant_new_access():
    m = AccessMatrix(READ_P, OPS, RESOURCES, diff=True)
    assert not m.grants_new_access() and "No change" in m.grid.value
    m.policy_text = policy_text(allow("imm:*", f"acs:imm:*:{ACCOUNT}:project/p"))
    assert m.grants_new_access()
    assert [(b.effect, a.effect, a.operation, a.resource) for b, a, _ in m.changes()] == [
        ("ImplicitDeny", "Allow", "DeleteDataset", "p/d1")]
    html = m.grid.value
    assert "▲ This edit grants new access" in html and "DeleteDataset on p/d1" in html
    assert len(re.findall(r'data-change="granted"', html)) == 2  # the cell and its marker
    assert "▲ new access" in html and "(was ImplicitDeny)" in html


def test_diff_mode_marks_removed_access_and_deny_kind_changes():
    m = AccessMatrix(READ_P, OPS, RESOURCES, diff=True)
    m.policy_text = policy_text(allow(["imm:GetDataset", "imm:ListDatasets"], f"acs:imm:*:{ACCOUNT}:project/p"),
                                deny("imm:GetDataset", f"acs:imm:*:{ACCOUNT}:project/p/dataset/d1"),
                                deny("imm:DeleteDataset"))
    kinds = {(a.operation, a.resource): kind for _, a, kind in m.changes()}
    assert kinds[("GetDataset", "p/d1")] == "revoked"
    assert kinds[("DeleteDataset", "q/d1")] == "changed"
    assert not m.grants_new_access()
    assert "▼ access removed" in m.grid.value and "≠ deny kind changed" in m.grid.value


def test_diff_is_off_until_asked_and_the_baseline_can_move():
    m = AccessMatrix(READ_P, OPS, RESOURCES)
    m.policy_text = policy_text(allow("imm:*"))
    assert "data-change=\"granted\"" not in m.grid.value
    m.diff = True
    assert "▲ new access" in m.grid.value
    m.baseline_button.click()
    assert m.changes() == [] and "No change" in m.grid.value


def test_other_policies_are_evaluated_alongside_the_edited_one():
    guardrail = policy_text(deny("imm:Delete*"))
    m = MatrixModel(policy_text(allow("imm:*")), ["DeleteDataset", "GetDataset"], ["p/d"],
                    others=[__import__("immplay").Policy.parse(guardrail, name="guardrail")])
    assert [[c.effect for c in row] for row in m.rows] == [["ExplicitDeny"], ["Allow"]]
    w = AccessMatrix([policy_text(allow("imm:*")), guardrail], ["DeleteDataset"], ["p/d"])
    assert effects(w) == [["ExplicitDeny"]]
