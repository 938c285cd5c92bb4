"""The fast path: the statements of a policy set that cover one action, grouped so that deciding is cheap.

``ActionStatements`` holds, for one action name, one ``EffectMatcher`` per effect; its
``effect(chain, context)`` looks for a Deny statement that applies, then (when none does) for an
Allow statement that applies, and answers with the verdict ``effect.stage_effect`` gives for what it
found (``DENIED``, ``ALLOWED``, ``NEITHER``). An ``EffectMatcher`` asks as few questions as possible:
statements with the same Condition block are merged into one group whose Resource patterns form
one regular expression (the condition-free statements are the group with no conditions), and
NotResource statements and statements without a Resource are asked one by one. When both effects
have condition-free statements, one regular expression holds both (Deny first), so one match per
ARN says "denied, allowed or neither" for them.

The questions are the ``Statement`` matchers' (``action_applies``, ``resource_applies``,
``conditions_hold``, ``Condition.holds``, the compiled patterns of ``wildcard``), so the fast path and
the explanation cannot disagree; ``tests/policy/test_properties.py`` checks it on random policies.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from .effect import STATEMENT_ALLOW, STATEMENT_DENY, Effect, stage_effect
from .statement import Statement
from .wildcard import compile_globs

# The fast path's three outcomes, as the stage rule gives them: a Deny applies (whatever the Allow
# side), only an Allow applies, nothing applies. The fast path asks the Deny side first and stops at
# the first statement that decides; the verdict words are ``stage_effect``'s, computed once here,
# because a call per decision would cost ~2.5% of deciding (callgrind, benchmarks/bench_evaluate.py's
# workload). tests/policy/test_properties.py checks on random policies that the fast path agrees with
# the trace, which decides by calling stage_effect.
DENIED = stage_effect(STATEMENT_DENY, None)
ALLOWED = stage_effect(None, STATEMENT_ALLOW)
NEITHER = stage_effect(None, None)

Context = dict[str, Any]
Chain = tuple[str, ...]
FirstMatch = Callable[[Chain, Context], "str | None"]


def _no_match(chain: Chain, context: Context) -> None:
    return None


class EffectMatcher:
    """The statements of one effect whose Action covers one action.

    ``first_match(chain, context)`` is the ARN of ``chain`` through which one of them applies, or
    ``None``; ``conditional_match()`` gives the same question asked only of the statements with a
    Condition block or without a plain Resource list (for when the condition-free ones were asked
    already). Conditions are tested before resources because their verdicts are memoized.
    """

    __slots__ = ("plain_globs", "groups", "others", "first_match")

    def __init__(self, statements: Iterable[Statement]):
        by_conditions: dict[tuple, tuple[Statement, list[str]]] = {}
        others: list[Statement] = []
        for st in statements:
            if st.not_resource or st.resources is None:
                others.append(st)
                continue
            signature = tuple((c.operator, c.key, c.raw_values) for c in st.conditions)
            by_conditions.setdefault(signature, (st, []))[1].extend(st.resources)
        self.others: tuple[Statement, ...] = tuple(others)
        # The condition-free statements' Resource patterns, compiled together (``.match(arn)``).
        self.plain_globs: Any = None
        groups: list[tuple[Callable[[Context], bool], Callable[[str], Any]]] = []
        for signature, (first, patterns) in by_conditions.items():
            globs = compile_globs(tuple(dict.fromkeys(patterns)))
            if not signature:
                self.plain_globs = globs
            else:
                # The group's statements have the same Condition block: the first one's test serves
                # them all; a single condition (the usual case) is tested by one bound-method call.
                holds = first.conditions[0].holds if len(first.conditions) == 1 else first.conditions_hold
                groups.append((holds, globs.match))
        self.groups = tuple(groups)
        self.first_match: FirstMatch = self._closure(self.plain_globs)

    def conditional_match(self) -> FirstMatch:
        """``first_match`` without the condition-free statements."""
        return self._closure(None)

    def _closure(self, plain_globs: Any) -> FirstMatch:
        """The cheapest way to answer: a closure over exactly what there is to ask (often nothing, or
        only condition-free statements)."""
        groups, others = self.groups, self.others
        plain = plain_globs.match if plain_globs is not None else None
        if plain is None and not groups and not others:
            return _no_match
        if not groups and not others:
            def first_plain_match(chain: Chain, context: Context) -> str | None:
                for arn in chain:
                    if plain(arn) is not None:
                        return arn
                return None
            return first_plain_match

        def first_match(chain: Chain, context: Context) -> str | None:
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
    """The statements of a policy set whose Action covers one action name, split by effect.

    ``effect(chain, context)`` is the stage's verdict on a request for this action: ``DENIED`` as
    soon as a Deny statement applies (the Allow side is then not asked), else ``ALLOWED`` when an
    Allow statement applies, else ``NEITHER`` — the words ``effect.stage_effect`` gives.
    """

    __slots__ = ("deny", "allow", "effect")

    def __init__(self, statements: Iterable[Statement]):
        denies: list[Statement] = []
        allows: list[Statement] = []
        for st in statements:
            (denies if st.effect == STATEMENT_DENY else allows).append(st)
        self.deny = EffectMatcher(denies)
        self.allow = EffectMatcher(allows)
        self.effect: Callable[[Chain, Context], Effect] = self._closure()

    def _closure(self) -> Callable[[Chain, Context], Effect]:
        deny, allow = self.deny, self.allow
        deny_re, allow_re = deny.plain_globs, allow.plain_globs
        if not (isinstance(deny_re, re.Pattern) and isinstance(allow_re, re.Pattern) and deny_re.flags == allow_re.flags):
            first_deny, first_allow = _asked(deny.first_match), allow.first_match

            def effect(chain: Chain, context: Context) -> Effect:
                if first_deny is not None and first_deny(chain, context) is not None:
                    return DENIED
                return ALLOWED if first_allow(chain, context) is not None else NEITHER
            return effect

        # Both effects have condition-free statements: one regex, Deny first; ``lastgroup`` names the side.
        either = re.compile(f"(?P<deny>{deny_re.pattern})|(?P<allow>{allow_re.pattern})", deny_re.flags).match
        deny_rest, allow_rest = _asked(deny.conditional_match()), _asked(allow.conditional_match())

        def effect_fused(chain: Chain, context: Context) -> Effect:
            allowed = None
            for arn in chain:
                found = either(arn)
                if found is not None:
                    if found.lastgroup == "deny":
                        return DENIED
                    if allowed is None:
                        allowed = arn
            if deny_rest is not None and deny_rest(chain, context) is not None:
                return DENIED
            if allowed is None and allow_rest is not None:
                allowed = allow_rest(chain, context)
            return ALLOWED if allowed is not None else NEITHER
        return effect_fused


def _asked(first_match: FirstMatch) -> FirstMatch | None:
    """``None`` for a matcher with nothing to ask, so the fast path skips the call."""
    return None if first_match is _no_match else first_match
