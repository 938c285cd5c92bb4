"""RAM wildcards: ``*`` matches any run of characters (also none), ``?`` exactly one.

Every other character is literal (a ``.`` is a dot). One translation to regular expressions serves
both the fast decision path and the explanation, so the two can never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache


def has_wildcard(pattern: str) -> bool:
    return "*" in pattern or "?" in pattern


def glob_to_regex(pattern: str) -> str:
    """Regex source (without anchors) for a RAM wildcard pattern.

    >>> glob_to_regex("imm:List*")
    'imm:List.*'
    """
    out = []
    for ch in pattern:
        if ch == "*":
            if not out or out[-1] != ".*":  # "**" means the same as "*"
                out.append(".*")
        elif ch == "?":
            out.append(".")
        else:
            out.append(re.escape(ch))
    return "".join(out)


_END = ""  # trie key marking that a pattern ends here


def _tokens(pattern: str) -> list[str]:
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
    tokenized = {p: _tokens(p) for p in patterns}
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
