"""Alibaba-managed (system) policies, as documented, with their source and whether confirmed."""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from ..policy import Policy
from ..policy.suggestions import closest, did_you_mean
from .data_files import load


class UnknownPolicy(KeyError, ValueError):
    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        super().__init__(name)

    def __str__(self) -> str:
        from ..messages import text

        return text("request.unknown-system-policy", name=self.name, suggestion=did_you_mean(self.suggestions))


class SystemPolicy(NamedTuple):
    """A system policy document; ``confirmed`` is False where its content is a guess."""

    name: str
    version: str
    document: dict[str, Any]
    confirmed: bool
    source: str
    notes: str
    policy: Policy


@cache
def system_policies() -> dict[str, SystemPolicy]:
    """Every system policy immplay knows, by name."""
    result = {}
    for name, entry in load("system-policies.json").items():
        if name.startswith("_"):
            continue
        result[name] = SystemPolicy(
            name=name, version=entry.get("version", "v1"), document=entry["document"],
            confirmed=bool(entry.get("confirmed")), source=entry.get("source") or "no source found (the document is a guess)",
            notes=entry.get("notes", ""), policy=Policy.parse(entry["document"], name=name),
        )
    return result


def system_policy(name: str) -> Policy:
    """The system policy ``name`` as a ``Policy`` (``"AliyunIMMReadOnlyAccess"``)."""
    policies = system_policies()
    if name in policies:
        return policies[name].policy
    raise UnknownPolicy(name, closest(name, policies))
