"""`Exercise`: the trainee edits a policy until every requirement holds; graded live, hints on demand.

The same widget grades an identity policy (requirements are sample requests) and, given `role_arn`,
a role's trust policy (requirements are callers of AssumeRole): one set of names for every exercise.

Example:
    >>> ex = Exercise("Let alice read dataset d of project p, nothing else.",
    ...               must_allow=[("GetDataset", "p", "d")], must_deny=[("DeleteDataset", "p", "d")])
    >>> ex.passed
    False
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

import ipywidgets as w

from immplay.language import current_language, language_code, using_language
from immplay.messages import text
from immplay.widgets import rendering
from immplay.widgets.editor import PolicyCodeEditor
from immplay.widgets.exercise import CheckResult, TrustCaller, check, check_trust
from immplay.widgets.playground_model import policy_source
from immplay.widgets.samples import to_samples
from immplay.widgets.static_view import StaticRendering

# A statement to edit, not an empty list: RAM refuses a policy without statements, and a trainee
# should start from a document that parses.
EMPTY_POLICY = (
    '{\n  "Version": "1",\n  "Statement": [\n    {\n      "Effect": "Allow",\n'
    '      "Action": "imm:GetProject",\n      "Resource": "acs:imm:cn-shanghai:1509100000000000:project/change-me"\n    }\n  ]\n}'
)


EMPTY_TRUST_POLICY = (
    '{\n  "Version": "1",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "sts:AssumeRole",\n'
    '      "Principal": {"RAM": ["acs:ram::1509100000000000:root"]}\n    }\n  ]\n}'
)


def in_language(words: Any, language: str) -> str:
    """A text given in one language (a string) or in several (``{"en": ..., "zh-CN": ...}``), in
    `language`: its own entry, else the English one.

    >>> in_language({"en": "Read project p.", "zh-CN": "读取项目 p。"}, "zh-CN"), in_language("Hi", "zh-CN")
    ('读取项目 p。', 'Hi')
    """
    if isinstance(words, dict):
        return str(words.get(language) or words["en"])
    return str(words)


class Exercise(StaticRendering, w.VBox):
    """A graded exercise: `goal` (text shown first), requirements, optional `solution` and `hints`.

    `must_allow` / `must_deny` take the sample forms of `PolicyPlayground(requests=...)`; with
    `role_arn` the policy is that role's trust policy and they are callers of AssumeRole (principal
    ARNs or `{"principal": ..., "context": {...}}`). `policy` is the starting text (default: a
    one-statement policy of the right kind). The check runs on every edit, and the editor marks
    parse problems and lint findings as the trainee types; `passed` and `result` (a `CheckResult`)
    reflect the current text. "Show hint 1 of 3" reveals the given `hints` one by one, counted;
    "Reveal solution" shows `solution` (text, dict or Policy) below the editor ("hide solution"
    folds it away again), and only "put the solution in the editor" (or `load_solution()`)
    replaces the trainee's text. `goal` and `hints` are text, or ``{"en": ..., "zh-CN": ...}`` (each
    shown in the widget's language). `language` ("en" or "zh-CN"; None: the current language when the
    exercise is created) is the language it speaks, the grading report and hints included.
    """

    def __init__(self, goal: str, must_allow: Iterable[Any] = (), must_deny: Iterable[Any] = (),
                 solution: Any = None, hints: Iterable[str] = (), *, policy: Any = None, name: str = "exercise",
                 role_arn: str | None = None, language: str | None = None):
        self.language = language_code(language) if language is not None else current_language()
        with using_language(self.language):
            self._build(goal, must_allow, must_deny, solution, hints, policy, name, role_arn)

    def _build(self, goal: Any, must_allow: Iterable[Any], must_deny: Iterable[Any], solution: Any,
               hints: Iterable[Any], policy: Any, name: str, role_arn: str | None) -> None:
        self.goal = in_language(goal, self.language)
        self.role_arn = role_arn
        if role_arn is None:
            self.must_allow: list[Any] = to_samples(must_allow)
            self.must_deny: list[Any] = to_samples(must_deny)
        else:
            self.must_allow = [TrustCaller.of(c) for c in must_allow]
            self.must_deny = [TrustCaller.of(c) for c in must_deny]
        self.solution_text = policy_source(solution)[0] if solution is not None else None
        self.hints = [in_language(hint, self.language) for hint in hints]
        self.hints_shown = 0
        self.name = name
        starter = EMPTY_POLICY if role_arn is None else EMPTY_TRUST_POLICY
        start = policy_source(policy)[0] if policy is not None else starter
        self.result: CheckResult = self._grade(start)

        self.editor = PolicyCodeEditor(start, kind=self.kind, label=text("widgets.exercise-editor-label"),
                                       language=self.language)
        self.editor.add_class("immplay-editor")
        self.report = w.HTML()
        self.hint_button = w.Button(description=self._hint_label(), icon="lightbulb-o", disabled=not self.hints,
                                    layout=w.Layout(width="auto"))
        self.solution_button = w.Button(description=text("widgets.reveal-solution"), icon="eye",
                                        disabled=self.solution_text is None, layout=w.Layout(width="auto"))
        self.load_solution_button = w.Button(description=text("widgets.put-solution-in-editor"), icon="paste",
                                             layout=w.Layout(width="auto", display="none"))
        self.hint_view = w.HTML()
        self.solution_view = w.HTML()
        self.editor.observe(self._on_text, names="value")
        self.hint_button.on_click(self._on_hint)
        self.solution_button.on_click(lambda _: self._toggle_solution())
        self.load_solution_button.on_click(lambda _: self.load_solution())
        # editor and report side by side when there is room, one above the other when not
        super().__init__([
            w.HTML(self._goal_html()),
            w.Box([w.Box([self.editor], layout=w.Layout(flex="1 1 26em", min_width="0")),
                   w.Box([self.report], layout=w.Layout(flex="1 1 18em", min_width="0", padding="0 0 0 8px"))],
                  layout=w.Layout(display="flex", flex_flow="row wrap", width="100%")),
            w.Box([self.hint_button, self.solution_button, self.load_solution_button],
                  layout=w.Layout(display="flex", flex_flow="row wrap")),
            self.hint_view, self.solution_view,
        ])
        self.add_class("immplay-exercise")
        self._render()

    @property
    def policy_text(self) -> str:
        return self.editor.value

    @policy_text.setter
    def policy_text(self, new_text: str) -> None:
        self.editor.value = new_text

    @property
    def passed(self) -> bool:
        return self.result.passed

    @property
    def kind(self) -> str:
        """"identity" or "trust": which kind of policy the exercise grades."""
        return "identity" if self.role_arn is None else "trust"

    def check(self, policy: str | None = None) -> CheckResult:
        """Re-run the check on the current text, or on `policy` (a text) after putting it into the
        editor (the check also runs on every edit)."""
        if policy is not None and policy != self.editor.value:
            self.editor.value = policy  # the observer grades it
            return self.result
        with using_language(self.language):
            self.result = self._grade(self.editor.value)
            self._render()
        return self.result

    def load_solution(self) -> str:
        """Put the solution into the editor (replacing the trainee's text) and grade it."""
        solution = self.reveal_solution()
        self.check(solution)
        return solution

    def static_html(self) -> str:
        """The goal, the policy text with its diagnostics, and the grading report, as shown now."""
        with using_language(self.language):
            return self._goal_html() + self.editor.static_html() + self.report.value

    def _goal_html(self) -> str:
        return f'<div class="immplay-goal">{text("widgets.goal", goal=escape(self.goal))}</div>'

    def _grade(self, policy: str) -> CheckResult:
        if self.role_arn is None:
            return check(policy, self.must_allow, self.must_deny, name=self.name)
        return check_trust(policy, self.role_arn, self.must_allow, self.must_deny, name=self.name)

    def show_hint(self) -> str | None:
        """Reveal the next trainer hint (None when all are shown)."""
        if self.hints_shown >= len(self.hints):
            return None
        self.hints_shown += 1
        total = len(self.hints)
        with using_language(self.language):
            self.hint_view.value = "".join(
                f'<div>{text("widgets.hint-line", number=i, total=total, hint=escape(h))}</div>'
                for i, h in enumerate(self.hints[: self.hints_shown], start=1))
            self.hint_button.disabled = self.hints_shown >= total
            self.hint_button.description = self._hint_label()
        return self.hints[self.hints_shown - 1]

    def _hint_label(self) -> str:
        total = len(self.hints)
        if not total:
            return text("widgets.no-hints")
        if self.hints_shown >= total:
            return text("widgets.all-hints-shown", total=total)
        return text("widgets.show-hint", number=self.hints_shown + 1, total=total)

    @property
    def solution_shown(self) -> bool:
        return bool(self.solution_view.value)

    def reveal_solution(self) -> str:
        """Show the solution below the editor (the editor is left as the trainee wrote it)."""
        if self.solution_text is None:
            raise ValueError("this exercise has no solution to reveal")
        self.solution_view.value = (f'<div class="immplay-solution">{text("widgets.solution-heading", language=self.language)}'
                                    f'<pre style="{rendering.PRE_STYLE}">{escape(self.solution_text)}</pre></div>')
        self.solution_button.description = text("widgets.hide-solution", language=self.language)
        self.solution_button.icon = "eye-slash"
        self.load_solution_button.layout.display = None
        return self.solution_text

    def hide_solution(self) -> None:
        """Fold the revealed solution away again."""
        self.solution_view.value = ""
        self.solution_button.description = text("widgets.reveal-solution", language=self.language)
        self.solution_button.icon = "eye"
        self.load_solution_button.layout.display = "none"

    def _toggle_solution(self) -> None:
        if self.solution_shown:
            self.hide_solution()
        else:
            self.reveal_solution()

    def _on_text(self, change: dict) -> None:
        self.check()

    def _on_hint(self, _button: Any) -> None:
        self.show_hint()

    def _render(self) -> None:
        self.report.value = rendering.check_html(self.result)
