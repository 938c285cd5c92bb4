"""The explanation of a decision: every statement, matched or not, and why.

Built only when asked, from the same ``Statement`` matchers that decided; ``Decision.deciding`` and
``Decision.missing_context`` are read from it, and a test checks that its verdict always equals
the fast path's.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ..language import ENGLISH, current_language
from ..messages import text
from .arn import chain_label
from .conditions import MISSING, ConditionOutcome
from .effect import STATEMENT_ALLOW, STATEMENT_DENY, Effect, stage_effect
from .statement import Statement
from .wildcard import matching

# Each stage's title in an explanation: the message (explain.toml) that words it.
STAGE_TITLES = {"session": "explain.stage-title-session", "identity": "explain.stage-title-identity",
                "trust": "explain.stage-title-trust"}


def stage_title(stage: str) -> str:
    """The title of ``stage`` (``"session"``, ``"identity"``, ``"trust"``) in the current language.

    >>> stage_title("trust")
    "the role's trust policy"
    """
    return text(STAGE_TITLES[stage])


def ordinal(n: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th', 23 -> '23rd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def statement_place(index: int, line: int | None, position: int | None = None) -> str:
    """Where a statement stands, numbered as the editor shows it: the one way immplay points at one.

    'statement at line 4' (the line its ``{`` opens on); 'statement at line 1, position 40' when
    another statement opens on the same line; for a policy given as a dict (no text, so no lines)
    its place in the Statement list counted from 1, '2nd statement'.

        >>> statement_place(0, 4), statement_place(1, 1, 40), statement_place(1, None)
        ('statement at line 4', 'statement at line 1, position 40', '2nd statement')
    """
    if line is None:
        # English counts "1st", "2nd"; the Chinese template writes the bare number between 第 and 条.
        nth = ordinal(index + 1) if current_language() == ENGLISH else str(index + 1)
        return text("explain.statement-by-index", nth=nth)
    if position is None:
        return text("explain.statement-at-line", line=line)
    return text("explain.statement-at-position", line=line, position=position)


def statement_label(policy: str, effect: str, index: int, line: int | None, position: int | None = None) -> str:
    """A statement named with its policy and effect: 'p, statement at line 4 (Allow)'.

        >>> statement_label("reader", "Allow", 0, None)
        'reader, 1st statement (Allow)'
    """
    return text("explain.statement-label", policy=policy, place=statement_place(index, line, position), effect=effect)


class StatementRef(NamedTuple):
    """A statement that decided: its policy, kind, 0-based index, effect, line (None for dicts) and
    position in that line (only when another statement opens on the same line).

    ``str()`` names it as the editor shows it (``statement_label``); ``index`` stays for tools.
    """

    policy: str
    kind: str
    index: int
    effect: str
    line: int | None
    position: int | None = None

    def __str__(self) -> str:
        return statement_label(self.policy, self.effect, self.index, self.line, self.position)


class StatementTrace(NamedTuple):
    ref: StatementRef
    statement: Statement
    action_matched: bool
    resource_arn: str | None  # the ARN of the chain that matched; None when the resource did not
    principal_matched: bool | None  # trust statements only
    conditions: tuple[ConditionOutcome, ...]

    @property
    def conditions_hold(self) -> bool:
        return all(c.matched for c in self.conditions)

    @property
    def applies(self) -> bool:
        return (self.action_matched and self.resource_arn is not None
                and self.principal_matched is not False and self.conditions_hold)

    @property
    def relevant(self) -> bool:
        """Whether the statement speaks about this request at all: its Action (and, in a trust
        policy, its Principal) match. Statements that do not are summed up in one line."""
        return self.action_matched and self.principal_matched is not False

    def reason(self, request_action: str, chain: tuple[str, ...]) -> str:
        """Why the statement applies or not, in one clause (for the explanation's first lines)."""
        st = self.statement
        if not self.action_matched:
            verb = "explain.reason-action-excludes" if st.not_action else "explain.reason-action-does-not-cover"
            return text(verb, element=st.action_element, action=request_action)
        if self.principal_matched is False:
            return text("explain.reason-principal")
        if self.resource_arn is None:
            return text("explain.reason-resource", element=st.resource_element, arns=text("explain.or").join(chain))
        failing = [c for c in self.conditions if not c.matched]
        if failing:
            return text("explain.reason-condition", condition=failing[0].describe())
        if st.resources is None:
            return text("explain.reason-trust-matches")
        where = (text("explain.reason-the-request-resource") if self.resource_arn == chain[0]
                 else text("explain.reason-its-project", arn=self.resource_arn))
        covers = "explain.reason-covers-condition" if self.conditions else "explain.reason-covers"
        return text(covers, action_element=st.action_element, action=request_action,
                    resource_element=st.resource_element, where=where)

    def lines(self, request_action: str, chain: tuple[str, ...], principal_id: str | None) -> list[str]:
        """The statement's part of the explanation: one line when its Action (or Principal) does not
        match the request, else one line per element with why it matched or not."""
        st = self.statement
        head = text("explain.applies" if self.applies else "explain.does-not-apply", statement=self.ref)
        if not self.action_matched:
            verb = "explain.line-action-excludes" if st.not_action else "explain.line-action-does-not-cover"
            return [text(verb, head=head, element=st.action_element, actions=", ".join(st.actions),
                         action=request_action)]
        named = "; ".join(f"{t}: {', '.join(v)}" for t, v in (st.principals or {}).items())
        if self.principal_matched is False:
            return [text("explain.line-principal-not-named", head=head, named=named, caller=principal_id)]
        out = [head, "  " + self._action_line(request_action)]
        if self.principal_matched:
            out.append(text("explain.line-principal-matched", caller=principal_id, named=named))
        if st.resources is not None:
            el = st.resource_element
            listed = ", ".join(st.resources)
            if st.not_resource:
                if self.resource_arn is not None:
                    out.append(text("explain.line-not-resource-matched", element=el, arn=chain[0], listed=listed))
                else:
                    out.append(text("explain.line-not-resource-excluded", element=el, listed=listed))
            elif self.resource_arn is not None:
                hit = ", ".join(matching(st.resources, self.resource_arn))
                out.append(text("explain.line-resource-matched", element=el, patterns=hit, arn=self.resource_arn,
                                which=chain_label(chain[0], self.resource_arn)))
            else:
                out.append(text("explain.line-resource-no-match", element=el, listed=listed,
                                arns=text("explain.or").join(chain)))
        if not st.conditions:
            out.append(text("explain.line-condition-none"))
        for outcome in self.conditions:
            out.append(text("explain.line-condition", condition=outcome.describe()))
        return out

    def _action_line(self, request_action: str) -> str:
        """The Action line of a statement whose Action matched (the others get one line in all)."""
        st = self.statement
        if st.not_action:
            return text("explain.line-not-action-matched", action=request_action, listed=", ".join(st.actions))
        return text("explain.line-action-matched", action=request_action,
                    patterns=", ".join(matching(st.actions, request_action, ignore_case=True)))


class StageTrace:
    """One evaluation stage: its policies, each with the trace of every statement."""

    __slots__ = ("stage", "policies")

    def __init__(self, stage: str):
        self.stage = stage  # "session" | "identity" | "trust"
        self.policies: list[tuple[str, list[StatementTrace]]] = []

    @property
    def effect(self) -> Effect:
        """The stage's verdict from its traced statements (the rule of ``effect.stage_effect``)."""
        applying = [s for _, sts in self.policies for s in sts if s.applies]
        return stage_effect(next((s for s in applying if s.ref.effect == STATEMENT_DENY), None),
                            next((s for s in applying if s.ref.effect == STATEMENT_ALLOW), None))


def trace_statement(policy_name: str, kind: str, st: Statement, action: str, chain: tuple[str, ...],
                    context: dict[str, Any], principal: tuple[str, str] | None) -> StatementTrace:
    ref = StatementRef(policy_name, kind, st.index, st.effect, st.line, st.position)
    principal_matched = st.principal_applies(*principal) if principal is not None else None
    return StatementTrace(
        ref=ref,
        statement=st,
        action_matched=st.action_applies(action),
        resource_arn=st.resource_applies(chain),
        principal_matched=principal_matched,
        conditions=tuple(c.check(context) for c in st.conditions),
    )


def missing_keys(stages: list[StageTrace]) -> tuple[str, ...]:
    """Condition keys that a statement otherwise matching the request needed but did not get."""
    keys: list[str] = []
    for stage in stages:
        for _, sts in stage.policies:
            for s in sts:
                if s.action_matched and s.resource_arn is not None and s.principal_matched is not False:
                    for c in s.conditions:
                        if c.reason == MISSING and c.key not in keys:
                            keys.append(c.key)
    return tuple(keys)
