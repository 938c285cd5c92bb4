"""`PolicyCodeEditor`: the code editor of every immplay widget (CodeMirror 6, shipped as an anywidget).

The browser side (`editor.js`, built by `make js` from `js/`, and `editor.css`) does the typing:
line numbers, JSON highlighting, bracket matching and auto-close, undo that survives re-renders,
find (Mod-f), folding, Tab indents (Escape then Tab leaves the editor, as in JupyterLab), completion
from the catalog, and the diagnostics drawn where they are. The kernel side keeps `value` and
`diagnostics` (parse problems and lint findings, recomputed on every change) in sync.

Example:
    >>> ed = PolicyCodeEditor('{"Version": "1", "Statement": [{"Effect": "Allow", '
    ...                       '"Action": "imm:ListProject", "Resource": "*"}]}')
    >>> [(d["line"], d["column"], d["code"]) for d in ed.diagnostics]
    [(1, 62, 'unknown-action')]
"""

from __future__ import annotations

import uuid
from html import escape
from pathlib import Path
from typing import Any

import anywidget
import traitlets as t

from immplay.widgets.completions import completion_data
from immplay.widgets.diagnostics import diagnostics

_HERE = Path(__file__).parent


class PolicyCodeEditor(anywidget.AnyWidget):
    """A JSON policy editor whose `diagnostics` follow `value` on every change.

    `value` is the text (settable from Python; keystrokes in the browser update it). `diagnostics`
    is a list of dicts with `line`, `column` (1-based, as the editor shows them), `severity`, `code`
    and `message`, in document order. `kind` is the policy kind linted ("identity", "session" or
    "trust"); with `lint=False` only parse problems are shown. An owner that already parses each
    edit (the playground) passes `diagnose=False` and sets `diagnostics` itself, after its own work.
    `select(line, column)` selects that place in the browser and scrolls to it.
    """

    _esm = _HERE / "editor.js"
    _css = _HERE / "editor.css"

    # The browser that typed already has the text: no echo of every keystroke back to it.
    value = t.Unicode("", help="the policy text").tag(sync=True, echo_update=False)
    diagnostics = t.List(t.Dict(), help="parse problems and lint findings, in document order").tag(sync=True)
    completions = t.Dict(help="what the editor completes from (the catalog), sent once").tag(sync=True)
    label = t.Unicode("policy editor", help="the name screen readers announce").tag(sync=True)
    announcement = t.Unicode("", help="read to screen readers after the problem count (e.g. the decisions)").tag(
        sync=True)
    instance_id = t.Unicode(help="names this editor to the page, so every view of it shares undo history").tag(
        sync=True)
    min_lines = t.Int(6, help="the editor is at least this many lines tall").tag(sync=True)
    kind = t.Unicode("identity")
    lint = t.Bool(True)

    def __init__(self, value: str = "", *, kind: str = "identity", lint: bool = True, diagnose: bool = True,
                 **kwargs: Any):
        self._diagnose_on_change = False  # once, below, not once per trait set here
        super().__init__(value=value, kind=kind, lint=lint, completions=completion_data(),
                         instance_id=uuid.uuid4().hex, **kwargs)
        self._diagnose_on_change = diagnose
        if diagnose:
            self.set_diagnostics(diagnostics(self.value, kind=self.kind, with_lint=self.lint))

    @t.observe("value", "kind", "lint")
    def _on_change(self, _change: dict) -> None:
        if self._diagnose_on_change:
            self.set_diagnostics(diagnostics(self.value, kind=self.kind, with_lint=self.lint))

    def set_diagnostics(self, found: list) -> None:
        """Show ``found`` (dicts as `diagnostics` holds them); nothing is sent when they are unchanged."""
        found = [dict(d) for d in found]
        if found != self.diagnostics:
            self.diagnostics = found

    def static_html(self) -> str:
        """The text with its line numbers and the diagnostics list, as plain HTML (for static viewers)."""
        return static_editor_html(self.value, self.diagnostics)

    def select(self, line: int, column: int = 1, end_line: int | None = None, end_column: int | None = None) -> None:
        """Select the place at `line`, `column` (1-based) in every browser view and scroll it into sight."""
        message: dict[str, Any] = {"type": "select", "line": int(line), "column": int(column)}
        if end_line is not None:
            message.update(end_line=int(end_line), end_column=int(end_column or 1))
        self.send(message)


def static_editor_html(text: str, found: list[dict]) -> str:
    """A policy text with line numbers, problem lines marked, and the list of diagnostics below it.

    >>> "line 1, position 2" in static_editor_html("{x", [{"line": 1, "column": 2, "severity": "error",
    ...     "code": "InvalidJSON", "message": "m"}])
    True
    """
    marked = {d["line"] for d in found}
    width = len(str(text.count("\n") + 1))
    rows = []
    for number, line in enumerate(text.split("\n"), start=1):
        flag = "!" if number in marked else " "
        rows.append(f'<span style="color:#555555">{number:>{width}} {flag}</span> {escape(line)}')
    pre = ('<pre style="font-family:monospace;font-size:12px;line-height:1.4;margin:0;padding:4px;'
           'background:#f5f5f5;color:#1f1f1f;white-space:pre-wrap;overflow-wrap:anywhere">' + "\n".join(rows) + "</pre>")
    if not found:
        return pre + "<div>No problems found.</div>"
    items = "".join(f'<li><b>line {d["line"]}, position {d["column"]}</b> {escape(d["severity"])}: '
                    f'{escape(d["message"])} [{escape(d["code"])}]</li>' for d in found)
    count = len(found)
    return pre + f'<div>{count} problem{"s" if count > 1 else ""}:</div><ul style="margin:0">{items}</ul>'


__all__ = ["PolicyCodeEditor", "static_editor_html"]
