"""Each widget's mime bundle carries a static `text/html` snapshot of what it shows, beside the live
view, so GitHub and nbviewer show the decisions, the grading report and the matrix."""

from __future__ import annotations

from widget_policies import ACCOUNT, allow, policy_text

from immplay.widgets import AccessMatrix, Exercise, PolicyPlayground

GET_ONLY = policy_text(allow("imm:Get*", f"acs:imm:cn-shanghai:{ACCOUNT}:project/p"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def test_the_playground_snapshot_shows_the_policy_and_each_decision():
    bundle = PolicyPlayground(GET_ONLY, requests=[("GetProject", "p"), ("DeleteProject", "p")])._repr_mimebundle_()
    assert WIDGET_VIEW in bundle
    html = bundle["text/html"]
    assert "imm:Get*" in html and "✔ Allow" in html and "∅ ImplicitDeny" in html


def test_the_snapshot_follows_an_edit():
    pg = PolicyPlayground(GET_ONLY, requests=[("DeleteProject", "p")])
    pg.policy_text = GET_ONLY.replace("imm:Get*", "imm:*")
    assert "✔ Allow" in pg._repr_mimebundle_()["text/html"]


def test_the_exercise_snapshot_shows_the_goal_and_the_grading_report():
    ex = Exercise("Read project p.", must_allow=[("GetProject", "p")], must_deny=[("DeleteProject", "p")],
                  policy=GET_ONLY)
    html = ex._repr_mimebundle_()["text/html"]
    assert "Read project p." in html and "✔ PASS" in html and "Exercise passed" in html


def test_the_matrix_snapshot_shows_the_grid():
    m = AccessMatrix(GET_ONLY, ["GetProject", "DeleteProject"], ["p", "q"])
    html = m._repr_mimebundle_()["text/html"]
    assert "GetProject" in html and "DeleteProject" in html and "Allow" in html


def test_side_by_side_snapshot_shows_every_panel_under_its_title_and_follows_edits():
    from immplay.widgets import SideBySide

    read, write = (AccessMatrix(GET_ONLY, ["GetProject", "DeleteProject"], ["p"]) for _ in range(2))
    grid = SideBySide({"read only": read, "<edited>": write})
    write.policy_text = GET_ONLY.replace("imm:Get*", "imm:*")
    bundle = grid._repr_mimebundle_()
    assert WIDGET_VIEW in bundle
    html = bundle["text/html"]
    assert "<b>read only</b>" in html and "<b>&lt;edited&gt;</b>" in html  # titles are escaped
    assert html.count("imm:Get*") == 1 and html.count("imm:*") == 1  # each panel's own policy, as edited


def test_every_snapshot_shows_the_editor_text_with_line_numbers_and_its_diagnostics():
    typo = GET_ONLY.replace("imm:Get*", "imm:GetProjct")
    widgets = [PolicyPlayground(typo, requests=[("GetProject", "p")], restore=False),
               Exercise("Read project p.", must_allow=[("GetProject", "p")], policy=typo),
               AccessMatrix(typo, ["GetProject"], ["p"])]
    for widget in widgets:
        html = widget._repr_mimebundle_()["text/html"]
        assert "imm:GetProjct" in html
        assert "<b>line 6, position 17</b> error: &quot;imm:GetProjct&quot; is not an IMM 2020-09-30 operation" in html
        assert "[unknown-action]" in html and " 6 !</span>" in html  # the line is flagged in the gutter too
