"""RAM wildcards: ``*`` matches any run of characters (also none), ``?`` exactly one. Every question
about patterns has its one answer here.

Every other character is literal (a ``.`` is a dot), and ``**`` means ``*`` (``pattern_tokens``
collapses the stars once for every algorithm below).

- **match** (``glob_match``, ``compile_globs``, ``matching``): does a string match? One translation to
  regular expressions serves the fast decision path and the explanation, so the two cannot
  disagree; star-heavy patterns, which could make a backtracking regex take exponential time, are
  matched by a linear-time loop instead.
- **may match** (``can_match``): can a pattern match some string of a *shape* — literal text and
  character classes such as "an IMM name"? Lint asks it with the ARN shapes of ``catalog.arn_shapes``.
- **prefix** (``may_start_with``): can a pattern match some string that starts with a given text?
- **covers** (``covers``, ``set_covers``): does every string one pattern matches also match another?

The algebra (may match, prefix, covers) steps through sets of states instead of backtracking, and
its answers are cached (bounded): lint asks them on every keystroke, about mostly unchanged patterns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import NamedTuple

_CACHE_SIZE = 4096


def has_wildcard(pattern: str) -> bool:
    return "*" in pattern or "?" in pattern


def glob_to_regex(pattern: str) -> str:
    """Regex source (without anchors) for a RAM wildcard pattern.

    >>> glob_to_regex("imm:List*")
    'imm:List.*'
    """
    return "".join(map(_token_regex, pattern_tokens(pattern)))


_END = ""  # trie key marking that a pattern ends here


def pattern_tokens(pattern: str) -> list[str]:
    """The pattern's characters, with each run of stars written once (``**`` means ``*``).

    >>> pattern_tokens("a**b?*")
    ['a', '*', 'b', '?', '*']
    """
    out: list[str] = []
    for ch in pattern:
        if ch == "*" and out and out[-1] == "*":
            continue
        out.append(ch)
    return out


def _token_regex(token: str) -> str:
    return ".*" if token == "*" else "." if token == "?" else re.escape(token)


def _trie_regex(node: dict) -> str:
    """Regex for a trie of token sequences; shared prefixes are compared once, not per pattern."""
    parts: list[str] = []
    while True:
        branches = [k for k in node if k != _END]
        if len(branches) == 1 and _END not in node:  # a run without choices: no recursion
            token = branches[0]
            parts.append(_token_regex(token))
            node = node[token]
            continue
        break
    if branches:
        # Literal branches first: they fail fast; ".*" branches backtrack.
        branches.sort(key=lambda k: k in ("*", "?"))
        alternatives = [_token_regex(k) + _trie_regex(node[k]) for k in branches]
        group = "(?:" + "|".join(alternatives) + ")"
        parts.append(group + "?" if _END in node else group)
    return "".join(parts)


# Python's regex engine backtracks: a pattern with many stars ("*a*a*a*a*b") can take exponential
# time on an unlucky string. Patterns with more stars than this are matched by a linear-time loop.
_MAX_REGEX_STARS = 3


def _glob_linear(pattern: str, value: str) -> bool:
    """Wildcard match in O(len(pattern) * len(value)): on a mismatch, retry from the last star."""
    p = s = 0
    star = -1
    mark = 0
    while s < len(value):
        if p < len(pattern) and pattern[p] == "*":
            star, mark = p, s
            p += 1
        elif p < len(pattern) and (pattern[p] == "?" or pattern[p] == value[s]):
            p += 1
            s += 1
        elif star != -1:
            p = star + 1
            mark += 1
            s = mark
        else:
            return False
    while p < len(pattern) and pattern[p] == "*":
        p += 1
    return p == len(pattern)


class _GlobSet:
    """Patterns too star-heavy for a regex, beside a regex for the rest; ``match`` like ``re``."""

    __slots__ = ("_regex", "_linear", "_fold")

    def __init__(self, regex: re.Pattern[str] | None, linear: tuple[str, ...], ignore_case: bool):
        self._regex = regex
        self._fold = ignore_case
        self._linear = tuple(p.casefold() for p in linear) if ignore_case else linear

    def match(self, value: str) -> bool | None:
        if self._regex is not None and self._regex.match(value) is not None:
            return True
        folded = value.casefold() if self._fold else value
        for pattern in self._linear:
            if _glob_linear(pattern, folded):
                return True
        return None


@lru_cache(maxsize=4096)
def compile_globs(patterns: tuple[str, ...], ignore_case: bool = False) -> re.Pattern[str] | _GlobSet:
    """One matcher for any of ``patterns`` (``.match(value)`` is not None on a match); cached.

    The patterns are merged into a prefix trie compiled to one regex, so matching a resource
    against the fifty patterns of a policy set costs about as much as matching it against one.
    """
    if not patterns:
        return re.compile("(?!)")
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    tokenized = {p: pattern_tokens(p) for p in patterns}
    linear = tuple(p for p, tokens in tokenized.items() if tokens.count("*") > _MAX_REGEX_STARS)
    regex = None
    if len(linear) < len(tokenized):
        trie: dict = {}
        for pattern, tokens in tokenized.items():
            if pattern in linear:
                continue
            node = trie
            for token in tokens:
                node = node.setdefault(token, {})
            node[_END] = {}
        regex = re.compile(f"(?:{_trie_regex(trie)})\\Z", flags)
    if linear:
        return _GlobSet(regex, linear, ignore_case)
    return regex  # type: ignore[return-value]


def matching(patterns: Iterable[str], value: str, ignore_case: bool = False) -> list[str]:
    """The patterns among ``patterns`` that match ``value`` (for explanations)."""
    return [p for p in patterns if compile_globs((p,), ignore_case).match(value)]


def glob_match(pattern: str, value: str, ignore_case: bool = False) -> bool:
    """Whether ``value`` matches the RAM wildcard ``pattern``.

    >>> glob_match("acs:imm:*:*:project/imm-test-doc*", "acs:imm:cn-shanghai:1:project/imm-test-doc1")
    True
    """
    return compile_globs((pattern,), ignore_case).match(value) is not None


# --- may match: can a pattern match some string of a shape? ------------------------------------


class CharClass(NamedTuple):
    """A run of characters in a shape: which characters it allows, one it stands for, and whether it is non-empty."""

    name: str
    allows: Callable[[str], bool]
    sample: str  # one character the class allows, standing for every character not written literally
    at_least_one: bool


ANY = CharClass("any", lambda c: True, "x", at_least_one=False)

Shape = tuple  # of str (literal text) and CharClass


def _steps(shape: Shape) -> list[tuple[str, object]]:
    """Flatten a shape into steps: ("lit", char) or ("cls", CharClass)."""
    steps: list[tuple[str, object]] = []
    for part in shape:
        if isinstance(part, str):
            steps.extend(("lit", ch) for ch in part)
        else:
            steps.append(("cls", part))
    return steps


@lru_cache(maxsize=_CACHE_SIZE)
def can_match(pattern: str, shape: Shape) -> bool:
    """Whether some string of ``shape`` matches the RAM wildcard ``pattern``.

    Answered exactly by exploring the product of the two automata, so lint can say "this Resource
    can never match the ARN this action is authorized on" without guessing.

    >>> project = ("acs:imm:", ANY, ":project/", ANY)
    >>> can_match("acs:imm:*:*:project/p", project), can_match("acs:imm:*:*:project/p", ("*",))
    (True, False)
    """
    tokens = pattern_tokens(pattern)
    steps = _steps(shape)
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


def may_start_with(pattern: str, prefix: str) -> bool:
    """Whether some string the wildcard ``pattern`` matches starts with ``prefix``.

    The same question as ``can_match(pattern, (prefix, ANY))``, answered in one pass (lint asks it
    of every Resource on every keystroke).

    >>> may_start_with("proj*", "project/"), may_start_with("projects/p", "project/")
    (True, False)
    """
    for i, ch in enumerate(pattern):
        if ch == "*" or i >= len(prefix):
            return True
        if ch != "?" and ch != prefix[i]:
            return False
    return len(pattern) >= len(prefix)


# --- covers: does one pattern match everything another matches? --------------------------------


@lru_cache(maxsize=_CACHE_SIZE)
def covers(general: str, specific: str, ignore_case: bool = False) -> bool:
    """Whether every string ``specific`` matches is also matched by ``general`` (sound, not complete).

    ``general`` is matched against the text of ``specific``, whose wildcards only a ``*`` of
    ``general`` can absorb (a ``?`` also by a ``?``). The match steps through a set of positions
    instead of backtracking, so patterns such as ``*a*a*a*a*b`` cannot take exponential time.

    >>> covers("imm:Get*", "imm:GetProj?ct"), covers("imm:Get?", "imm:Get*")
    (True, False)
    """
    if ignore_case:
        general, specific = general.lower(), specific.lower()
    if general == specific or general == "*":
        return True
    end = len(specific)
    positions = {0}  # indices of ``specific`` reachable after the part of ``general`` read so far
    for token in general:
        if token == "*":
            positions = set(range(min(positions), end + 1))
        elif token == "?":
            positions = {i + 1 for i in positions if i < end and specific[i] != "*"}
        else:
            positions = {i + 1 for i in positions if i < end and specific[i] == token}
        if not positions:
            return False
    return end in positions


def set_covers(general: Iterable[str], specific: Iterable[str], ignore_case: bool = False) -> bool:
    """Whether every pattern of ``specific`` is covered by some pattern of ``general``."""
    general = tuple(general)
    return all(any(covers(g, s, ignore_case) for g in general) for s in specific)


def clear_caches() -> None:
    """Forget the cached answers of the pattern algebra (benchmarks time a cold start with it)."""
    can_match.cache_clear()
    covers.cache_clear()
