"""One grading API for every kind of exercise: identity-policy and trust-policy exercises answer to the
same names (`policy_text`, `check`, `result`, `passed`, `show_hint`, `reveal_solution`,
`load_solution`), whether a notebook uses the `Exercise` widget or `TrustExercise` without one.
"""

from __future__ import annotations

import json

import pytest

from immplay.course import exercise_book  # noqa: E402
from immplay.widgets.exercise import CheckResult, check_trust  # noqa: E402

# Every exercise file: the capstone's and the ones that end each lesson.
SLUGS = sorted(path.stem for path in exercise_book.EXERCISES.glob("*.json"))
TRUST_SLUGS = [s for s in SLUGS if exercise_book.load_spec(s).get("kind") == "trust"]
GRADING_NAMES = ("policy_text", "check", "result", "passed", "show_hint", "reveal_solution", "load_solution", "goal")


@pytest.mark.parametrize("slug", SLUGS)
def test_every_exercise_loads_its_solution_into_the_widget_and_passes(slug):
    pytest.importorskip("ipywidgets")
    widget = exercise_book.exercise_widget(slug)
    assert widget.passed is False
    solution = widget.load_solution()
    assert json.loads(widget.policy_text) == json.loads(solution) == json.loads(exercise_book.load_solution(slug))
    assert widget.passed is True
    assert "exercise passed" in str(widget.result)


@pytest.mark.parametrize("slug", TRUST_SLUGS)
def test_trust_exercise_without_a_widget_has_the_widgets_names_and_grades_alike(slug):
    pytest.importorskip("ipywidgets")
    bare, widget = exercise_book.TrustExercise(slug), exercise_book.exercise_widget(slug)
    for name in GRADING_NAMES:
        assert hasattr(bare, name) and hasattr(widget, name), name
    assert bare.kind == widget.kind == "trust"
    assert str(bare.result) == str(widget.result)
    assert bare.show_hint() == widget.show_hint() == exercise_book.load_spec(slug)["hints"][0]
    bare.load_solution()
    assert bare.passed and isinstance(bare.result, CheckResult)


def test_a_trust_policy_that_lets_in_a_caller_without_external_id_gets_a_hint_naming_the_statement():
    result = check_trust({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                         "Principal": {"RAM": ["acs:ram::1509200000000000:root"]}}]},
                         "acs:ram::1509100000000000:role/r", must_deny=["acs:ram::1509200000000000:user/bot"])
    [failure] = result.failures
    assert failure.describe() == "AssumeRole by acs:ram::1509200000000000:user/bot [no external ID] must be denied"
    assert failure.hint.startswith("the 1st statement lets")
    assert "lets acs:ram::1509200000000000:user/bot assume the role" in failure.hint


def test_a_trust_requirement_in_an_unknown_form_is_refused_with_the_accepted_forms():
    with pytest.raises(ValueError, match="a principal ARN or"):
        check_trust("{}", "acs:ram::1509100000000000:role/r", must_allow=[42])
