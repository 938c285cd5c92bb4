"""The fast path: the statements of a policy set that cover one action, grouped so that deciding is cheap.

``ActionStatements`` holds, for one action name, one ``EffectMatcher`` per effect. An
``EffectMatcher`` answers ``first_match(chain, context)`` — does one of its statements apply? — with
as few steps as possible: statements with the same Condition block are merged into one group whose
Resource patterns form one regular expression (condition-free statements are the group with no
conditions); NotResource statements and statements without a Resource are asked one by one.
``effect.stage_effect`` turns the two answers into the stage's verdict.

The questions are the ``Statement`` matchers' (``action_applies``, ``resource_applies``,
``Condition.holds``, the compiled patterns of ``wildcard``), so the fast path and the explanation
cannot disagree; ``tests/policy/test_trace_equivalence.py`` checks it on random policies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .effect import STATEMENT_ALLOW, STATEMENT_DENY, Effect, stage_effect
from .statement import Statement
from .wildcard import compile_globs

Context = dict[str, Any]


def _no_match(chain: tuple[str, ...], context: Context) -> None:
    return None


class EffectMatcher:
    """The statements of one effect whose Action covers one action: ``first_match`` says whether one applies.

    ``first_match(chain, context)`` returns the ARN of ``chain`` through which a statement applies,
    or ``None``. Conditions are tested before resources because their verdicts are memoized.
    """

    __slots__ = ("plain", "groups", "others", "first_match")

    def __init__(self, statements: Iterable[Statement]):
        by_conditions: dict[tuple, tuple[Statement, list[str]]] = {}
        self.others: tuple[Statement, ...] = ()
        others: list[Statement] = []
        for st in statements:
            if st.not_resource or st.resources is None:
                others.append(st)
                continue
            signature = tuple((c.operator, c.key, c.raw_values) for c in st.conditions)
            by_conditions.setdefault(signature, (st, []))[1].extend(st.resources)
        self.others = tuple(others)
        self.plain: Callable[[str], Any] | None = None  # the condition-free statements' Resource patterns
        groups: list[tuple[Callable[[Context], bool], Callable[[str], Any]]] = []
        for signature, (first, patterns) in by_conditions.items():
            match = compile_globs(tuple(dict.fromkeys(patterns))).match
            if not signature:
                self.plain = match
            else:
                # The group's statements have the same Condition block: the first one's test serves
                # them all; a single condition (the usual case) is tested by one bound-method call.
                holds = first.conditions[0].holds if len(first.conditions) == 1 else first.conditions_hold
                groups.append((holds, match))
        self.groups = tuple(groups)
        self.first_match: Callable[[tuple[str, ...], Context], str | None] = self._choose()

    def _choose(self) -> Callable[[tuple[str, ...], Context], str | None]:
        """The cheapest way to answer for what this matcher holds: a closure over exactly what it needs
        (most matchers hold only condition-free statements, or nothing at all)."""
        plain, groups, others = self.plain, self.groups, self.others
        if plain is None and not groups and not others:
            return _no_match
        if not groups and not others:
            def first_plain_match(chain: tuple[str, ...], context: Context) -> str | None:
                for arn in chain:
                    if plain(arn) is not None:
                        return arn
                return None
            return first_plain_match

        def first_match(chain: tuple[str, ...], context: Context) -> str | None:
            if plain is not None:
                for arn in chain:
                    if plain(arn) is not None:
                        return arn
            for holds, match in groups:
                if holds(context):
                    for arn in chain:
                        if match(arn) is not None:
                            return arn
            for st in others:
                if st.conditions_hold(context):
                    arn = st.resource_applies(chain)
                    if arn is not None:
                        return arn
            return None
        return first_match


class ActionStatements:
    """The statements of a policy set whose Action covers one action name, split by effect."""

    __slots__ = ("deny", "allow")

    def __init__(self, statements: Iterable[Statement]):
        statements = tuple(statements)
        self.deny = EffectMatcher(st for st in statements if st.effect == STATEMENT_DENY)
        self.allow = EffectMatcher(st for st in statements if st.effect == STATEMENT_ALLOW)

    def effect(self, chain: tuple[str, ...], context: Context) -> Effect:
        """The stage's verdict on a request for this action on ``chain`` (see ``effect.stage_effect``)."""
        return stage_effect(self.deny, self.allow, chain, context)
