"""Every message a person reads exists in English and in Simplified Chinese, with the same fields.

The catalogs are immplay/messages/*.toml. A message added in English only, a Chinese text that is a
copy of the English, a field spelled differently in the two, or a message name used in the code that
no catalog has: each fails here, before a trainee of either course meets it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from immplay.language import (
    CHINESE,
    ENGLISH,
    LANGUAGES,
    LanguageError,
    current_language,
    language_code,
    set_language,
    using_language,
)
from immplay.messages import MessageError, areas, catalog, fields_of, text

PACKAGE = Path(__file__).resolve().parents[1] / "immplay"
HAN = re.compile(r"[\u4e00-\u9fff]")
ENTRIES = [(area, name) for area in areas() for name in catalog(area)]
# text("area.name" ...) with a literal name, anywhere in the package.
USED = re.compile(r"""\btext\(\s*["']([a-z0-9-]+\.[A-Za-z0-9_.-]+)["']""")


@pytest.mark.parametrize(("area", "name"), ENTRIES, ids=[f"{a}.{n}" for a, n in ENTRIES])
def test_each_message_is_written_in_both_languages_with_the_same_fields(area, name):
    entry = catalog(area)[name]
    assert set(entry) == set(LANGUAGES), f"{area}.toml [{name}] has {sorted(entry)}, wants {list(LANGUAGES)}"
    english, chinese = entry[ENGLISH], entry[CHINESE]
    assert english.strip() and chinese.strip()
    assert HAN.search(chinese), f"{area}.toml [{name}]: the zh-CN text has no Chinese in it: {chinese!r}"
    assert fields_of(english) == fields_of(chinese), f"{area}.toml [{name}]: the two texts fill different fields"


def test_every_message_name_the_package_uses_is_in_a_catalog():
    known = {f"{area}.{name}" for area, name in ENTRIES}
    used = {(path.relative_to(PACKAGE.parent), key)
            for path in PACKAGE.rglob("*.py") for key in USED.findall(path.read_text(encoding="utf-8"))}
    missing = sorted(f"{path}: {key}" for path, key in used if key not in known)
    assert not missing, "message names with no catalog entry:\n" + "\n".join(missing)


def test_a_message_is_written_in_the_current_language_and_english_is_the_default():
    assert current_language() == ENGLISH
    assert text("language.name") == "English"
    with using_language("zh-CN"):
        assert text("language.name") == "简体中文"
    assert text("language.name", language="zh") == "简体中文"


def test_set_language_changes_the_language_until_set_back():
    try:
        set_language("zh_CN")
        assert current_language() == CHINESE
        with using_language("en"):
            assert text("language.name") == "English"
        assert text("language.name") == "简体中文"
    finally:
        set_language("en")


def test_an_unknown_language_is_refused_with_the_ones_immplay_speaks():
    with pytest.raises(LanguageError, match=r"immplay speaks 'en' and 'zh-CN', not 'fr'"):
        language_code("fr")


def test_an_unknown_message_name_is_a_clear_error():
    with pytest.raises(MessageError, match=r"no message 'language.nope' in language.toml"):
        text("language.nope")
