"""Closest-name suggestions for unknown operations, actions and policies."""

from __future__ import annotations

from collections.abc import Iterable


def closest(name: str, candidates: Iterable[str], n: int = 3, cutoff: float = 0.5) -> list[str]:
    """Up to ``n`` candidates closest to ``name``, a case-insensitive exact match first.

    >>> closest("listproject", ["ListProjects", "GetProject", "CreateProject"])
    ['ListProjects', 'GetProject', 'CreateProject']
    """
    import difflib  # only a misspelt name pays for suggestions

    pool = list(candidates)
    by_lower = {c.lower(): c for c in pool}
    found: list[str] = []
    if name.lower() in by_lower:
        found.append(by_lower[name.lower()])
    lowered = difflib.get_close_matches(name.lower(), list(by_lower), n=n, cutoff=cutoff)
    for low in lowered:
        if by_lower[low] not in found:
            found.append(by_lower[low])
    return found[:n]


def did_you_mean(names: list[str]) -> str:
    if not names:
        return ""
    return " (did you mean " + " or ".join(names) + "?)"
