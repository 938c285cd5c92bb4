"""The course's exercises, read from data files: `exercises/<slug>.json` and `solutions/<slug>.json`.

An exercise file holds the goal, the requirements (sample requests that must be allowed or denied),
hints and the starting policy; its solution file holds only the solution policy, so a trainee who
opens the exercise does not see it by accident. The notebooks of both course folders and tests/course/test_exercise_solutions.py
all read the exercises through this module, so they grade exactly the same way.

Every exercise is graded by the package's one grading API, the `Exercise` widget's: identity-policy
exercises by `immplay.widgets.exercise.check`, trust-policy exercises (`"kind": "trust"`, whose
requirements are callers of AssumeRole, a principal ARN plus the request context) by
`immplay.widgets.exercise.check_trust`. Both give a `CheckResult`; `exercise_widget(slug)` gives an
`Exercise` widget for either kind, and `TrustExercise` the same names without a widget.

Example:
    >>> from immplay.course.exercise_book import exercise_slugs, load_spec, grade
    >>> slug = exercise_slugs()[0]
    >>> grade(slug, load_spec(slug)["start"]).passed      # doctest: +SKIP
    False
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from immplay.widgets.exercise import CheckResult, RequirementResult, check
from immplay.widgets.exercise import check_trust as grade_trust_policy

HERE = Path(__file__).resolve().parent
EXERCISES = HERE / "exercises"
SOLUTIONS = HERE / "solutions"


def exercise_slugs(lesson: str | None = None) -> list[str]:
    """The capstone's exercises (06), in the order it presents them; with ``lesson`` (a notebook stem
    such as ``"04c-comparing-policies"``), the exercises that end that lesson instead."""
    specs = {path.stem: json.loads(path.read_text()) for path in EXERCISES.glob("*.json")}
    chosen = [slug for slug, spec in specs.items() if spec.get("lesson") == lesson]
    return sorted(chosen, key=lambda slug: specs[slug]["order"])


def load_spec(slug: str) -> dict[str, Any]:
    """The exercise's data: title, goal, must_allow, must_deny, hints, start (a policy document)."""
    return json.loads((EXERCISES / f"{slug}.json").read_text())


def load_solution(slug: str) -> str:
    """The solution policy, as JSON text."""
    return (SOLUTIONS / f"{slug}.json").read_text()


def policy_text(document: Any) -> str:
    """A policy document as the indented JSON text an editor shows."""
    return document if isinstance(document, str) else json.dumps(document, indent=2)


def exercise_widget(slug: str) -> Any:
    """The `Exercise` widget for any exercise, starting from its starting policy.

    A trust-policy exercise gets the same widget with the role's ARN: its requirements are callers.
    """
    from immplay.widgets import Exercise

    spec = load_spec(slug)
    return Exercise(spec["goal"], must_allow=spec["must_allow"], must_deny=spec["must_deny"],
                    solution=load_solution(slug), hints=spec["hints"], policy=policy_text(spec["start"]), name=slug,
                    role_arn=spec["role_arn"] if spec.get("kind") == "trust" else None)


# A trust exercise's report is a `CheckResult` like any other; the old names stay for notebooks that use them.
TrustResult = CheckResult
TrustRequirement = RequirementResult


def check_trust(spec: dict[str, Any], text: str | dict) -> CheckResult:
    """Grade a trust policy: each listed caller is allowed or denied as the exercise requires."""
    return grade_trust_policy(text, spec["role_arn"], spec["must_allow"], spec["must_deny"])


def grade(slug: str, text: str | dict) -> CheckResult:
    """Grade any exercise (identity or trust policy): a `CheckResult`, with `.passed` and a printable report."""
    spec = load_spec(slug)
    if spec.get("kind") == "trust":
        return check_trust(spec, text)
    return check(policy_text(text), spec["must_allow"], spec["must_deny"], name=slug)


class TrustExercise:
    """A trust-policy exercise without a widget, with the `Exercise` widget's names: set `policy_text`
    (or pass it to `check`), read `result` and `passed`, ask for `show_hint()`, `reveal_solution()`,
    or `load_solution()` to make the solution the current text. `text`, `hint()` and `solution()`
    are older names for the same things."""

    def __init__(self, slug: str) -> None:
        self.slug = slug
        self.spec = load_spec(slug)
        self.text = policy_text(self.spec["start"])
        self.hints = list(self.spec["hints"])
        self.hints_shown = 0
        self.result: CheckResult = check_trust(self.spec, self.text)

    @property
    def goal(self) -> str:
        return self.spec["goal"]

    @property
    def kind(self) -> str:
        return "trust"

    @property
    def policy_text(self) -> str:
        return self.text

    @policy_text.setter
    def policy_text(self, text: str) -> None:
        self.check(text)

    @property
    def passed(self) -> bool:
        return self.result.passed

    def check(self, text: str | None = None) -> CheckResult:
        """Grade the current text, or `text` after making it the current text."""
        if text is not None:
            self.text = text
        self.result = check_trust(self.spec, self.text)
        return self.result

    def show_hint(self) -> str | None:
        """The next hint (None once all are shown), as `Exercise.show_hint`."""
        if self.hints_shown >= len(self.hints):
            return None
        self.hints_shown += 1
        return self.hints[self.hints_shown - 1]

    def hint(self) -> str:
        """The next hint (the last one again once all are shown)."""
        return self.show_hint() or self.hints[-1]

    def reveal_solution(self) -> str:
        """The solution text (the current text is left as it is)."""
        return load_solution(self.slug)

    def solution(self) -> str:
        return self.reveal_solution()

    def load_solution(self) -> str:
        """Make the solution the current text and grade it."""
        solution = self.reveal_solution()
        self.check(solution)
        return solution
