"""The course's exercises, read from data files: `exercises/<slug>.json` and `solutions/<slug>.json`.

An exercise file holds the goal, the requirements (sample requests that must be allowed or denied),
hints and the starting policy; its solution file holds only the solution policy, so a trainee who
opens the exercise does not see it by accident. Notebook 06 and tests/course/test_exercise_solutions.py
both read the exercises through this module, so they grade exactly the same way.

Identity-policy exercises are graded by `immplay.widgets.exercise.check` (the `Exercise` widget's
check). Trust-policy exercises (`"kind": "trust"`) say who may assume a role: their requirements are
callers (a principal ARN plus the request context) and `check_trust` grades them with
`immplay.evaluate_assume_role`, the caller's own side allowed, so only the trust policy decides.

Example:
    >>> from exercise_book import exercise_slugs, load_spec, grade
    >>> slug = exercise_slugs()[0]
    >>> grade(slug, load_spec(slug)["start"]).passed      # doctest: +SKIP
    False
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
EXERCISES = HERE / "exercises"
SOLUTIONS = HERE / "solutions"


def exercise_slugs() -> list[str]:
    """Every exercise, in the order the notebook presents them."""
    specs = {path.stem: json.loads(path.read_text()) for path in EXERCISES.glob("*.json")}
    return sorted(specs, key=lambda slug: specs[slug]["order"])


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
    """The `Exercise` widget for an identity-policy exercise, starting from its starting policy."""
    from immplay.widgets import Exercise

    spec = load_spec(slug)
    if spec.get("kind") == "trust":
        raise ValueError(f"{slug} is a trust-policy exercise: use TrustExercise")
    return Exercise(spec["goal"], must_allow=spec["must_allow"], must_deny=spec["must_deny"],
                    solution=load_solution(slug), hints=spec["hints"], policy=policy_text(spec["start"]), name=slug)


@dataclass(frozen=True)
class TrustRequirement:
    """One caller of AssumeRole and the outcome it must get."""

    principal: str
    context: dict[str, str]
    expected: str  # "Allow" or "Deny"
    effect: str | None  # what the trust policy gave; None when the policy does not parse
    passed: bool

    def describe(self) -> str:
        extra = ", ".join(f"{k}={v}" for k, v in sorted(self.context.items())) or "no external ID"
        verb = "must be allowed" if self.expected == "Allow" else "must be denied"
        return f"AssumeRole by {self.principal} [{extra}] {verb}"


@dataclass(frozen=True)
class TrustResult:
    """The outcome of `check_trust`; printed, it reads like the `Exercise` widget's report."""

    passed: bool
    requirements: tuple[TrustRequirement, ...]
    error: str | None = None

    def __str__(self) -> str:
        if self.error is not None:
            return f"✖ the trust policy does not parse:\n{self.error}"
        lines = [f"{'✔ PASS' if r.passed else '✖ FAIL'}  {r.describe()} (got {r.effect})" for r in self.requirements]
        done = sum(r.passed for r in self.requirements)
        lines.append(f"{done}/{len(self.requirements)} requirements hold" + (": exercise passed." if self.passed else "."))
        return "\n".join(lines)


def check_trust(spec: dict[str, Any], text: str | dict) -> TrustResult:
    """Grade a trust policy: each listed caller is allowed or denied as the exercise requires."""
    import immplay

    try:
        trust = immplay.Policy.parse(text, name="trust-policy", kind="trust")
    except immplay.PolicyError as error:
        return TrustResult(False, (), str(error))
    role_arn = spec["role_arn"]
    # The caller's own side allows AssumeRole on the role, so the trust policy alone decides.
    caller_side = immplay.Policy.parse({"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": role_arn}]}, name="caller")
    results = []
    for expected, callers in (("Allow", spec["must_allow"]), ("Deny", spec["must_deny"])):
        for caller in callers:
            decision = immplay.evaluate_assume_role(role_arn, trust, immplay.Principal(type="RAM", id=caller["principal"]),
                                                    [caller_side], context=caller["context"])
            passed = decision.allowed if expected == "Allow" else not decision.allowed
            results.append(TrustRequirement(caller["principal"], caller["context"], expected, decision.effect, passed))
    return TrustResult(all(r.passed for r in results), tuple(results))


def grade(slug: str, text: str | dict) -> Any:
    """Grade any exercise: a `CheckResult` (identity) or a `TrustResult` (trust); both have `.passed`."""
    spec = load_spec(slug)
    if spec.get("kind") == "trust":
        return check_trust(spec, text)
    from immplay.widgets.exercise import check

    return check(policy_text(text), spec["must_allow"], spec["must_deny"], name=slug)


class TrustExercise:
    """A trust-policy exercise without a widget: edit `text`, call `check()`, ask for `hint()`/`solution()`."""

    def __init__(self, slug: str) -> None:
        self.slug = slug
        self.spec = load_spec(slug)
        self.text = policy_text(self.spec["start"])
        self._hints_shown = 0

    @property
    def goal(self) -> str:
        return self.spec["goal"]

    def check(self, text: str | None = None) -> TrustResult:
        if text is not None:
            self.text = text
        return check_trust(self.spec, self.text)

    def hint(self) -> str:
        """The next hint (the last one again once all are shown)."""
        hints = self.spec["hints"]
        self._hints_shown = min(self._hints_shown + 1, len(hints))
        return hints[self._hints_shown - 1]

    def solution(self) -> str:
        return load_solution(self.slug)
