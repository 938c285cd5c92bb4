"""`PolicyPlayground`: edit a RAM policy and watch every sample request's decision change as you type.

The widget only wires core ipywidgets (works in JupyterLab, Notebook 7 and Voila, no custom JS) to
`PlaygroundModel`, which does the work and renders HTML; tests drive either one headless.

Example:
    >>> text = '{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:Get*", "Resource": "*"}]}'
    >>> pg = PolicyPlayground(text, requests=[("ListDatasets", "p")])
    >>> pg.decisions[0].effect
    'ImplicitDeny'
    >>> pg.policy_text = text.replace("imm:Get*", "imm:List*")
    >>> pg.decisions[0].effect
    'Allow'
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import ipywidgets as w

from immplay.language import current_language, language_code, using_language
from immplay.lint import Finding
from immplay.messages import text
from immplay.widgets import rendering, saved_work
from immplay.widgets.diagnostics import from_findings
from immplay.widgets.editor import PolicyCodeEditor
from immplay.widgets.in_place_html import InPlaceHTML
from immplay.widgets.playground_model import PAGE_SIZE, PlaygroundModel, policy_source
from immplay.widgets.policy_menu import find_entry, menu_entries
from immplay.widgets.samples import parse_context, to_samples
from immplay.widgets.static_view import StaticRendering

PAUSE = 0.25  # seconds of quiet typing before the explanation is refreshed


class PolicyPlayground(StaticRendering, w.VBox):
    """A live policy editor over sample requests: decisions, deciding statements, explanations, lint.

    `policy` is JSON text, a dict, an `immplay.Policy` or None (a starter policy). `requests` are
    `immplay.Request`s or `(operation, project, dataset, context)` tuples/dicts (region cn-shanghai,
    account 1509100000000000 unless given). `key` names this playground for restore-on-rerun: a new
    playground with the same key (default: derived from the initial policy) starts from the last text
    edited in this kernel; pass `restore=False` to start from `policy` regardless. `language` ("en" or
    "zh-CN"; None: the current language when the playground is created) is the language it speaks,
    its engine messages (explanations, parse errors, lint) included, for as long as it lives.

    Public attributes: `policy_text` (settable; setting it re-evaluates), `decisions` (one Decision per
    sample request, in order), `error` (None or the PolicyError of the current text), `model`.
    """

    def __init__(self, policy: Any = None, requests: Any = None, *, name: str | None = None,
                 key: str | None = None, restore: bool = True, page_size: int = PAGE_SIZE,
                 language: str | None = None):
        self.language = language_code(language) if language is not None else current_language()
        with using_language(self.language):
            self._build(policy, requests, name, key, restore, page_size)

    def _build(self, policy: Any, requests: Any, name: str | None, key: str | None, restore: bool,
               page_size: int) -> None:
        source, policy_name = policy_source(policy, name)
        self.key = key or saved_work.default_key(source)
        remembered = saved_work.recall(self.key) if restore else None
        self.model = PlaygroundModel(remembered if remembered is not None else source, to_samples(requests),
                                     name=policy_name, page_size=page_size)
        self.restored = remembered is not None and remembered != source
        self.original_text = source

        # editor and what sits beside it
        # the model parses each edit already: the editor shows what the model finds
        self.editor = PolicyCodeEditor(self.model.text, diagnose=False, label=text("widgets.playground-editor-label"),
                                       language=self.language)
        self.editor.add_class("immplay-editor")
        self._menu_prompt = text("widgets.menu-prompt")
        self.menu = w.Dropdown(options=[self._menu_prompt] + [e.label for e in menu_entries()],
                               value=self._menu_prompt, layout=w.Layout(width="100%"))
        self.menu_note = w.HTML()
        # results
        # the summary (counts per effect, stale banner) and the page of rows: one widget, so a
        # keystroke costs the browser one message and one layout
        self.table = InPlaceHTML()  # changed in place: a keystroke repaints what changed, not the table
        self.page_label = w.Label()
        self.prev_button = w.Button(description=text("widgets.previous-page"), layout=w.Layout(width="auto"))
        self.next_button = w.Button(description=text("widgets.next-page"), layout=w.Layout(width="auto"))
        self.request_picker = w.Select(rows=6, layout=w.Layout(width="100%"))
        self.explanation = w.HTML(layout=w.Layout(max_height="26em", overflow="auto"))
        # add / remove sample requests
        from immplay import catalog

        self.add_operation = w.Dropdown(options=[op.name for op in catalog.operations()],
                                        description=text("widgets.add-operation"), layout=w.Layout(width="22em"))
        self.add_project = w.Text(placeholder=text("widgets.add-project"), layout=w.Layout(width="10em"))
        self.add_dataset = w.Text(placeholder=text("widgets.add-dataset"), layout=w.Layout(width="10em"))
        self.add_context = w.Text(placeholder=text("widgets.add-context"), layout=w.Layout(width="16em"))
        self.add_button = w.Button(description=text("widgets.add-request"), button_style="primary", icon="plus")
        self.remove_button = w.Button(description=text("widgets.remove-selected"), icon="trash")
        self.form_message = w.HTML()
        # save and share
        self.share_box = w.Textarea(placeholder=text("widgets.share-placeholder"),
                                    layout=w.Layout(width="100%", height="4em"))
        self.share_button = w.Button(description=text("widgets.show-share-code"))
        self.load_share_button = w.Button(description=text("widgets.load-share-code"))
        self.share_message = w.HTML()

        self._syncing = False
        self._pause_timer: asyncio.TimerHandle | None = None
        self.editor.observe(self._on_text, names="value")
        self.menu.observe(self._on_menu, names="value")
        self.request_picker.observe(self._on_pick, names="value")
        self.prev_button.on_click(lambda _: self._turn_page(-1))
        self.next_button.on_click(lambda _: self._turn_page(+1))
        self.add_button.on_click(self._on_add)
        self.remove_button.on_click(self._on_remove)
        self.share_button.on_click(self._on_share)
        self.load_share_button.on_click(self._on_load_share)
        # a re-run that brings back earlier work says so, and offers the way back
        self.restore_note = w.HTML()
        self.original_button = w.Button(description=text("widgets.back-to-original"), icon="undo",
                                        layout=w.Layout(width="auto"))
        self.original_button.on_click(lambda _: self.back_to_original())
        restore_row = w.Box([self.restore_note, self.original_button],
                            layout=w.Layout(display="flex" if self.restored else "none", flex_flow="row wrap",
                                            align_items="center"))
        self.restore_row = restore_row
        if self.restored:
            self.restore_note.value = f'<span class="immplay-restored">{text("widgets.restored")}</span>'

        # the editor shows its problems and lint findings itself, at their place and in a list below it
        editor_row = w.VBox([restore_row, self.menu, self.menu_note, self.editor], layout=w.Layout(width="100%"))
        pager = w.HBox([self.prev_button, self.page_label, self.next_button])
        # side by side when there is room, the explanation below the list when not
        explain_row = w.Box([
            w.VBox([w.HTML(f'<b>{text("widgets.explain-a-request")}</b>'), self.request_picker],
                   layout=w.Layout(flex="1 1 18em", min_width="0")),
            w.Box([self.explanation], layout=w.Layout(flex="2 1 26em", min_width="0", padding="0 0 0 8px")),
        ], layout=w.Layout(display="flex", flex_flow="row wrap", width="100%"))
        form = w.VBox([
            w.HBox([self.add_operation, self.add_project, self.add_dataset, self.add_context]),
            w.HBox([self.add_button, self.remove_button, self.form_message]),
        ])
        share = w.VBox([w.HBox([self.share_button, self.load_share_button]), self.share_box, self.share_message])
        extras = w.Accordion(children=[form, share])
        extras.set_title(0, text("widgets.add-or-remove-requests"))
        extras.set_title(1, text("widgets.save-and-share"))
        style_sheet = w.HTML(rendering.TABLE_CSS, layout=w.Layout(display="none"))
        super().__init__([style_sheet, editor_row, self.table, pager, explain_row, extras])
        # stable hooks for the browser tests and the latency benchmark
        self.add_class("immplay-playground")
        self.table.add_class("immplay-table")
        self.request_picker.add_class("immplay-request-picker")
        self._refresh(options=True)
        saved_work.remember(self.key, self.model.text)

    # --- public API ----------------------------------------------------------------------------
    @property
    def policy_text(self) -> str:
        return self.model.text

    @policy_text.setter
    def policy_text(self, new_text: str) -> None:
        if self.editor.value != new_text:
            self.editor.value = new_text  # the observer re-evaluates, exactly as a keystroke does
        else:  # setting the same value fires no observer; re-evaluate anyway
            self._on_text({"new": new_text})

    @property
    def decisions(self) -> list:
        return list(self.model.decisions)

    def static_html(self) -> str:
        """The policy text, its problems and lint findings, and the decision table, as shown now."""
        with using_language(self.language):
            return self.editor.static_html() + self.table.value

    @property
    def error(self):
        return self.model.error

    @property
    def samples(self) -> list:
        return list(self.model.samples)

    def add_request(self, request: Any) -> None:
        """Add a sample request (any form `requests=` accepts)."""
        with using_language(self.language):
            self.model.add(to_samples([request])[0])
            self._refresh(options=True)

    def remove_request(self, index: int) -> None:
        """Remove sample request `index` (0-based)."""
        with using_language(self.language):
            self.model.remove(index)
            self._refresh(options=True)

    def load_policy(self, label: str) -> None:
        """Put a menu entry (e.g. 'Example: specific projects', 'System policy: AliyunIMMFullAccess') in the
        editor; its label in either language will do."""
        with using_language(self.language):
            entry = find_entry(label)
            self.model.name = entry.policy_name  # the deciding column names the loaded policy, not the last one
            self.policy_text = entry.text()
            self.menu_note.value = text("widgets.menu-loaded", label=entry.label, source=entry.source,
                                        note=entry.note)

    def back_to_original(self) -> None:
        """Put the text this playground was created with back in the editor (undo in the editor brings
        the restored text back)."""
        self.policy_text = self.original_text  # (the observer speaks the playground's language)
        self.restore_row.layout.display = "none"

    # --- work is not lost ----------------------------------------------------------------------
    def export_state(self) -> str:
        """The policy text and sample requests as a JSON string (`from_state` reads it)."""
        return self._state().to_json()

    def save(self, path: str | Path) -> Path:
        """Write `export_state()` to `path`; returns the path."""
        path = Path(path)
        path.write_text(self.export_state(), encoding="utf-8")
        return path

    @property
    def share_code(self) -> str:
        """A compact string (base64url of compressed JSON) that `from_share_code` turns back into this state."""
        return saved_work.share_code(self._state())

    @classmethod
    def from_state(cls, text: str, **kwargs: Any) -> PolicyPlayground:
        state = saved_work.state_from_json(text)
        kwargs.setdefault("restore", False)
        return cls(state.policy_text, state.requests, name=state.policy_name, **kwargs)

    @classmethod
    def load(cls, path: str | Path, **kwargs: Any) -> PolicyPlayground:
        return cls.from_state(Path(path).read_text(encoding="utf-8"), **kwargs)

    @classmethod
    def from_share_code(cls, code: str, **kwargs: Any) -> PolicyPlayground:
        state = saved_work.state_from_share_code(code)
        kwargs.setdefault("restore", False)
        return cls(state.policy_text, state.requests, name=state.policy_name, **kwargs)

    def _state(self) -> saved_work.PlaygroundState:
        return saved_work.PlaygroundState(policy_text=self.model.text, policy_name=self.model.name,
                                          requests=[s.to_json() for s in self.model.samples])

    # --- wiring --------------------------------------------------------------------------------
    def _on_text(self, change: dict) -> None:
        if self._syncing:
            return
        with using_language(self.language):
            self._take_text(change["new"])

    def _take_text(self, new_text: str) -> None:
        self.model.edit(new_text, lint=False)
        saved_work.remember(self.key, self.model.text)
        self._refresh(explanation=False)  # the decisions go to the browser first...
        self.model.lint_now()  # ...then the diagnostics: lint is fast enough for every keystroke
        with self.editor.hold_sync():  # diagnostics and the announcement travel as one message
            self.editor.announcement = self._announcement
            self._show_diagnostics()
        self._when_typing_pauses()

    def _when_typing_pauses(self) -> None:
        # Decisions and diagnostics answer every keystroke. The explanation (a tall block whose
        # height changes, so the page re-lays out) follows once typing pauses for PAUSE seconds.
        # Without a running event loop (scripts, tests) there is no "later": they run at once.
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._after_pause()
            return
        if self._pause_timer is not None:
            self._pause_timer.cancel()
        self._pause_timer = loop.call_later(PAUSE, self._after_pause)

    def _after_pause(self) -> None:
        self._pause_timer = None
        with using_language(self.language):
            self.explanation.value = self.model.explanation_html()

    def _show_diagnostics(self) -> None:
        # Parse problems of the current text; else lint findings of it. (While the text does not parse,
        # the last good policy's findings would point at places that have moved: they are not shown.)
        error = self.model.error
        if error is not None:
            findings = [Finding("error", p.code, p.message, p.path, p.line, p.column) for p in error.problems]
        else:
            findings = self.model.findings
        self.editor.set_diagnostics(from_findings(findings))

    def _on_menu(self, change: dict) -> None:
        if change["new"] == self._menu_prompt:
            return
        self.load_policy(change["new"])
        self.menu.value = self._menu_prompt

    def _on_pick(self, change: dict) -> None:
        if self._syncing or change["new"] is None:
            return
        self.model.select(change["new"])
        with using_language(self.language):
            self._refresh()

    def _turn_page(self, step: int) -> None:
        self.model.set_page(self.model.page + step)
        rows = self.model.page_rows
        if self.model.selected not in rows and len(rows):
            self.model.select(rows.start)
        with using_language(self.language):
            self._refresh(options=True)

    def _on_add(self, _button: Any) -> None:
        with using_language(self.language):
            self._add_from_form()

    def _add_from_form(self) -> None:
        try:
            context = parse_context(self.add_context.value)
            sample = to_samples([{"operation": self.add_operation.value, "project": self.add_project.value or None,
                                  "dataset": self.add_dataset.value or None, "context": context}])[0]
        except (ValueError, KeyError, TypeError) as err:
            self.form_message.value = f'<span style="color:#a40e26">✖ {_plain(err)}</span>'
            return
        self.model.add(sample)
        self.form_message.value = text("widgets.added", number=len(self.model.samples), label=sample.label())
        self._refresh(options=True)

    def _on_remove(self, _button: Any) -> None:
        with using_language(self.language):
            if self.model.selected is None:
                self.form_message.value = text("widgets.nothing-selected")
                return
            removed = self.model.remove(self.model.selected)
            self.form_message.value = text("widgets.removed", label=removed.label())
            self._refresh(options=True)

    def _on_share(self, _button: Any) -> None:
        self.share_box.value = self.share_code
        self.share_message.value = text("widgets.share-shown", language=self.language)

    def _on_load_share(self, _button: Any) -> None:
        with using_language(self.language):
            self._load_share()

    def _load_share(self) -> None:
        try:
            state = saved_work.state_from_share_code(self.share_box.value)
            samples = to_samples(state.requests)
        except (ValueError, KeyError, TypeError) as err:
            self.share_message.value = f'<span style="color:#a40e26">✖ {_plain(err)}</span>'
            return
        self.model.replace_samples(samples)
        self.share_message.value = text("widgets.share-loaded", count=len(samples))
        self.policy_text = state.policy_text
        self._refresh(options=True)

    def _refresh(self, options: bool = False, explanation: bool = True) -> None:
        view = self.model.view(explanation=explanation)
        # Each value is one message to the browser: the decisions first, so they paint first.
        self.table.value = view.summary + view.table
        self._announcement = view.announcement
        if not self.model.lint_pending:  # (while typing, _on_text sends them after the decisions)
            with self.editor.hold_sync():
                self.editor.announcement = view.announcement
                self._show_diagnostics()
        if explanation:
            self.explanation.value = view.explanation
        self.page_label.value = view.page_label
        self.prev_button.disabled = self.model.page == 0
        self.next_button.disabled = self.model.page >= self.model.page_count - 1
        if options:
            self._syncing = True
            try:
                self.request_picker.options = [(f"#{i + 1} {self.model.samples[i].label()}", i)
                                               for i in self.model.page_rows]
                self.request_picker.value = self.model.selected if self.model.selected in self.model.page_rows else None
            finally:
                self._syncing = False


def _plain(err: BaseException) -> str:
    from html import escape

    message = err.args[0] if isinstance(err, KeyError) and err.args else str(err)
    return escape(str(message))
