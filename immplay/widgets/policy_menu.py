"""The "load a policy" menu: the guide's example policies (data files) and the catalog's system policies.

Example policies live in `immplay/widgets/examples/*.json`, each with its title, source and a status
saying whether the document is verbatim or reconstructed from the guide's description. The labels
are in the current language (their titles from immplay/messages/widgets.toml); `find_entry` knows
an entry by its label in either language, so both courses load "Example: specific projects".

Example:
    >>> entries = menu_entries()
    >>> entries[0].label
    'Example: full access'
    >>> '"imm:*"' in entries[0].text()
    True
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from immplay.language import LANGUAGES, using_language
from immplay.messages import MessageError, text


@dataclass(frozen=True)
class ExamplePolicy:
    """One of the guide's example policies, as shipped in examples/<slug>.json."""

    slug: str
    title: str
    source: str
    status: str
    notes: str
    document: dict[str, Any]


@dataclass(frozen=True)
class MenuEntry:
    """A menu line: its label, the policy name it loads as, and where the document comes from."""

    label: str
    policy_name: str
    document: dict[str, Any]
    source: str
    note: str

    def text(self) -> str:
        """The document as the editor shows it (indented JSON, key order kept)."""
        return json.dumps(self.document, indent=2)


@lru_cache(maxsize=1)
def example_policies() -> tuple[ExamplePolicy, ...]:
    """The guide's four example policies, in the guide's order."""
    found = []
    for item in resources.files("immplay.widgets").joinpath("examples").iterdir():
        if not item.name.endswith(".json"):
            continue
        data = json.loads(item.read_text(encoding="utf-8"))
        found.append((data.get("order", 99), ExamplePolicy(
            slug=item.name[: -len(".json")], title=data["title"], source=data["source"],
            status=data["status"], notes=data.get("notes", ""), document=data["document"],
        )))
    return tuple(example for _, example in sorted(found, key=lambda pair: pair[0]))


def example_title(example: ExamplePolicy) -> str:
    """An example's title in the current language (its file's English title when the catalog has none)."""
    try:
        return text(f"widgets.example-title-{example.slug}")
    except MessageError:
        return example.title


def menu_entries() -> list[MenuEntry]:
    """Examples first (guide order), then every system policy in the catalog (by name), labelled in
    the current language.

    A system policy whose document the reference marks as unconfirmed says so in its label.
    """
    from immplay import catalog  # the catalog is only needed when the menu is built

    entries = [
        MenuEntry(label=text("widgets.menu-example", title=example_title(ex)), policy_name=ex.slug,
                  document=ex.document, source=ex.source, note=ex.status)
        for ex in example_policies()
    ]
    for name, system in sorted(catalog.system_policies().items()):
        label = text("widgets.menu-system-policy", name=name)
        if not system.confirmed:
            label = text("widgets.menu-unconfirmed", label=label)
        entries.append(MenuEntry(label=label, policy_name=name, document=system.document, source=system.source,
                                 note=system.notes or ""))
    return entries


def find_entry(label: str) -> MenuEntry:
    """The menu entry (labelled in the current language) whose label in any language is `label`;
    KeyError naming the current language's labels when there is none."""
    current = menu_entries()
    for language in LANGUAGES:
        with using_language(language):
            labels = [entry.label for entry in menu_entries()]
        if label in labels:
            return current[labels.index(label)]
    raise KeyError(f"no menu entry {label!r}; entries: {', '.join(e.label for e in current)}")
