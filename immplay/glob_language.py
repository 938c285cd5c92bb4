"""Can a RAM wildcard pattern ever match a string of a given shape? (used by lint)

A shape is a sequence of literal text and character classes ("a region: any characters but ':'").
The question is answered exactly by exploring the product of the two automata, so lint can say
"this Resource can never match the ARN this action is authorized on" without guessing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple


class CharClass(NamedTuple):
    name: str
    allows: Callable[[str], bool]
    sample: str  # one character the class allows, standing for every character not written literally
    at_least_one: bool


def _name_char(c: str) -> bool:
    return c.isascii() and (c.isalnum() or c in "_-")


REGION = CharClass("region", lambda c: c not in ":", "r", at_least_one=False)
ACCOUNT = CharClass("account", lambda c: c not in ":", "1", at_least_one=False)
NAME = CharClass("name", _name_char, "n", at_least_one=True)

Shape = tuple  # of str (literal text) and CharClass


def imm_shape(resource_type: str) -> list[Shape]:
    """The ARN shapes that cover an operation authorized on ``resource_type`` (most specific first)."""
    project = ("acs:imm:", REGION, ":", ACCOUNT, ":project/", NAME)
    if resource_type == "*":
        return [("*",)]
    if resource_type == "project":
        return [project]
    if resource_type == "dataset":
        return [project + ("/dataset/", NAME), project]
    return [project + (f"/{resource_type}/*",), project]


def _states(shape: Shape) -> list[tuple[str, object]]:
    """Flatten a shape into steps: ("lit", char) or ("cls", CharClass)."""
    steps: list[tuple[str, object]] = []
    for part in shape:
        if isinstance(part, str):
            steps.extend(("lit", ch) for ch in part)
        else:
            steps.append(("cls", part))
    return steps


def can_match(pattern: str, shape: Shape) -> bool:
    """Whether some string of ``shape`` matches the RAM wildcard ``pattern``.

    >>> can_match("acs:imm:*:*:project/p", imm_shape("project")[0])
    True
    >>> can_match("acs:imm:*:*:project/p", ("*",))
    False
    """
    tokens: list[str] = []
    for ch in pattern:
        if not (ch == "*" and tokens and tokens[-1] == "*"):
            tokens.append(ch)
    steps = _states(shape)
    # A state is (index in tokens, index in steps, whether the current class step consumed a char).
    start = (0, 0, False)
    seen = {start}
    stack = [start]
    while stack:
        gi, si, used = stack.pop()
        moves: list[tuple[int, int, bool]] = []
        if gi < len(tokens) and tokens[gi] == "*":
            moves.append((gi + 1, si, used))  # the star matches nothing more
        if si < len(steps) and steps[si][0] == "cls":
            cls = steps[si][1]
            if used or not cls.at_least_one:  # type: ignore[union-attr]
                moves.append((gi, si + 1, False))  # leave the class
        if gi == len(tokens) and si == len(steps):
            return True
        if gi < len(tokens) and si < len(steps):
            token = tokens[gi]
            kind, what = steps[si]
            if kind == "lit":
                ok = token in "*?" or token == what
                next_step = (si + 1, False)
            else:
                ok = token in "*?" or what.allows(token)  # type: ignore[union-attr]
                next_step = (si, True)
            if ok:
                next_gi = gi if token == "*" else gi + 1
                moves.append((next_gi, *next_step))
        for move in moves:
            if move not in seen:
                seen.add(move)
                stack.append(move)
    return False
