"""The Chinese course (notebooks/zh-CN/) is the English course, in step: checked on the saved files.

- every English course notebook has a Chinese twin of the same name, and nothing else is there;
- a twin has the same code cells, token for token, in the same order. Comments may be Chinese, and the
  first code cell that uses immplay begins with the one line that selects the language,
  ``LANGUAGE_LINE``; nothing else differs, so the twin runs the same requests, exercises and emulator
  seed. (00-start's pre-flight cell comes before it: the pre-flight must run where immplay is missing,
  and ``notebooks/zh-CN/preflight.py`` reports in Chinese by itself.)
- its first cell states the same duration ("约 N 分钟" for "about N minutes"), names its sources
  ("资料来源") and links the guide's Chinese page beside the English one;
- its Markdown is Chinese: a cell with English prose and no Chinese is a cell someone forgot;
- its assumption markers (``> **假设 — <主题>。**``) name a topic of ``immplay/messages/assumptions.toml``,
  whose English text is the topic of ``immplay.cloud.ASSUMPTIONS``, so a marker leads to the same entry.
"""

from __future__ import annotations

import io
import json
import re
import tokenize
from pathlib import Path

import pytest

from immplay.messages import catalog

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
CHINESE = NOTEBOOKS / "zh-CN"
ENGLISH_COURSE = sorted(path for path in NOTEBOOKS.glob("*.ipynb") if re.match(r"\d\d[a-z]?-", path.name))
CHINESE_COURSE = sorted(CHINESE.glob("*.ipynb"))
LANGUAGE_LINE = 'import immplay; immplay.set_language("zh-CN")'
GUIDE_URL = "https://www.alibabacloud.com/help/en/imm/user-guide/grant-permissions-to-a-ram-user"
GUIDE_URL_ZH = "https://help.aliyun.com/zh/imm/user-guide/grant-permissions-to-a-ram-user"
HAN = re.compile(r"[\u4e00-\u9fff]")
MARKER = re.compile(r"^> \*\*假设 — (?P<topic>[^*]+?)。\*\*", re.MULTILINE)
MARKER_LIKE = re.compile(r"^>\s*\*\*(?:假设|Assumed).*$", re.MULTILINE)
CHINESE_TOPICS = {entry["zh-CN"] for entry in catalog("assumptions").values()}


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def sources(path: Path, kind: str) -> list[str]:
    return ["".join(cell["source"]) for cell in cells(path) if cell["cell_type"] == kind]


def code_tokens(source: str) -> list[tuple[int, str]]:
    """The cell's code as tokens, without comments, blank lines or indentation details."""
    skipped = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
               tokenize.ENDMARKER}
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [(token.type, token.string) for token in tokens if token.type not in skipped]


def twin(english: Path) -> Path:
    return CHINESE / english.name


def test_every_english_notebook_has_a_chinese_twin_and_only_those():
    english, chinese = {p.name for p in ENGLISH_COURSE}, {p.name for p in CHINESE_COURSE}
    assert not english - chinese, f"notebooks with no Chinese twin: {sorted(english - chinese)}"
    assert not chinese - english, f"notebooks/zh-CN/ has notebooks the English course lacks: {sorted(chinese - english)}"


@pytest.mark.parametrize("english", ENGLISH_COURSE, ids=lambda p: p.stem)
def test_the_twin_has_the_same_code_but_for_the_language_line(english):
    if not twin(english).is_file():
        pytest.fail(f"{english.name} has no Chinese twin in notebooks/zh-CN/")
    ours, theirs = sources(english, "code"), sources(twin(english), "code")
    assert len(theirs) == len(ours), f"zh-CN/{english.name}: {len(theirs)} code cells, the English has {len(ours)}"
    first = next(i for i, source in enumerate(ours) if "immplay" in source)
    first_line, _, rest = theirs[first].partition("\n")
    assert first_line == LANGUAGE_LINE, (
        f"zh-CN/{english.name}: code cell {first + 1}, the first that uses immplay, must begin with {LANGUAGE_LINE!r}")
    theirs[first] = rest
    for number, (en, zh) in enumerate(zip(ours, theirs, strict=True), start=1):
        assert code_tokens(zh) == code_tokens(en), f"zh-CN/{english.name}: code cell {number} differs from the English"


@pytest.mark.parametrize("english", ENGLISH_COURSE, ids=lambda p: p.stem)
def test_the_twin_states_the_same_duration_names_its_sources_and_links_the_guide_in_both_languages(english):
    if not twin(english).is_file():
        pytest.fail(f"{english.name} has no Chinese twin in notebooks/zh-CN/")
    minutes = re.search(r"\(about (\d+) minutes\)", "".join(cells(english)[0]["source"]))[1]
    header = "".join(cells(twin(english))[0]["source"])
    assert f"约 {minutes} 分钟" in header, f"zh-CN/{english.name}: the first cell should say （约 {minutes} 分钟）"
    assert "**资料来源" in header, f"zh-CN/{english.name}: the first cell has no **资料来源** line"
    assert GUIDE_URL_ZH in header and GUIDE_URL in header, (
        f"zh-CN/{english.name}: the first cell should link the guide in Chinese ({GUIDE_URL_ZH}) and in English")


@pytest.mark.parametrize("path", CHINESE_COURSE, ids=lambda p: p.stem)
def test_every_markdown_cell_of_the_chinese_course_is_written_in_chinese(path):
    for number, text in enumerate(sources(path, "markdown"), start=1):
        prose = re.sub(r"```.*?```|`[^`]*`|\[[^\]]*\]\([^)]*\)|^>.*$", " ", text, flags=re.DOTALL | re.MULTILINE)
        english_words = re.findall(r"[A-Za-z]{3,}", prose)
        assert HAN.search(text) or len(english_words) < 8, (
            f"zh-CN/{path.name}: Markdown cell {number} has English prose and no Chinese: {text[:120]!r}")


@pytest.mark.parametrize("path", CHINESE_COURSE, ids=lambda p: p.stem)
def test_every_chinese_assumption_marker_names_a_topic_of_the_assumptions_table(path):
    text = "\n\n".join(sources(path, "markdown"))
    for line in MARKER_LIKE.findall(text):
        found = MARKER.match(line)
        assert found, f"zh-CN/{path.name}: malformed assumption marker {line!r}; write '> **假设 — <主题>。** …'"
        assert found["topic"] in CHINESE_TOPICS, (
            f"zh-CN/{path.name}: marker names {found['topic']!r}, which is not a zh-CN topic of assumptions.toml")


@pytest.mark.parametrize("english", ENGLISH_COURSE, ids=lambda p: p.stem)
def test_the_twin_marks_the_same_assumptions_as_the_english(english):
    if not twin(english).is_file():
        pytest.fail(f"{english.name} has no Chinese twin in notebooks/zh-CN/")
    to_chinese = {entry["en"]: entry["zh-CN"] for entry in catalog("assumptions").values()}
    ours = re.findall(r"^> \*\*Assumed — ([^*]+?)\.\*\*", "\n\n".join(sources(english, "markdown")), re.MULTILINE)
    theirs = MARKER.findall("\n\n".join(sources(twin(english), "markdown")))
    assert sorted(theirs) == sorted(to_chinese[topic] for topic in ours), (
        f"zh-CN/{english.name}: marks {sorted(theirs)}, the English marks {sorted(ours)}")


def test_the_code_comparison_ignores_comments_and_sees_a_changed_value():
    assert code_tokens('x = 1  # one\n\n# 注释\nprint(x)\n') == code_tokens("x = 1\nprint(x)")
    assert code_tokens("x = 1") != code_tokens("x = 2")
