"""RAM codes: the service prefixes of actions (``ecs`` in ``ecs:DescribeInstances``), with their source."""

from __future__ import annotations

from functools import cache

from .data_files import load


@cache
def service_codes() -> frozenset[str]:
    """Every RAM code immplay knows (lowercase); not every Alibaba Cloud service (see the data file)."""
    return frozenset(load("services.json")["codes"])


def misspelt_service(code: str) -> list[str]:
    """Known RAM codes that ``code`` is one typo away from; empty when it is known or resembles none.

    A typo is one character replaced, added, dropped, or two neighbours swapped, after the same
    first letter: close enough that ``code`` is almost certainly a mistake, not a service immplay
    does not list.

    >>> misspelt_service("imn"), misspelt_service("imm"), misspelt_service("zzzz")
    (['imm', 'imp', 'ims'], [], [])
    """
    code = code.lower()
    if code in service_codes() or len(code) < 3:
        return []
    return sorted(known for known in service_codes() if known[0] == code[0] and _one_typo(code, known))


def _one_typo(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))
