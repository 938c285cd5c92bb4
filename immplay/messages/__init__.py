"""immplay's words in both languages it speaks: one TOML file per area, each message in English and
Chinese side by side, so a translator sees both and a test can check that neither is missing.

A message is named ``"<area>.<name>"``: ``"lint.unknown-action"`` is ``[unknown-action]`` in
``lint.toml``. Its texts are ``str.format`` templates with named fields, the same fields in both
languages::

    [unknown-action]
    en = "{action!r} is not an IMM operation"
    zh-CN = "{action!r} 不是 IMM 的操作"

>>> from immplay.messages import text
>>> text("language.name", language="zh-CN")
'简体中文'
"""

from __future__ import annotations

import string
import sys
from functools import cache
from pathlib import Path
from typing import Any

from ..language import ENGLISH, LANGUAGES, current_language, language_code

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

HERE = Path(__file__).resolve().parent


class MessageError(KeyError):
    """A message name no catalog has: a bug in immplay, reported with the name."""


def areas() -> list[str]:
    """The catalogs there are, by area: ``["language", "lint", ...]``."""
    return sorted(path.stem for path in HERE.glob("*.toml"))


@cache
def catalog(area: str) -> dict[str, dict[str, str]]:
    """One area's messages: name -> {language code -> template}."""
    path = HERE / f"{area}.toml"
    if not path.is_file():
        raise MessageError(f"no message catalog {area!r} (there are: {', '.join(areas())})")
    with path.open("rb") as file:
        return tomllib.load(file)


# (key, language code) -> template, filled as messages are asked for: lint and explanations write
# dozens of messages per keystroke, and one dict lookup is a third of the full lookup below.
_templates: dict[tuple[str, str], str] = {}


def template(key: str, language: str | None = None) -> str:
    """The template of message ``key`` in ``language`` (default: the current one), English when the
    language has none yet (tests/test_messages.py keeps every message translated)."""
    code = language_code(language) if language is not None else current_language()
    found = _templates.get((key, code))
    if found is None:
        found = _templates[key, code] = _lookup(key, code)
    return found


def _lookup(key: str, code: str) -> str:
    area, _, name = key.partition(".")
    entry = catalog(area).get(name)
    if entry is None:
        raise MessageError(f"no message {key!r} in {area}.toml")
    return entry.get(code) or entry[ENGLISH]


def text(key: str, /, language: str | None = None, **fields: Any) -> str:
    """Message ``key`` in ``language`` (default: the current one), its fields filled in."""
    return template(key, language).format(**fields)


def fields_of(template_text: str) -> set[str]:
    """The named fields a template uses: ``"{a!r} and {b:>3}"`` -> ``{"a", "b"}``."""
    return {name.split(".")[0].split("[")[0]
            for _, name, _, _ in string.Formatter().parse(template_text) if name}


__all__ = ["LANGUAGES", "MessageError", "areas", "catalog", "fields_of", "template", "text"]
