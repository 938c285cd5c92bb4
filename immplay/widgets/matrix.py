"""The access matrix without the widget: operations × resources → decisions, and what an edit changed.

Resources are written as a project name ("p"), a project/dataset pair ("p/d") or a full ARN; the
catalog turns an operation and a project/dataset into the ARN the operation is authorized on. A
cell whose operation cannot act on that resource (a dataset operation on a bare project) is "n/a",
with the catalog's reason, never a silent deny.

Example:
    >>> m = MatrixModel('{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:GetDataset",'
    ...                 ' "Resource": "acs:imm:*:*:project/p/dataset/*"}]}', ["GetDataset"], ["p/d", "q/d"])
    >>> [cell.effect for cell in m.rows[0]]
    ['Allow', 'ImplicitDeny']
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from typing import Any

from immplay import catalog
from immplay.messages import text
from immplay.policy import Decision, Policy, PolicyError, PolicySet, Request
from immplay.widgets import rendering
from immplay.widgets.playground_model import policy_source
from immplay.widgets.samples import DEFAULT_ACCOUNT, DEFAULT_REGION

GRANTED, REVOKED, CHANGED = "granted", "revoked", "changed"
CHANGE_SYMBOL = {GRANTED: "widgets.change-granted", REVOKED: "widgets.change-revoked",  # (message names)
                 CHANGED: "widgets.change-changed"}


@dataclass(frozen=True)
class MatrixCell:
    """One cell: the request asked (None when not applicable), its decision, and the n/a reason."""

    operation: str
    resource: str
    request: Request | None
    decision: Decision | None = None
    not_applicable: str | None = None

    @property
    def effect(self) -> str:
        return self.decision.effect if self.decision is not None else "n/a"


def resource_request(operation: str, resource: str, *, region: str = DEFAULT_REGION,
                     account: str = DEFAULT_ACCOUNT) -> Request:
    """The request for `operation` on `resource` ("p", "p/d" or an ARN); ValueError when it cannot apply."""
    op = catalog.operation(operation)
    if resource.startswith("acs:") or resource == "*":
        return Request(action=op.action, resource=resource)
    project, _, dataset = resource.partition("/")
    return catalog.imm_request(op.name, region=region, account=account, project=project or None,
                               dataset=dataset or None)


def diff_effects(before: str, after: str) -> str | None:
    """How a cell changed between two policy versions: granted, revoked, changed (deny kind) or None."""
    if before == after:
        return None
    if after == "Allow":
        return GRANTED
    if before == "Allow":
        return REVOKED
    return CHANGED


class MatrixModel:
    """A grid of decisions for one edited policy (plus fixed `others`), with an optional baseline to diff.

    `rows[i][j]` is the cell for operations[i] × resources[j]. `edit(text)` re-evaluates every cell;
    text that does not parse keeps the last grid (`stale`) and sets `error`. `changes()` lists the
    cells whose effect differs from the baseline's.
    """

    def __init__(self, text: str, operations: list[str], resources: list[str], *, others: list[Policy] = (),
                 name: str = "policy", baseline: str | None = None, region: str = DEFAULT_REGION,
                 account: str = DEFAULT_ACCOUNT):
        self.name = name
        self.operations = [catalog.operation(op).name for op in operations]
        self.resources = list(resources)
        self.others = list(others)
        self._cells = [[self._cell(op, res, region, account) for res in self.resources] for op in self.operations]
        self.text = ""
        self.error: PolicyError | None = None
        self.policy: Policy | None = None
        self.rows: list[list[MatrixCell]] = self._cells
        self.baseline_text = text if baseline is None else baseline
        self.baseline_rows: list[list[MatrixCell]] | None = None
        self.edit(text)
        self.set_baseline(self.baseline_text)

    def edit(self, text: str) -> None:
        self.text = text
        try:
            policy = Policy.parse(text, name=self.name, kind="identity")
        except PolicyError as err:
            self.error = err
            return
        self.error = None
        self.policy = policy
        self.rows = self._evaluate(PolicySet([policy, *self.others]))

    def set_baseline(self, text: str) -> None:
        """Compare later edits with `text` (PolicyError if it does not parse)."""
        policy = Policy.parse(text, name=self.name, kind="identity")
        self.baseline_text = text
        self.baseline_rows = self._evaluate(PolicySet([policy, *self.others]))

    @property
    def stale(self) -> bool:
        return self.error is not None and self.policy is not None

    def changes(self) -> list[tuple[MatrixCell, MatrixCell, str]]:
        """(before, after, kind) for every cell whose decision differs from the baseline's."""
        if self.baseline_rows is None:
            return []
        out = []
        for before_row, after_row in zip(self.baseline_rows, self.rows, strict=True):
            for before, after in zip(before_row, after_row, strict=True):
                kind = diff_effects(before.effect, after.effect)
                if kind is not None:
                    out.append((before, after, kind))
        return out

    def grants_new_access(self) -> bool:
        """Does the current text allow anything the baseline did not?"""
        return any(kind == GRANTED for _, _, kind in self.changes())

    def html(self, *, diff: bool = False) -> str:
        return matrix_html(self, diff=diff)

    def _evaluate(self, policy_set: PolicySet) -> list[list[MatrixCell]]:
        evaluate = policy_set.evaluate
        return [[MatrixCell(c.operation, c.resource, c.request, evaluate(c.request), None)
                 if c.request is not None else c for c in row] for row in self._cells]

    @staticmethod
    def _cell(operation: str, resource: str, region: str, account: str) -> MatrixCell:
        try:
            return MatrixCell(operation, resource, resource_request(operation, resource, region=region,
                                                                    account=account))
        except ValueError as err:  # catalog.UnknownOperation is a KeyError/ValueError: let unknown names fail
            if isinstance(err, KeyError):
                raise
            return MatrixCell(operation, resource, None, None, str(err))


