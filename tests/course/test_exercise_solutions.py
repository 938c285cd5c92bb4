"""The course's exercises are gradable: every solution passes, no starting policy does.

Notebooks 06 to 06c present the capstone exercises; each lesson (02 to 02b, 03, 04 to 04c, 05 to 05b) ends
with its own exercise, whose data file carries a `"lesson"` field naming the notebook that shows it (the
capstone's leave it out); a lesson split into parts ends with an exercise in its last part. Every file in
immplay/course/exercises/ is checked here, whichever notebook shows it.

Exercises and solutions are data files (immplay/course/exercises/*.json, immplay/course/solutions/*.json) read
through immplay/course/exercise_book.py, the same loader the notebook uses, so a solution that drifts from
its exercise (a renamed project, a changed requirement) fails here before a trainee meets it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from immplay.course import exercise_book

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"

SLUGS = sorted(path.stem for path in exercise_book.EXERCISES.glob("*.json"))
LESSON_SLUGS = [slug for slug in SLUGS if "lesson" in exercise_book.load_spec(slug)]


def test_the_course_has_at_least_six_graded_exercises_each_with_a_solution_file():
    assert len(SLUGS) - len(LESSON_SLUGS) >= 6
    assert {p.stem for p in exercise_book.SOLUTIONS.glob("*.json")} == set(SLUGS)


def lesson_parts(number: str) -> list[str]:
    """The notebooks of one lesson, in order: "04" -> 04-custom-policies, 04b-..., 04c-..."""
    return sorted(path.stem for path in NOTEBOOKS.glob(f"{number}*-*.ipynb"))


def code_of(notebook: str) -> str:
    cells = json.loads((NOTEBOOKS / f"{notebook}.ipynb").read_text())["cells"]
    return "".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")


def test_lessons_02_to_05_each_end_with_an_exercise_that_their_last_part_loads():
    lessons = {exercise_book.load_spec(slug)["lesson"]: slug for slug in LESSON_SLUGS}
    for number in ("02", "03", "04", "05"):
        last = lesson_parts(number)[-1]
        assert last in lessons, f"lesson {number} ends with {last}, which shows no exercise"
    for lesson, slug in lessons.items():
        assert f'exercise_widget("{slug}")' in code_of(lesson), f"{lesson} does not show its exercise {slug}"


@pytest.mark.parametrize("slug", SLUGS)
def test_solution_passes_its_exercise(slug):
    result = exercise_book.grade(slug, exercise_book.load_solution(slug))
    assert result.passed, f"the solution of {slug} fails its own check:\n{result}"


@pytest.mark.parametrize("slug", SLUGS)
def test_starting_policy_does_not_pass(slug):
    result = exercise_book.grade(slug, exercise_book.load_spec(slug)["start"])
    assert not result.passed, f"{slug} is solved before the trainee starts:\n{result}"


@pytest.mark.parametrize("slug", SLUGS)
def test_exercise_has_a_goal_hints_and_requirements_on_both_sides(slug):
    spec = exercise_book.load_spec(slug)
    assert spec["goal"] and spec["title"]
    assert spec["hints"], f"{slug} has no hint"
    assert spec["must_allow"] and spec["must_deny"], f"{slug} should pin what is allowed AND what is denied"


@pytest.mark.parametrize("slug", [s for s in SLUGS if exercise_book.load_spec(s).get("kind") != "trust"])
def test_the_exercise_widget_grades_like_the_loader_and_reveals_the_solution(slug):
    pytest.importorskip("ipywidgets")
    widget = exercise_book.exercise_widget(slug)
    assert widget.passed is False
    solution = widget.reveal_solution()
    assert json.loads(solution) == json.loads(exercise_book.load_solution(slug))
    widget.policy_text = solution
    assert widget.passed is True
    assert widget.show_hint() == exercise_book.load_spec(slug)["hints"][0]


def test_trust_exercise_refuses_a_caller_without_the_external_id():
    spec = exercise_book.load_spec("external-id-role")
    result = exercise_book.check_trust(spec, exercise_book.load_spec("external-id-role")["start"])
    failing = [r.describe() for r in result.requirements if not r.passed]
    assert "AssumeRole by acs:ram::1509200000000000:user/partner-bot [no external ID] must be denied" in failing
