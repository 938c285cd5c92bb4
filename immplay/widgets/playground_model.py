"""The policy playground without the widgets: a policy text being edited, evaluated against samples.

Every edit parses the text once, compiles it once (`PolicySet`) and decides every sample request
(the effect only: `PolicySet.effect`, with each sample's resource chain computed once; with
`incremental` only the requests whose action is covered by a statement that changed); full
`Decision` objects, deciding statements and explanations are built only for the rows on screen
(and for `decisions` when a caller asks), so an edit with 2,000 samples stays within milliseconds.
Text that does not parse keeps the last good decisions, marked stale, and the error says where
(line, column). What it renders is in the current language (`immplay.language`).

Example:
    >>> from immplay.widgets.samples import to_samples
    >>> text = '{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:Get*", "Resource": "*"}]}'
    >>> m = PlaygroundModel(text, to_samples(["ListProjects"]))
    >>> m.decisions[0].effect
    'ImplicitDeny'
    >>> m.edit(text.replace("imm:Get*", "imm:List*"))
    >>> m.decisions[0].effect, m.error
    ('Allow', None)
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from immplay.messages import text
from immplay.policy import Decision, Policy, PolicyError, PolicySet, resource_chain
from immplay.widgets import rendering
from immplay.widgets.samples import SampleRequest

# Rows per page. Each keystroke replaces the page in the browser, whose parse + style + layout cost
# grows with the rows: measured in headless Chromium on a busy 2-core box, 25 rows ~6 ms, 50 ~15 ms.
PAGE_SIZE = 25

# What an empty playground starts with: valid, grants nothing, shows the shape of a statement.
STARTER_POLICY = """{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["imm:ListDatasets"],
      "Resource": "acs:imm:cn-shanghai:1509100000000000:project/my-project"
    }
  ]
}"""


def policy_source(policy: Any, name: str | None = None) -> tuple[str, str]:
    """(text, name) for a playground's editor from a policy given as text, dict, `Policy` or None.

    A dict is indented so that line numbers in error messages point at something readable.
    """
    if policy is None:
        return STARTER_POLICY, name or "policy"
    if isinstance(policy, Policy):
        text = policy.text
        if not text.lstrip().startswith("{") or "\n" not in text:
            text = json.dumps(policy.document, indent=2)
        return text, name or policy.name or "policy"
    if isinstance(policy, dict):
        return json.dumps(policy, indent=2), name or "policy"
    if isinstance(policy, str):
        return policy, name or "policy"
    raise TypeError(f"a policy is JSON text, a dict, an immplay.Policy or None; got {type(policy).__name__}")


@dataclass(frozen=True)
class PlaygroundView:
    """Everything the playground shows, as HTML fragments (one per widget).

    `table` relies on `rendering.TABLE_CSS`, which the page shows once (the widget has it in a
    widget of its own, so that a keystroke never re-inserts a style sheet).
    """

    summary: str
    table: str
    problems: str
    lint: str
    explanation: str
    page_label: str
    announcement: str = ""  # the summary as a sentence, for screen readers


class PlaygroundModel:
    """A policy text under edit, its last good result, and what is on screen.

    Attributes: `text` (the editor's text, kept even when invalid), `error` (None or PolicyError),
    `policy` (the last Policy that parsed, or None), `decisions` (one Decision per sample, from the
    last good policy; empty before the first good parse), `stale` (the decisions are from an older
    text), `findings` (lint of the last good policy; `lint_pending` while not yet re-linted),
    `page`, `selected`.
    """

    def __init__(self, text: str, samples: list[SampleRequest], *, name: str = "policy",
                 page_size: int = PAGE_SIZE, lint: bool = True, incremental: bool = True):
        self.name = name
        self.samples: list[SampleRequest] = list(samples)
        self.page_size = page_size
        self.page = 0
        self.selected: int | None = 0 if self.samples else None
        self.text = ""
        self.error: PolicyError | None = None
        self.policy: Policy | None = None
        self.effects: list[str] = []  # one effect per sample, from the last good policy
        self.findings: list[Any] = []
        self._lint = lint
        self.lint_pending = False
        self._policy_set: PolicySet | None = None
        self._keys = [_decision_key(s) for s in self.samples]
        self._decided: dict[int, Decision] = {}  # full Decisions built so far for this policy
        self._signatures: dict[str, tuple[tuple, ...]] | None = None  # per action, for the effects held
        self._rows: dict[str, list[int]] | None = None  # sample indexes per action (until the samples change)
        self._covers: dict[tuple, frozenset[str]] = {}  # (Action list, NotAction) -> the sample actions it covers
        self.incremental = incremental
        self._counts: Counter[str] = Counter()
        self.edit(text)

    @property
    def decisions(self) -> list[Decision]:
        """One Decision per sample (from the last good policy; empty before the first good parse)."""
        if self._policy_set is None:
            return []
        return [self.decision(i) for i in range(len(self.samples))]

    def decision(self, index: int) -> Decision | None:
        """The full Decision for sample `index` (built on first use, then kept until the next edit)."""
        if self._policy_set is None:
            return None
        found = self._decided.get(index)
        if found is None:
            found = self._decided[index] = self._policy_set.evaluate(self.samples[index].request)
        return found

    # --- changes -------------------------------------------------------------------------------
    def edit(self, text: str, *, lint: bool = True) -> None:
        """Take a new editor text: parse, compile once, re-evaluate every sample (or keep and mark stale).

        With `lint=False` the lint findings are left for `lint_now()` (`lint_pending` says so): the
        widget decides first and lints right after, so the decisions reach the page first.
        """
        self.text = text
        try:
            policy = Policy.parse(text, name=self.name, kind="identity")
        except PolicyError as err:
            self.error = err
            return
        self.error = None
        self.policy = policy
        self._policy_set = PolicySet([policy])
        self.lint_pending = self._lint
        if lint:
            self.lint_now()
        self._reevaluate()

    def lint_now(self) -> None:
        """Lint the last good policy (if linting is on and something changed since the last lint)."""
        if self.lint_pending and self.policy is not None:
            self.findings = self._run_lint(self.policy)
        self.lint_pending = False

    def add(self, sample: SampleRequest) -> int:
        """Append a sample request; it is evaluated at once (against the last good policy) and selected."""
        self.samples.append(sample)
        self._keys.append(_decision_key(sample))
        self._samples_changed()
        if self._policy_set is not None:
            effect = self._decide(len(self.samples) - 1)
            self.effects.append(effect)
            self._counts[effect] += 1
        self.selected = len(self.samples) - 1
        self.page = self.selected // self.page_size
        return self.selected

    def replace_samples(self, samples: list[SampleRequest]) -> None:
        """Swap in a new list of sample requests, evaluated against the last good policy."""
        self.samples = list(samples)
        self._keys = [_decision_key(s) for s in self.samples]
        self._signatures = None
        self._samples_changed()
        self.selected = 0 if self.samples else None
        self.page = 0
        if self._policy_set is not None:
            self._reevaluate()

    def remove(self, index: int) -> SampleRequest:
        """Remove sample `index` (IndexError if there is none); keeps the selection on a neighbour."""
        sample = self.samples.pop(index)
        self._keys.pop(index)
        self._samples_changed()
        self._decided = {i - (i > index): d for i, d in self._decided.items() if i != index}
        if index < len(self.effects):
            self._counts[self.effects.pop(index)] -= 1
        if not self.samples:
            self.selected = None
        elif self.selected is not None:
            self.selected = min(self.selected if self.selected < index else max(self.selected - 1, 0),
                                len(self.samples) - 1)
        self.page = min(self.page, self.page_count - 1)
        return sample

    def select(self, index: int | None) -> None:
        if index is not None and not 0 <= index < len(self.samples):
            raise IndexError(f"no sample request #{index + 1} (there are {len(self.samples)})")
        self.selected = index
        if index is not None:
            self.page = index // self.page_size

    def set_page(self, page: int) -> None:
        self.page = max(0, min(page, self.page_count - 1))

    # --- what is shown -------------------------------------------------------------------------
    @property
    def stale(self) -> bool:
        return self.error is not None and self.policy is not None

    @property
    def page_count(self) -> int:
        return max(1, -(-len(self.samples) // self.page_size))

    @property
    def page_rows(self) -> range:
        start = self.page * self.page_size
        return range(start, min(start + self.page_size, len(self.samples)))

    def counts(self) -> dict[str, int]:
        """Decisions per effect over all samples (from the last good policy)."""
        return {effect: self._counts.get(effect, 0) for effect in rendering.EFFECTS}

    def statement_place(self, ref: Any) -> tuple[int | None, int | None]:
        """Where a deciding statement opens in the editor: (line, position), 1-based, as the editor shows."""
        policy = self.policy
        if policy is None or ref.policy != policy.name:
            return getattr(ref, "line", None), None
        for st in policy.statements:
            if st.index == ref.index:
                return policy.location(st.pointer)
        return getattr(ref, "line", None), None

    def explanation_html(self) -> str:
        """The selected request's explanation (or a prompt to select one)."""
        sample = self.samples[self.selected] if self.selected is not None else None
        decision = self.decision(self.selected) if self.selected is not None else None
        return rendering.explanation_html(sample, decision, stale=self.stale)

    def view(self, *, explanation: bool = True) -> PlaygroundView:
        """Render what is on screen: summary, the current page, problems, lint, the selected explanation.

        `explanation=False` skips the explanation (the widget refreshes it when typing pauses).
        """
        stale = self.stale
        rows = self.page_rows
        on_screen = {i: self.decision(i) for i in rows} if self._policy_set is not None else {}
        page_label = (text("widgets.page-label", first=rows.start + 1, last=rows.stop, total=len(self.samples),
                           page=self.page + 1, pages=self.page_count)
                      if self.samples else text("widgets.no-rows"))
        return PlaygroundView(
            summary=rendering.summary_html(self.counts(), len(self.samples), stale=stale,
                                           evaluated=self._policy_set is not None),
            table=rendering.requests_table_html(self.samples, on_screen, rows, stale=stale,
                                                selected=self.selected, style_sheet=False,
                                                place=self.statement_place),
            problems=rendering.problems_html(self.error),
            # While a lint is pending the panel keeps what it showed: no extra update per keystroke.
            lint=rendering.lint_html(self.findings, stale=stale),
            explanation=self.explanation_html() if explanation else "",
            page_label=page_label,
            announcement=rendering.summary_text(self.counts(), len(self.samples), stale=stale)
            if self._policy_set is not None else text("widgets.announce-not-evaluated"),
        )

    # --- internals -----------------------------------------------------------------------------
    def _reevaluate(self) -> None:
        # The effect alone (no Decision, no trace) for every row; Decisions are built for what is shown.
        # A request's effect depends only on the statements whose Action covers its action (that is
        # how PolicySet groups them), so rows whose action sees the same statements as before keep
        # their effect: a keystroke in one statement re-decides only the actions that statement covers.
        # Only those rows are visited (by action), and the counts change by the rows that changed.
        effect = self._policy_set.effect  # type: ignore[union-attr]
        self._decided = {}
        rows = self._rows_by_action()
        signatures = self._action_signatures(rows)
        previous = self._signatures
        if not self.incremental or previous is None or len(self.effects) != len(self._keys):
            self.effects = [effect(action, chain, context) for action, chain, context in self._keys]
            self._counts = Counter(self.effects)
        else:
            effects, keys, counts = self.effects, self._keys, self._counts
            for action, signature in signatures.items():
                if previous.get(action) == signature:
                    continue
                for i in rows[action]:
                    new = effect(*keys[i])
                    if new != effects[i]:
                        counts[effects[i]] -= 1
                        counts[new] += 1
                        effects[i] = new
        self._signatures = signatures

    def _samples_changed(self) -> None:
        self._rows = None
        self._covers = {}

    def _rows_by_action(self) -> dict[str, list[int]]:
        if self._rows is None:
            self._rows = {}
            for i, (action, _chain, _context) in enumerate(self._keys):
                self._rows.setdefault(action, []).append(i)
        return self._rows

    def _action_signatures(self, actions: dict[str, Any]) -> dict[str, tuple[tuple, ...]]:
        # For each action, the content (``Statement.content_key``) of the statements whose Action/NotAction
        # covers it. Which sample actions an Action list covers is kept: most edits leave Action alone.
        statements = self.policy.statements  # type: ignore[union-attr]
        covered = []
        for st in statements:
            key = (st.actions, st.not_action)
            found = self._covers.get(key)
            if found is None:
                if len(self._covers) >= 512:
                    self._covers.clear()
                found = self._covers[key] = frozenset(a for a in actions if st.action_applies(a))
            covered.append(found)
        return {action: tuple(st.content_key for st, cov in zip(statements, covered, strict=True) if action in cov)
                for action in actions}

    def _decide(self, index: int) -> str:
        return self._policy_set.effect(*self._keys[index])  # type: ignore[union-attr]

    @staticmethod
    def _run_lint(policy: Policy) -> list[Any]:
        from immplay.lint import lint  # lint sits above the catalog; only needed once a policy parses

        return list(lint(policy))


def _decision_key(sample: SampleRequest) -> tuple[str, tuple[str, ...], dict[str, Any]]:
    # What PolicySet.effect needs, computed once per sample (the resource chain parse included).
    request = sample.request
    return request.action, resource_chain(request.resource), request.context
