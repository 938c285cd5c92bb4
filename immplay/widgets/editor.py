"""`PolicyCodeEditor`: the code editor of every immplay widget (CodeMirror 6, shipped as an anywidget).

The browser side (`editor.js`, built by `make js` from `js/`, and `editor.css`) does the typing:
line numbers, JSON highlighting, bracket matching and auto-close, undo that survives re-renders,
find (Mod-f), folding, Tab indents (Escape then Tab leaves the editor, as in JupyterLab), completion
from the catalog, and the diagnostics drawn where they are. The kernel side keeps `value` and
`diagnostics` (parse problems and lint findings, recomputed on every change) in sync.

The editor speaks its `language` (the current one when it is created): the diagnostics' messages,
the static snapshot, and, through `phrases` (CodeMirror's `EditorState.phrases`), the words the
browser side draws itself: the find panel, the fold markers, the problems list and its status line.

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

from immplay.language import current_language, language_code, using_language
from immplay.messages import catalog, text
from immplay.widgets.completions import completion_data
from immplay.widgets.diagnostics import diagnostics
from immplay.widgets.rendering import severity_word

_HERE = Path(__file__).parent


class PolicyCodeEditor(anywidget.AnyWidget):
    """A JSON policy editor whose `diagnostics` follow `value` on every change.

    `value` is the text (settable from Python; keystrokes in the browser update it). `diagnostics`
    is a list of dicts with `line`, `column` (1-based, as the editor shows them), `severity`, `code`
    and `message`, in document order. `kind` is the policy kind linted ("identity", "session" or
    "trust"); with `lint=False` only parse problems are shown. An owner that already parses each
    edit (the playground) passes `diagnose=False` and sets `diagnostics` itself, after its own work.
    `select(line, column)` selects that place in the browser and scrolls to it. `language` ("en" or
    "zh-CN"; None: the current language) is what its messages and its own words are written in.
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
    phrases = t.Dict(help="CodeMirror's phrases in the editor's language: English phrase -> translation "
                          "(empty in English)").tag(sync=True)
    kind = t.Unicode("identity")
    lint = t.Bool(True)

    def __init__(self, value: str = "", *, kind: str = "identity", lint: bool = True, diagnose: bool = True,
                 language: str | None = None, **kwargs: Any):
        self._diagnose_on_change = False  # once, below, not once per trait set here
        self.language = language_code(language) if language is not None else current_language()
        super().__init__(value=value, kind=kind, lint=lint, completions=completion_data(),
                         instance_id=uuid.uuid4().hex, phrases=editor_phrases(self.language), **kwargs)
        self._diagnose_on_change = diagnose
        if diagnose:
            self._diagnose()

    @t.observe("value", "kind", "lint")
    def _on_change(self, _change: dict) -> None:
        if self._diagnose_on_change:
            self._diagnose()

    def _diagnose(self) -> None:
        with using_language(self.language):  # the messages of the parse and lint are the editor's language
            self.set_diagnostics(diagnostics(self.value, kind=self.kind, with_lint=self.lint))

    def set_diagnostics(self, found: list) -> None:
        """Show ``found`` (dicts as `diagnostics` holds them); nothing is sent when they are unchanged."""
        found = [dict(d) for d in found]
        if found != self.diagnostics:
            self.diagnostics = found

    def static_html(self) -> str:
        """The text with its line numbers and the diagnostics list, as plain HTML (for static viewers)."""
        with using_language(self.language):
            return static_editor_html(self.value, self.diagnostics)

    def select(self, line: int, column: int = 1, end_line: int | None = None, end_column: int | None = None) -> None:
        """Select the place at `line`, `column` (1-based) in every browser view and scroll it into sight."""
        message: dict[str, Any] = {"type": "select", "line": int(line), "column": int(column)}
        if end_line is not None:
            message.update(end_line=int(end_line), end_column=int(end_column or 1))
        self.send(message)


def static_editor_html(policy_text: str, found: list[dict]) -> str:
    """A policy text with line numbers, problem lines marked, and the list of diagnostics below it
    (in the current language).

    >>> "line 1, position 2" in static_editor_html("{x", [{"line": 1, "column": 2, "severity": "error",
    ...     "code": "InvalidJSON", "message": "m"}])
    True
    """
    marked = {d["line"] for d in found}
    width = len(str(policy_text.count("\n") + 1))
    rows = []
    for number, line in enumerate(policy_text.split("\n"), start=1):
        flag = "!" if number in marked else " "
        rows.append(f'<span style="color:#555555">{number:>{width}} {flag}</span> {escape(line)}')
    pre = ('<pre style="font-family:monospace;font-size:12px;line-height:1.4;margin:0;padding:4px;'
           'background:#f5f5f5;color:#1f1f1f;white-space:pre-wrap;overflow-wrap:anywhere">' + "\n".join(rows) + "</pre>")
    if not found:
        return pre + f'<div>{text("editor.no-problems")}</div>'
    items = "".join(f'<li><b>{text("editor.at-line-position", line=d["line"], column=d["column"])}</b> '
                    f'{escape(severity_word(d["severity"]))}: {escape(d["message"])} [{escape(d["code"])}]</li>'
                    for d in found)
    count = len(found)
    heading = text("editor.problems" if count > 1 else "editor.one-problem", count=count)
    return pre + f'<div>{heading}</div><ul style="margin:0">{items}</ul>'


def editor_phrases(language: str) -> dict[str, str]:
    """CodeMirror's phrase table for `language`: each English phrase the editor's JavaScript asks for
    (the "phrase-…" entries of immplay/messages/editor.toml) -> its translation; empty for English.

    >>> editor_phrases("zh-CN")["Find"], editor_phrases("en")
    ('查找', {})
    """
    code = language_code(language)
    if code == "en":
        return {}
    return {entry["en"]: entry[code] for name, entry in catalog("editor").items() if name.startswith("phrase-")}


__all__ = ["PolicyCodeEditor", "editor_phrases", "static_editor_html"]
