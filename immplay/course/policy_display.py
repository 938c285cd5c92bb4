"""How notebooks 04 and 04b print the guide's example policies and a playground's decisions as text.

Plain text, so the printed form also shows on GitHub and nbviewer, and stays short enough to read
without wrapping in the middle of an ARN. Neither function touches engine internals: they use the
documents' own key order and ``Decision.why()``.
"""

from __future__ import annotations

import json
from typing import Any

LINE = 100


def statement_lines(statement: dict[str, Any]) -> str:
    """One statement on one line, or on two when it is longer than 100 characters (its Resource second).

    >>> print(statement_lines({"Effect": "Allow", "Action": "imm:*", "Resource": "*"}))
        {"Effect": "Allow", "Action": "imm:*", "Resource": "*"}
    """
    line = "    " + json.dumps(statement)
    if len(line) <= LINE or "Resource" not in statement:
        return line
    rest = {key: value for key, value in statement.items() if key != "Resource"}
    return "    " + json.dumps(rest)[:-1] + ",\n     " + json.dumps({"Resource": statement["Resource"]})[1:]


def document_text(document: dict[str, Any]) -> str:
    """The policy document with its key order kept, one statement per line (two when it is long)."""
    statements = ",\n".join(statement_lines(statement) for statement in document["Statement"])
    parts = [f'  "Statement": [\n{statements}\n  ]' if key == "Statement" else f"  {json.dumps(key)}: {json.dumps(value)}"
             for key, value in document.items()]
    return "{\n" + ",\n".join(parts) + "\n}"


def print_document(document: dict[str, Any]) -> None:
    """Print `document_text(document)`."""
    print(document_text(document))


def show(playground: Any) -> None:
    """Print each request of a `PolicyPlayground`: the request and its decision, and on the next line why."""
    for sample, decision in zip(playground.samples, playground.decisions, strict=True):
        print(f"{sample.label()}: {decision.effect}\n    {decision.why()}")
