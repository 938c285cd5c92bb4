"""`AccessMatrix`: operations × projects/datasets, re-rendered live as the policy text changes.

Diff mode compares the current text with a baseline version (by default the text it started with)
and marks every changed cell with ▲ (new access), ▼ (access removed) or ≠ (deny kind changed),
answering "does this edit grant new access?".

Example:
    >>> text = '{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:Get*", "Resource": "*"}]}'
    >>> m = AccessMatrix(text, ["GetDataset", "DeleteDataset"], ["p/d1", "p/d2"], diff=True)
    >>> m.policy_text = text.replace("imm:Get*", "imm:*")
    >>> m.grants_new_access()
    True
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from immplay.language import current_language, language_code, using_language
from immplay.messages import text
from immplay.widgets.editor import PolicyCodeEditor
from immplay.widgets.matrix import MatrixModel, matrix_policy_source
from immplay.widgets.static_view import StaticRendering


class AccessMatrix(StaticRendering, w.VBox):
    """A live grid of decisions for `operations` (IMM names) × `resources` ("p", "p/d" or ARNs).

    `policies` is the policy you edit (text, dict, Policy), or a list whose first item is edited and
    the rest are evaluated alongside it unchanged (e.g. a guardrail Deny). `baseline` is the version
    diff mode compares with (default: the initial text); `diff=True` starts in diff mode.
    Public attributes: `policy_text` (settable), `cells` (rows of MatrixCell), `error`, `diff`.
    `language` ("en" or "zh-CN"; None: the current language when the matrix is created) is the
    language it speaks for as long as it lives.
    """

    def __init__(self, policies: Any, operations: list[str], resources: list[str], *,
                 baseline: Any = None, diff: bool = False, language: str | None = None):
        self.language = language_code(language) if language is not None else current_language()
        with using_language(self.language):
            self._build(policies, operations, resources, baseline, diff)

    def _build(self, policies: Any, operations: list[str], resources: list[str], baseline: Any,
               diff: bool) -> None:
        source, name, others = matrix_policy_source(policies)
        baseline_text = matrix_policy_source(baseline)[0] if baseline is not None else None
        self.model = MatrixModel(source, operations, resources, others=others, name=name, baseline=baseline_text)
        # the editor marks parse problems and lint findings itself, at their place
        self.editor = PolicyCodeEditor(source, label=text("widgets.matrix-editor-label"), language=self.language)
        self.editor.add_class("immplay-editor")
        self.grid = w.HTML()
        self.diff_toggle = w.ToggleButton(value=diff, description=text("widgets.compare-with-baseline"),
                                          icon="exchange", layout=w.Layout(width="auto"))
        self.baseline_button = w.Button(description=text("widgets.set-baseline"), layout=w.Layout(width="auto"))
        self.editor.observe(self._on_text, names="value")
        self.diff_toggle.observe(lambda _: self._render(), names="value")
        self.baseline_button.on_click(lambda _: self.set_baseline(self.editor.value))
        others_note = (text("widgets.also-evaluated", names=", ".join(p.name for p in others)) if others else "")
        super().__init__([
            self.editor,
            w.HTML(others_note),
            w.Box([self.diff_toggle, self.baseline_button], layout=w.Layout(display="flex", flex_flow="row wrap")),
            self.grid,
        ])
        self.add_class("immplay-access-matrix")
        self._render()

    @property
    def policy_text(self) -> str:
        return self.model.text

    @policy_text.setter
    def policy_text(self, new_text: str) -> None:
        if self.editor.value != new_text:
            self.editor.value = new_text
        else:
            self._on_text({"new": new_text})

    def static_html(self) -> str:
        """The policy text with its diagnostics and the grid (in diff mode when it is on), as shown now."""
        with using_language(self.language):
            return self.editor.static_html() + self.grid.value

    @property
    def diff(self) -> bool:
        return self.diff_toggle.value

    @diff.setter
    def diff(self, on: bool) -> None:
        self.diff_toggle.value = on

    @property
    def cells(self) -> list:
        return self.model.rows

    @property
    def error(self):
        return self.model.error

    def changes(self) -> list:
        """(before, after, kind) for each cell that differs from the baseline."""
        return self.model.changes()

    def grants_new_access(self) -> bool:
        return self.model.grants_new_access()

    def set_baseline(self, baseline: str) -> None:
        """Diff against the text `baseline` from now on (PolicyError if it does not parse)."""
        self.model.set_baseline(baseline)
        self._render()

    def _on_text(self, change: dict) -> None:
        self.model.edit(change["new"])
        self._render()

    def _render(self) -> None:
        with using_language(self.language):
            self.grid.value = self.model.html(diff=self.diff_toggle.value)
