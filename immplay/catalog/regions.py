"""Alibaba Cloud region ids (for lint: a typo in an ARN's region never matches)."""

from __future__ import annotations

from functools import cache

from .data_files import load


@cache
def regions() -> list[str]:
    """Every region id immplay accepts without a warning (public regions and SDK endpoint keys)."""
    return list(load("regions.json")["all"])


def public_regions() -> list[str]:
    return list(load("regions.json")["public"])
