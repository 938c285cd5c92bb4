"""The language immplay speaks to people: English by default, Simplified Chinese on request.

Every message a person reads — widget labels and summaries, explanations, parse errors, lint
findings, exercise goals and hints — is written in both languages (``immplay/messages/*.toml``).
Codes, policy JSON, API names, error codes from the emulated services and ARNs are the same in both.

A notebook of the Chinese course selects Chinese once, in its first code cell::

    import immplay; immplay.set_language("zh-CN")

Everything created or printed after that speaks Chinese. A widget also takes ``language=`` for itself,
and ``using_language`` switches for a block of code. Outside a notebook, the ``IMMPLAY_LANGUAGE``
environment variable sets the starting language (the command line also has ``--language``).

>>> from immplay.language import current_language, using_language
>>> current_language()
'en'
>>> with using_language("zh-CN"):
...     current_language()
'zh-CN'
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

ENGLISH = "en"
CHINESE = "zh-CN"
LANGUAGES = (ENGLISH, CHINESE)
ENVIRONMENT_VARIABLE = "IMMPLAY_LANGUAGE"

# Spellings people type for the two languages, each mapped to its code.
_ALIASES = {"en": ENGLISH, "en-us": ENGLISH, "en-gb": ENGLISH, "english": ENGLISH,
            "zh": CHINESE, "zh-cn": CHINESE, "zh-hans": CHINESE, "zh_cn": CHINESE, "chinese": CHINESE}


class LanguageError(ValueError):
    """A language immplay does not speak; the message names the ones it does."""


def language_code(name: str) -> str:
    """The code of a language as a person may spell it: ``"zh"``, ``"zh_CN"`` and ``"zh-Hans"`` are ``"zh-CN"``.

    >>> language_code("zh_CN"), language_code("EN")
    ('zh-CN', 'en')
    """
    code = _ALIASES.get(str(name).strip().lower())
    if code is None:
        raise LanguageError(f"immplay speaks {' and '.join(repr(c) for c in LANGUAGES)}, not {name!r}")
    return code


def _starting_language() -> str:
    value = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if not value:
        return ENGLISH
    try:
        return language_code(value)
    except LanguageError:
        return ENGLISH  # a stray environment setting must not stop `import immplay`


_default = _starting_language()
_block: ContextVar[str | None] = ContextVar("immplay_language", default=None)


def set_language(name: str) -> None:
    """Speak this language from now on: ``"en"`` (the default) or ``"zh-CN"``."""
    global _default
    _default = language_code(name)


def current_language() -> str:
    """The language messages are written in right now: the innermost ``using_language``, else ``set_language``'s."""
    return _block.get() or _default


@contextmanager
def using_language(name: str | None) -> Iterator[str]:
    """Speak ``name`` inside the ``with`` block (``None`` keeps the current language); yields the code."""
    code = language_code(name) if name is not None else current_language()
    token = _block.set(code)
    try:
        yield code
    finally:
        _block.reset(token)
