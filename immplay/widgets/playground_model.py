"""The policy playground without the widgets: a policy text being edited, evaluated against samples.

Every edit parses the text once, compiles it once (`PolicySet`) and re-evaluates every sample
request; only the page of rows on screen is rendered, and only the selected request is explained,
so an edit with 2,000 samples stays within a few milliseconds. Text that does not parse keeps the
last good decisions, marked stale, and the error says where (line, column).

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

from immplay.policy import Decision, Policy, PolicyError, PolicySet
from immplay.widgets import rendering
from immplay.widgets.samples import SampleRequest

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
    """Everything the playground shows, as HTML fragments (one per widget)."""

    summary: str
    table: str
    problems: str
    lint: str
    explanation: str
    page_label: str


class PlaygroundModel:
    """A policy text under edit, its last good result, and what is on screen.

    Attributes: `text` (the editor's text, kept even when invalid), `error` (None or PolicyError),
    `policy` (the last Policy that parsed, or None), `decisions` (one Decision per sample, from the
    last good policy; empty before the first good parse), `stale` (the decisions are from an older
    text), `findings` (lint of the last good policy), `page`, `selected`.
    """

    def __init__(self, text: str, samples: list[SampleRequest], *, name: str = "policy",
                 page_size: int = 50, lint: bool = True):
        self.name = name
        self.samples: list[SampleRequest] = list(samples)
        self.page_size = page_size
        self.page = 0
        self.selected: int | None = 0 if self.samples else None
        self.text = ""
        self.error: PolicyError | None = None
        self.policy: Policy | None = None
        self.decisions: list[Decision] = []
        self.findings: list[Any] = []
        self._lint = lint
        self._policy_set: PolicySet | None = None
        self._counts: Counter[str] = Counter()
        self.edit(text)

    # --- changes -------------------------------------------------------------------------------
    def edit(self, text: str) -> None:
        """Take a new editor text: parse, compile once, re-evaluate every sample (or keep and mark stale)."""
        self.text = text
        try:
            policy = Policy.parse(text, name=self.name, kind="identity")
        except PolicyError as err:
            self.error = err
            return
        self.error = None
        self.policy = policy
        self._policy_set = PolicySet([policy])
        self.findings = self._run_lint(policy) if self._lint else []
        self._reevaluate()

    def add(self, sample: SampleRequest) -> int:
        """Append a sample request; it is evaluated at once (against the last good policy) and selected."""
        self.samples.append(sample)
        if self._policy_set is not None:
            decision = self._policy_set.evaluate(sample.request)
            self.decisions.append(decision)
            self._counts[decision.effect] += 1
        self.selected = len(self.samples) - 1
        self.page = self.selected // self.page_size
        return self.selected

    def replace_samples(self, samples: list[SampleRequest]) -> None:
        """Swap in a new list of sample requests, evaluated against the last good policy."""
        self.samples = list(samples)
        self.selected = 0 if self.samples else None
        self.page = 0
        if self._policy_set is not None:
            self._reevaluate()

    def remove(self, index: int) -> SampleRequest:
        """Remove sample `index` (IndexError if there is none); keeps the selection on a neighbour."""
        sample = self.samples.pop(index)
        if index < len(self.decisions):
            self._counts[self.decisions.pop(index).effect] -= 1
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

    def view(self) -> PlaygroundView:
        """Render what is on screen: summary, the current page, problems, lint, the selected explanation."""
        stale = self.stale
        selected_sample = self.samples[self.selected] if self.selected is not None else None
        selected_decision = (self.decisions[self.selected]
                             if self.selected is not None and self.selected < len(self.decisions) else None)
        rows = self.page_rows
        page_label = (f"rows {rows.start + 1}–{rows.stop} of {len(self.samples)} (page {self.page + 1}/{self.page_count})"
                      if self.samples else "no rows")
        return PlaygroundView(
            summary=rendering.summary_html(self.counts(), len(self.samples), stale=stale,
                                           evaluated=self._policy_set is not None),
            table=rendering.requests_table_html(self.samples, self.decisions, rows, stale=stale,
                                                selected=self.selected),
            problems=rendering.problems_html(self.error),
            lint=rendering.lint_html(self.findings, stale=stale),
            explanation=rendering.explanation_html(selected_sample, selected_decision, stale=stale),
            page_label=page_label,
        )

    # --- internals -----------------------------------------------------------------------------
    def _reevaluate(self) -> None:
        evaluate = self._policy_set.evaluate  # type: ignore[union-attr]
        self.decisions = [evaluate(sample.request) for sample in self.samples]
        self._counts = Counter(d.effect for d in self.decisions)

    @staticmethod
    def _run_lint(policy: Policy) -> list[Any]:
        from immplay.lint import lint  # lint sits above the catalog; only needed once a policy parses

        return list(lint(policy))
