"""What a decision answers, and the one rule that turns the statements that apply into it.

``Effect`` is a ``str`` enum: ``Effect.ALLOW == "Allow"``, it prints, formats, hashes and serializes
to JSON as its text, and its ``repr`` is the text's, so code and notebooks that compare or show the
plain words keep working. A statement's own ``Effect`` element stays the word it is written with
(``"Allow"`` or ``"Deny"``: ``STATEMENT_ALLOW``, ``STATEMENT_DENY``).

The rule of one stage (Alibaba Cloud "Policy evaluation process"): an applying Deny statement wins,
else an applying Allow statement allows, else the request is implicitly denied. ``stage_effect`` is
that rule, and the fast path (``evaluate.PolicySet``), the explanation (``trace.StageTrace``) and the
trust policy of an AssumeRole all decide through it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

STATEMENT_ALLOW, STATEMENT_DENY = "Allow", "Deny"


class Effect(StrEnum):
    """The answer to a request: ``Allow``, ``ExplicitDeny`` or ``ImplicitDeny``.

    >>> Effect.ALLOW == "Allow", Effect("ExplicitDeny"), [Effect.IMPLICIT_DENY]
    (True, 'ExplicitDeny', ['ImplicitDeny'])
    """

    ALLOW = "Allow"
    EXPLICIT_DENY = "ExplicitDeny"
    IMPLICIT_DENY = "ImplicitDeny"

    def __repr__(self) -> str:
        return str.__repr__(self)

    @property
    def allowed(self) -> bool:
        return self is Effect.ALLOW


ALLOW, EXPLICIT_DENY, IMPLICIT_DENY = Effect.ALLOW, Effect.EXPLICIT_DENY, Effect.IMPLICIT_DENY


class FirstMatch(Protocol):
    """Statements of one effect that can say whether one of them applies to a request."""

    def first_match(self, chain: tuple[str, ...], context: dict) -> object | None:
        """Something true (the matched ARN, the statement) when a statement applies, else ``None``."""


def stage_effect(deny: FirstMatch, allow: FirstMatch, chain: tuple[str, ...], context: dict) -> Effect:
    """One stage's verdict: a Deny statement that applies wins, else an Allow statement, else implicit deny.

    >>> class Fixed:
    ...     def __init__(self, hit): self.hit = hit
    ...     def first_match(self, chain, context): return self.hit
    >>> stage_effect(Fixed("Deny 0"), Fixed("Allow 1"), ("*",), {})
    'ExplicitDeny'
    >>> stage_effect(Fixed(None), Fixed(None), ("*",), {})
    'ImplicitDeny'
    """
    if deny.first_match(chain, context) is not None:
        return EXPLICIT_DENY
    if allow.first_match(chain, context) is not None:
        return ALLOW
    return IMPLICIT_DENY
