"""The text of ``Decision.explain()``: what decided and why first, then every statement of every stage.

A statement whose Action (or, in a trust policy, Principal) does not match the request did not matter:
it gets one line. The others get one line per element saying why it matched or not. Lines longer than
``WIDTH`` wrap at spaces, so a long ARN moves to its own line instead of running off the screen.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from .arn import resource_chain
from .conditions import show_value
from .trace import ALLOW, EXPLICIT_DENY, STAGE_TITLES, StageTrace

if TYPE_CHECKING:
    from .evaluate import Decision

WIDTH = 100

# Decision.denied_by -> the stage whose statements explain an implicit deny, and how to name it
_REFUSING_STAGE = {"SessionPolicy": "session", "IdentityBasedPolicy": "identity", "ResourceBasedPolicy": "trust"}
_STAGE_NAMES = {"session": "the session policy", "identity": "the identity policies", "trust": "the trust policy"}


def explanation_text(decision: Decision) -> str:
    """The readable explanation of ``decision`` (see the module docstring for its shape)."""
    req = decision.request
    chain = resource_chain(req.resource)
    stages = decision.trace()
    principal = decision.principal
    principal_id = principal.id if principal is not None else None
    lines = [f"Decision: {decision.effect} - {decision.summary()}"]
    lines += _why(decision, stages, chain)
    lines.append(f"Request: {req.action} on {req.resource}")
    if len(chain) > 1 and any(s.relevant and s.resource_arn == chain[1]
                              for stage in stages for _, sts in stage.policies for s in sts):
        lines.append(f"  also covered by a grant on its project: {chain[1]}")
    if principal is not None:
        lines.append(f"  caller: {principal.type} {principal.id}")
    lines.append("  context: " + (", ".join(f"{k}={show_value(v)}" for k, v in req.context.items()) or "(none)"))
    lines.append("Rule: an explicit Deny wins; otherwise an Allow is needed"
                 + (" in every stage" if len(stages) > 1 else "") + "; otherwise implicit deny.")
    for stage in stages:
        lines.append(f"Stage: {STAGE_TITLES[stage.stage]} -> {stage.effect}")
        if not stage.policies:
            lines.append("  (no policies)")
        for name, sts in stage.policies:
            if not sts:
                lines.append(f"  {name}: no statements")
            for s in sts:
                lines.extend("  " + line for line in s.lines(req.action, chain, principal_id))
    missing = decision.missing_context
    if missing:
        lines.append("Missing context: " + ", ".join(missing) + " (a condition on a key the request lacks is false)")
    return "\n".join(_wrap(line) for line in lines)


def _why(decision: Decision, stages: list[StageTrace], chain: tuple[str, ...]) -> list[str]:
    """One line per statement that decided, or, for an implicit deny, per Allow statement that came close."""
    action = decision.request.action
    if decision.effect in (ALLOW, EXPLICIT_DENY):
        wanted = "Allow" if decision.effect == ALLOW else "Deny"
        deciding = [s for stage in stages for _, sts in stage.policies for s in sts
                    if s.applies and s.ref.effect == wanted]
        if len(deciding) == 1:
            return [f"Why: {deciding[0].reason(action, chain)}"]
        return [f"Why ({s.ref}): {s.reason(action, chain)}" for s in deciding]
    refusing = _REFUSING_STAGE.get(decision.denied_by or "")
    near = [s for stage in stages if stage.stage == refusing for _, sts in stage.policies for s in sts
            if s.ref.effect == "Allow" and s.relevant]
    if not near and refusing == "trust":
        return [f"Why: no Allow statement of the trust policy names the caller {decision.principal.id}"]
    if not near:
        return [f"Why: no Allow statement in {_STAGE_NAMES.get(refusing or '', 'any policy')} covers {action}"]
    return [f"Why: {s.ref} does not apply: {s.reason(action, chain)}" for s in near]


def _wrap(line: str) -> str:
    if len(line) <= WIDTH:
        return line
    indent = " " * (len(line) - len(line.lstrip(" ")) + 4)
    return textwrap.fill(line, WIDTH, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)