def matrix_html(model: MatrixModel, *, diff: bool = False) -> str:
    """The grid as an HTML table; in diff mode changed cells carry ▲/▼/≠ and a before → after note."""
    cell_style = "padding:2px 6px;border:1px solid #d0d7de;text-align:left;white-space:nowrap"
    stale = model.stale
    changes = {(b.operation, b.resource): kind for b, _, kind in model.changes()} if diff else {}
    before = ({(c.operation, c.resource): c.effect for row in model.baseline_rows for c in row}
              if diff and model.baseline_rows is not None else {})
    head = "".join(f'<th style="{cell_style}">{escape(r)}</th>' for r in model.resources)
    body = []
    for row in model.rows:
        cells = []
        for cell in row:
            if cell.decision is None:
                content = (f'<span title="{escape(cell.not_applicable or "")}" style="color:#57606a">'
                           f'{text("widgets.not-applicable")}</span>')
            else:
                content = rendering.decision_badge(cell.effect, stale=stale)
            kind = changes.get((cell.operation, cell.resource))
            extra = ""
            if kind is not None:
                was = before.get((cell.operation, cell.resource), "?")
                extra = (f'<br><span class="immplay-change" data-change="{kind}" style="font-weight:700;'
                         f'outline:2px dashed #0969da">{text(CHANGE_SYMBOL[kind])}</span> '
                         f'<small>{text("widgets.was", effect=escape(rendering.effect_word(was)))}</small>')
            cells.append(f'<td style="{cell_style}" data-change="{kind or ""}">{content}{extra}</td>')
        body.append(f'<tr><th style="{cell_style}">{escape(row[0].operation if row else "")}</th>{"".join(cells)}</tr>')
    banner = ""
    if stale:
        banner = (f'<div class="immplay-stale" style="background:#eaeef2;padding:2px 6px">'
                  f'{text("widgets.matrix-stale", mark=rendering.stale_mark())}</div>')
    summary = ""
    if diff:
        changed = model.changes()
        granted = [text("widgets.request-on", operation=a.operation, target=a.resource)
                   for _, a, kind in changed if kind == GRANTED]
        if granted:
            grants = text("widgets.grants-new-access-one" if len(granted) == 1 else "widgets.grants-new-access",
                          count=len(granted), cells=escape(rendering.listed(granted)))
            summary = f'<div class="immplay-diff-summary">{grants}</div>'
        elif changed:
            summary = f'<div class="immplay-diff-summary">{text("widgets.no-new-access", count=len(changed))}</div>'
        else:
            summary = f'<div class="immplay-diff-summary">{text("widgets.no-change")}</div>'
    table = (f'<table class="immplay-matrix" style="border-collapse:collapse;font-size:12px">'
             f'<thead><tr><th style="{cell_style}">{text("widgets.matrix-corner")}</th>{head}</tr></thead>'
             f'<tbody>{"".join(body)}</tbody></table>')
    return banner + summary + table


def matrix_policy_source(policies: Any) -> tuple[str, str, list[Policy]]:
    """Split `policies` (one policy, or a list whose first item is the edited one) into text, name, others."""
    if isinstance(policies, list | tuple):
        if not policies:
            raise ValueError("AccessMatrix needs at least one policy (the one you edit)")
        first, rest = policies[0], list(policies[1:])
    else:
        first, rest = policies, []
    text, name = policy_source(first)
    others = [p if isinstance(p, Policy) else Policy.parse(p if isinstance(p, str) else json.dumps(p),
                                                           name=f"policy-{i + 2}")
              for i, p in enumerate(rest)]
    return text, name, others
