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


@lru_cache(maxsize=4096)
def compile_globs(patterns: tuple[str, ...], ignore_case: bool = False) -> re.Pattern[str]:
    """One anchored regex matching any of ``patterns``; cached, since policy sets share patterns."""
    body = "|".join(f"(?:{glob_to_regex(p)})" for p in patterns) if patterns else "(?!)"
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    return re.compile(f"(?:{body})\\Z", flags)


def matching(patterns: Iterable[str], value: str, ignore_case: bool = False) -> list[str]:
    """The patterns among ``patterns`` that match ``value`` (for explanations)."""
    return [p for p in patterns if compile_globs((p,), ignore_case).match(value)]


def glob_match(pattern: str, value: str, ignore_case: bool = False) -> bool:
    """Whether ``value`` matches the RAM wildcard ``pattern``.

    >>> glob_match("acs:imm:*:*:project/imm-test-doc*", "acs:imm:cn-shanghai:1:project/imm-test-doc1")
    True
    """
    return compile_globs((pattern,), ignore_case).match(value) is not None
