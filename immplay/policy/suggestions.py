"""Closest-name suggestions, for every "did you mean" immplay prints: policy elements and condition
operators (the grammar), IMM operations and actions, system policies, regions, service codes, keys
of a policy test file.

``closest`` picks the names (a case-insensitive exact match first, then the most similar);
``did_you_mean`` words them, each name quoted (one message style everywhere).
"""

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


def did_you_mean(names: list[str], language: str | None = None) -> str:
    """`` (did you mean "A" or "B"?)``, or ``""`` when there is nothing to suggest; in ``language``
    (default: the current one).

    One style for every suggestion: each name in double quotes, as a JSON document spells it, so
    that a name with a space, a colon or nothing in it reads unambiguously.

    >>> did_you_mean(["cn-shanghai", "cn-zhangbei"]), did_you_mean(["Effect"]), did_you_mean([])
    (' (did you mean "cn-shanghai" or "cn-zhangbei"?)', ' (did you mean "Effect"?)', '')
    """
    if not names:
        return ""
    from ..messages import text

    joined = text("parse.or", language=language).join(f'"{name}"' for name in names)
    return text("parse.did-you-mean", language=language, names=joined)
