"""What the editor marks in a policy text: parse problems and lint findings, at line and position.

One way of pointing at a place everywhere: the 1-based line and position (character in the line)
the editor shows in its gutter and status. Pure: the editor widget and its tests call it directly.

>>> [(d["line"], d["column"], d["code"]) for d in diagnostics('{"Version": "1", "Statement": [\\n'
...     '{"Effect": "Allow", "Action": "imm:ListProject", "Resource": "*"}]}')]
[(2, 31, 'unknown-action')]
"""

from __future__ import annotations

from typing import TypedDict

from immplay.lint import SEVERITIES, Finding, lint
from immplay.policy import Policy, PolicyError


class Diagnostic(TypedDict):
    """One mark in the editor; `line` and `column` are 1-based, as the editor shows them."""

    line: int
    column: int
    severity: str  # "error" | "security-warning" | "warning" | "suggestion"
    code: str
    message: str


def diagnostics(text: str, kind: str = "identity", with_lint: bool = True) -> list[Diagnostic]:
    """Parse problems and (unless ``with_lint`` is False) lint findings for ``text``, in document order.

    A problem with no place in the text (the whole document is too long) is marked at line 1.
    """
    if with_lint:
        return from_findings(lint(text, kind=kind))
    try:
        Policy.parse(text, kind=kind)
    except PolicyError as err:
        return from_findings([Finding("error", p.code, p.message, p.path, p.line, p.column) for p in err.problems])
    return []


def from_findings(findings: list[Finding]) -> list[Diagnostic]:
    """Findings (with or without a place) as editor diagnostics, in document order."""
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    ordered = sorted(findings, key=lambda f: (f.line or 1, f.column or 1, rank.get(f.severity, 9)))
    return [Diagnostic(line=f.line or 1, column=f.column or 1, severity=f.severity, code=f.code,
                       message=f.message) for f in ordered]


__all__ = ["Diagnostic", "diagnostics", "from_findings"]
