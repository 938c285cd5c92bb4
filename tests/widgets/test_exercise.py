"""Exercises: the pure `check` a trainer can call from pytest, and the widget over it."""

from __future__ import annotations

from widget_policies import ACCOUNT, allow, deny, policy_text

from immplay.widgets import Exercise
from immplay.widgets.exercise import check

DATASET_D = f"acs:imm:cn-shanghai:{ACCOUNT}:project/p/dataset/d"
SOLUTION = policy_text(allow(["imm:GetDataset", "imm:QueryFigureClusters"], DATASET_D))
MUST_ALLOW = [("GetDataset", "p", "d"), ("QueryFigureClusters", "p", "d")]
MUST_DENY = [("DeleteDataset", "p", "d"), ("GetDataset", "p", "other")]


def test_the_solution_passes_every_requirement():
    result = check(SOLUTION, MUST_ALLOW, MUST_DENY)
    assert result.passed and result.failures == []
    assert "4/4 requirements hold: exercise passed." in str(result)


def test_a_resource_mismatch_hint_names_the_statement_and_the_arn_it_missed():
    wrong = policy_text(allow(["imm:GetDataset", "imm:QueryFigureClusters"],
                              f"acs:imm:cn-shanghai:{ACCOUNT}:project/p/dataset/x"))
    result = check(wrong, MUST_ALLOW, MUST_DENY)
    assert not result.passed
    assert result.failures[0].hint.startswith(f"the statement at line 4: its Resource does not match {DATASET_D}")


def test_an_action_mismatch_hint_names_the_action():
    result = check(policy_text(allow("imm:GetDataset", DATASET_D)), MUST_ALLOW)
    (failure,) = result.failures
    assert failure.sample.operation == "QueryFigureClusters"
    assert failure.hint == "no statement's Action matches imm:QueryFigureClusters: add it to an Allow statement's Action"


def test_a_too_broad_policy_fails_the_must_deny_requirements_with_the_granting_statement():
    result = check(policy_text(allow("imm:*")), MUST_ALLOW, MUST_DENY)
    assert [r.describe() for r in result.failures] == ["DeleteDataset on p/d must be denied",
                                                       "GetDataset on p/other must be denied"]
    assert result.failures[0].hint.startswith("the statement at line 4 allows imm:DeleteDataset")


def test_an_explicit_deny_hint_says_deny_wins():
    text = policy_text(allow("imm:*", DATASET_D), deny("imm:Query*"))
    failure = check(text, MUST_ALLOW).failures[0]
    assert "the statement at line 9 denies imm:QueryFigureClusters explicitly" in failure.hint


def test_a_false_condition_hint_quotes_the_condition():
    text = policy_text(allow("imm:GetDataset", DATASET_D, Condition={"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}}))
    failure = check(text, [("GetDataset", "p", "d", {"acs:SourceIp": "192.168.1.1"})]).failures[0]
    assert failure.hint.startswith("the statement at line 4: its Condition is false: IpAddress acs:SourceIp")


def test_text_that_does_not_parse_fails_every_requirement_and_carries_the_error():
    result = check('{"Version": "1"', MUST_ALLOW, MUST_DENY)
    assert not result.passed and result.error is not None
    assert len(result.failures) == 4
    assert "does not parse" in str(result)


def test_the_widget_grades_live_and_shows_pass_fail_and_hints():
    ex = Exercise("Read dataset d of project p, nothing else.", MUST_ALLOW, MUST_DENY, solution=SOLUTION,
                  hints=["Name the dataset ARN exactly.", "Two actions are needed."])
    assert not ex.passed
    # The default starter parses (RAM refuses an empty Statement list) but grants nothing asked for.
    assert "✖ FAIL" in ex.report.value and "does not parse" not in ex.report.value
    ex.policy_text = policy_text(allow("imm:GetDataset", DATASET_D))
    assert "✔ PASS" in ex.report.value and "✖ FAIL" in ex.report.value
    assert "hint: no statement&#x27;s Action matches imm:QueryFigureClusters" in ex.report.value
    ex.editor.value = SOLUTION
    assert ex.passed and "Exercise passed" in ex.report.value


def test_trainer_hints_appear_one_by_one_counted_and_the_solution_on_request():
    ex = Exercise("goal", MUST_ALLOW, solution=SOLUTION, hints=["first", "second"])
    assert ex.hint_view.value == "" and ex.hint_button.description == "show hint 1 of 2"
    ex.hint_button.click()
    assert "hint 1 of 2: first" in ex.hint_view.value and "second" not in ex.hint_view.value
    assert ex.hint_button.description == "show hint 2 of 2"
    ex.hint_button.click()
    assert "hint 2 of 2: second" in ex.hint_view.value and ex.hint_button.disabled
    assert ex.hint_button.description == "all 2 hints shown"
    assert ex.solution_view.value == "" and ex.load_solution_button.layout.display == "none"
    ex.solution_button.click()
    assert "imm:QueryFigureClusters" in ex.solution_view.value
    assert ex.policy_text != SOLUTION  # revealing does not overwrite the trainee's text
    assert ex.solution_button.description == "hide solution" and ex.load_solution_button.layout.display is None
    ex.solution_button.click()  # and it can be hidden again
    assert ex.solution_view.value == "" and ex.solution_button.description == "reveal solution"
    ex.solution_button.click()
    ex.load_solution_button.click()  # only this puts it into the editor
    assert ex.policy_text == SOLUTION and ex.passed


def test_the_reason_a_requirement_fails_is_folded_until_asked_for():
    ex = Exercise("goal", MUST_ALLOW)
    assert "<details" in ex.report.value and "<summary>why it fails</summary>" in ex.report.value


def test_the_exercise_editor_shows_lint_findings_live():
    ex = Exercise("goal", MUST_ALLOW)
    ex.editor.value = policy_text(allow("imm:GetDatasett", DATASET_D))
    [finding] = [d for d in ex.editor.diagnostics if d["code"] == "unknown-action"]
    assert finding["severity"] == "error" and "GetDataset" in finding["message"]
    assert "line 6, position" in ex.static_html()
