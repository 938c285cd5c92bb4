"""The text of ``Decision.explain()``: what decided and why first, then every statement of every stage.

A statement whose Action (or, in a trust policy, Principal) does not match the request did not matter:
it gets one line. The others get one line per element saying why it matched or not. Lines longer than
``WIDTH`` wrap at spaces, so a long ARN moves to its own line instead of running off the screen.
"""

from __future__ import annotations

import textwrap
import unicodedata
from typing import TYPE_CHECKING

from ..messages import text
from .arn import resource_chain
from .conditions import show_value
from .effect import ALLOW, EXPLICIT_DENY, STATEMENT_ALLOW, STATEMENT_DENY
from .trace import StageTrace, stage_title

if TYPE_CHECKING:
    from .decision import Decision

WIDTH = 100

# Decision.denied_by -> the stage whose statements explain an implicit deny, and how to name it
_REFUSING_STAGE = {"SessionPolicy": "session", "IdentityBasedPolicy": "identity", "ResourceBasedPolicy": "trust"}
_STAGE_NAMES = {"session": "explain.stage-session", "identity": "explain.stage-identity", "trust": "explain.stage-trust"}


def explanation_text(decision: Decision) -> str:
    """The readable explanation of ``decision`` (see the module docstring for its shape)."""
    req = decision.request
    chain = resource_chain(req.resource)
    stages = decision.trace()
    principal = decision.principal
    principal_id = principal.id if principal is not None else None
    lines = [text("explain.decision", effect=decision.effect.value, summary=decision.summary())]
    lines += _why(decision, stages, chain)
    lines.append(text("explain.request", action=req.action, resource=req.resource))
    if len(chain) > 1 and any(s.relevant and s.resource_arn == chain[1]
                              for stage in stages for _, sts in stage.policies for s in sts):
        lines.append(text("explain.covered-by-project", arn=chain[1]))
    if principal is not None:
        lines.append(text("explain.caller", type=principal.type, id=principal.id))
    pairs = ", ".join(f"{k}={show_value(v)}" for k, v in req.context.items())
    lines.append(text("explain.context", pairs=pairs or text("explain.context-none")))
    lines.append(text("explain.rule-every-stage" if len(stages) > 1 else "explain.rule"))
    for stage in stages:
        lines.append(text("explain.stage", title=stage_title(stage.stage), effect=stage.effect.value))
        if not stage.policies:
            lines.append(text("explain.no-policies"))
        for name, sts in stage.policies:
            if not sts:
                lines.append(text("explain.no-statements", policy=name))
            for s in sts:
                lines.extend("  " + line for line in s.lines(req.action, chain, principal_id))
    missing = decision.missing_context
    if missing:
        lines.append(text("explain.missing-context", keys=", ".join(missing)))
    return "\n".join(_wrap(line) for line in lines)


def _why(decision: Decision, stages: list[StageTrace], chain: tuple[str, ...]) -> list[str]:
    """One line per statement that decided, or, for an implicit deny, per Allow statement that came close."""
    action = decision.request.action
    if decision.effect in (ALLOW, EXPLICIT_DENY):
        wanted = STATEMENT_ALLOW if decision.effect == ALLOW else STATEMENT_DENY
        deciding = [s for stage in stages for _, sts in stage.policies for s in sts
                    if s.applies and s.ref.effect == wanted]
        if len(deciding) == 1:
            return [text("explain.why", reason=deciding[0].reason(action, chain))]
        return [text("explain.why-statement", statement=s.ref, reason=s.reason(action, chain)) for s in deciding]
    refusing = _REFUSING_STAGE.get(decision.denied_by or "")
    near = [s for stage in stages if stage.stage == refusing for _, sts in stage.policies for s in sts
            if s.ref.effect == STATEMENT_ALLOW and s.relevant]
    if not near and refusing == "trust":
        return [text("explain.why-trust-names-no-caller", caller=decision.principal.id)]
    if not near:
        stage = text(_STAGE_NAMES.get(refusing or "", "explain.stage-any"))
        return [text("explain.why-nothing-covers", stage=stage, action=action)]
    return [text("explain.why-does-not-apply", statement=s.ref, reason=s.reason(action, chain)) for s in near]


def _wrap(line: str) -> str:
    wide = not line.isascii() and any(c >= "\u1100" and _wide(c) for c in line)
    if (_columns(line) if wide else len(line)) <= WIDTH:
        return line
    indent = " " * (len(line) - len(line.lstrip(" ")) + 4)
    if wide:
        return _wrap_wide(line, indent)
    return textwrap.fill(line, WIDTH, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)


def _wide(character: str) -> bool:
    """Whether a terminal shows the character two columns wide (Chinese characters and punctuation)."""
    return unicodedata.east_asian_width(character) in "WF"


def _columns(line: str) -> int:
    return len(line) + sum(1 for c in line if c >= "\u1100" and _wide(c))  # no wide character below U+1100


def _wrap_wide(line: str, indent: str) -> str:
    """``_wrap`` for a line with Chinese in it: at spaces, by the columns a terminal shows, not by characters."""
    lead = line[:len(line) - len(line.lstrip(" "))]
    words = line.lstrip(" ").split(" ")
    rows, current = [], lead + words[0]
    for word in words[1:]:
        if _columns(current) + 1 + _columns(word) > WIDTH:
            rows.append(current)
            current = indent + word
        else:
            current += " " + word
    rows.append(current)
    return "\n".join(rows)
