"""The course's exercises, read from data files: `exercises/<slug>.json` and `solutions/<slug>.json`.

An exercise file holds the title, the goal, the requirements (sample requests that must be allowed or
denied), hints and the starting policy; its solution file holds only the solution policy, so a trainee
who opens the exercise does not see it by accident. The title, the goal and each hint are written in
both languages of the course, side by side (``{"en": "...", "zh-CN": "..."}``); the requirements and
the solution are policy data, the same for both. `load_spec` gives the texts in one language (the
current one unless told), `exercise_data` the file as it is. The notebooks of both course folders and tests/course/test_exercise_solutions.py
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

from immplay.language import LANGUAGES, current_language, language_code, using_language
from immplay.widgets.exercise import CheckResult, RequirementResult, check
from immplay.widgets.exercise import check_trust as grade_trust_policy

HERE = Path(__file__).resolve().parent
EXERCISES = HERE / "exercises"
SOLUTIONS = HERE / "solutions"
# The texts an exercise file writes in every language of the course (a hint list: each hint).
WORDED = ("title", "goal", "hints")


class ExerciseTextError(ValueError):
    """An exercise file whose title, goal or hint is not written in every language of the course."""


def exercise_slugs(lesson: str | None = None) -> list[str]:
    """The capstone's exercises (06), in the order it presents them; with ``lesson`` (a notebook stem
    such as ``"04c-comparing-policies"``), the exercises that end that lesson instead."""
    specs = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in EXERCISES.glob("*.json")}
    chosen = [slug for slug, spec in specs.items() if spec.get("lesson") == lesson]
    return sorted(chosen, key=lambda slug: specs[slug]["order"])


def exercise_data(slug: str) -> dict[str, Any]:
    """The exercise file as it is: title, goal and hints in every language (checked), must_allow,
    must_deny, start (a policy document), kind and role_arn for a trust-policy exercise."""
    data = json.loads((EXERCISES / f"{slug}.json").read_text(encoding="utf-8"))
    for field in WORDED:
        for place, value in _texts(data, field):
            if not isinstance(value, dict) or any(not str(value.get(code) or "").strip() for code in LANGUAGES):
                raise ExerciseTextError(f"exercises/{slug}.json: {place} must be written in "
                                        f"{' and '.join(LANGUAGES)}, as {{\"en\": ..., \"zh-CN\": ...}}; got {value!r}")
    return data


def _texts(data: dict[str, Any], field: str) -> list[tuple[str, Any]]:
    if field == "hints":
        return [(f"hint {i}", hint) for i, hint in enumerate(data.get("hints") or [], start=1)]
    return [(field, data.get(field))]


def load_spec(slug: str, language: str | None = None) -> dict[str, Any]:
    """The exercise's data with its title, goal and hints in `language` (default: the current one):
    title, goal, must_allow, must_deny, hints, start (a policy document)."""
    code = language_code(language) if language is not None else current_language()
    spec = exercise_data(slug)
    spec["title"], spec["goal"] = spec["title"][code], spec["goal"][code]
    spec["hints"] = [hint[code] for hint in spec["hints"]]
    return spec


def load_solution(slug: str) -> str:
    """The solution policy, as JSON text."""
    return (SOLUTIONS / f"{slug}.json").read_text()


def policy_text(document: Any) -> str:
    """A policy document as the indented JSON text an editor shows."""
    return document if isinstance(document, str) else json.dumps(document, indent=2)


def exercise_widget(slug: str, language: str | None = None) -> Any:
    """The `Exercise` widget for any exercise, starting from its starting policy, speaking `language`
    (default: the current one).

    A trust-policy exercise gets the same widget with the role's ARN: its requirements are callers.
    """
    from immplay.widgets import Exercise

    spec = exercise_data(slug)
    return Exercise(spec["goal"], must_allow=spec["must_allow"], must_deny=spec["must_deny"],
                    solution=load_solution(slug), hints=spec["hints"], policy=policy_text(spec["start"]), name=slug,
                    role_arn=spec["role_arn"] if spec.get("kind") == "trust" else None, language=language)


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
    are older names for the same things. Its goal, hints and report are in `language` (default: the
    current language when it is created)."""

    def __init__(self, slug: str, language: str | None = None) -> None:
        self.slug = slug
        self.language = language_code(language) if language is not None else current_language()
        self.spec = load_spec(slug, self.language)
        self.text = policy_text(self.spec["start"])
        self.hints = list(self.spec["hints"])
        self.hints_shown = 0
        self.result: CheckResult = self._grade()

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
        self.result = self._grade()
        return self.result

    def _grade(self) -> CheckResult:
        with using_language(self.language):
            return check_trust(self.spec, self.text)

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
