"""What a user sees when a policy does not parse or validate."""

from __future__ import annotations

from typing import NamedTuple

from ..messages import text


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
        at = text("parse.problem-at", path=self.path) if self.path else ""
        if self.line is None:
            return text("parse.problem-in-document", at=at, message=self.message, code=self.code)
        return text("parse.problem-at-line", line=self.line, column=self.column, at=at, message=self.message,
                    code=self.code)


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
        count = text("parse.problem-count-one" if len(self.problems) == 1 else "parse.problem-count-many",
                     count=len(self.problems))
        head = (text("parse.policy-invalid-named", name=self.name, count=count) if self.name
                else text("parse.policy-invalid-unnamed", count=count))
        lines = [head]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)
