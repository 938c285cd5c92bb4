"""What a user sees when a policy does not parse or validate."""

from __future__ import annotations

from typing import NamedTuple


class Problem(NamedTuple):
    """One thing wrong with a policy document.

    ``path`` is a JSON pointer into the document (``"/Statement/0/Effect"``; ``""`` for the whole
    document). ``line`` and ``column`` are 1-based positions of the offending token in the user's
    text, or ``None`` when the policy was given as a dict.
    """

    code: str
    message: str
    path: str = ""
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}, column {self.column}" if self.line is not None else "document"
        at = f" at {self.path}" if self.path else ""
        return f"{where}{at}: {self.message} [{self.code}]"


class PolicyError(ValueError):
    """A policy document that RAM would refuse; ``problems`` lists every problem found.

    >>> from immplay.policy import Policy
    >>> try:
    ...     Policy.parse('{"Version": "1", "Statement": [{"Effect": "allow"}]}')
    ... except PolicyError as err:
    ...     print(err.problems[0].code)
    InvalidEffect
    """

    def __init__(self, problems: list[Problem], name: str | None = None):
        self.problems = list(problems)
        self.name = name
        super().__init__(self._message())

    def _message(self) -> str:
        head = f"policy {self.name!r} is invalid" if self.name else "the policy is invalid"
        noun = "problem" if len(self.problems) == 1 else "problems"
        lines = [f"{head} ({len(self.problems)} {noun}):"]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)
