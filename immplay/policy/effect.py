"""What a decision answers, and the one rule that turns the statements that apply into it.

``Effect`` is a ``str`` enum: ``Effect.ALLOW == "Allow"``, it prints, formats, hashes and serializes
to JSON as its text, and its ``repr`` is the text's, so code and notebooks that compare or show the
plain words keep working. A statement's own ``Effect`` element stays the word it is written with
(``"Allow"`` or ``"Deny"``: ``STATEMENT_ALLOW``, ``STATEMENT_DENY``).

The rule of one stage (Alibaba Cloud "Policy evaluation process"): an applying Deny statement wins,
else an applying Allow statement allows, else the request is implicitly denied. ``stage_effect`` is
that rule, applied to the first applying Deny and Allow statements. The explanation
(``trace.StageTrace``), the trust policy of an AssumeRole and the bulk decisions of a diff
(``bulk.DecisionGrid``) call it; the fast path (``matchers``) takes its three outcomes from it once,
at import, and asks the Deny side first.
"""

from __future__ import annotations

from enum import Enum

STATEMENT_ALLOW, STATEMENT_DENY = "Allow", "Deny"


class Effect(str, Enum):
    """The answer to a request: ``Allow``, ``ExplicitDeny`` or ``ImplicitDeny``.

    >>> Effect.ALLOW == "Allow", Effect("ExplicitDeny"), [Effect.IMPLICIT_DENY]
    (True, 'ExplicitDeny', ['ImplicitDeny'])
    """

    ALLOW = "Allow"
    EXPLICIT_DENY = "ExplicitDeny"
    IMPLICIT_DENY = "ImplicitDeny"

    # The plain word everywhere (``enum.StrEnum`` would do it from Python 3.11; immplay supports 3.10).
    __str__ = str.__str__
    __format__ = str.__format__

    def __repr__(self) -> str:
        return str.__repr__(self)

    @property
    def allowed(self) -> bool:
        return self is Effect.ALLOW


ALLOW, EXPLICIT_DENY, IMPLICIT_DENY = Effect.ALLOW, Effect.EXPLICIT_DENY, Effect.IMPLICIT_DENY


def stage_effect(deny_match: object | None, allow_match: object | None) -> Effect:
    """One stage's verdict from its first applying Deny and Allow statements (``None`` where none applies):
    a Deny wins, else an Allow allows, else the request is implicitly denied.

    The trace passes its statement traces, trust evaluation its statements, the diff's grid its bit
    masks; only whether each is ``None`` counts.

    >>> stage_effect("acs:imm:cn-shanghai:1:project/p", "*"), stage_effect(None, "*"), stage_effect(None, None)
    ('ExplicitDeny', 'Allow', 'ImplicitDeny')
    """
    if deny_match is not None:
        return EXPLICIT_DENY
    if allow_match is not None:
        return ALLOW
    return IMPLICIT_DENY
