"""What every committed notebook promises a reader, checked on the saved files (no kernel):

- an assumption marker (a Markdown blockquote paragraph starting ``> **Assumed — <topic>.**``) names
  a topic of ``immplay.cloud.ASSUMPTIONS``, so each marker leads to the table's entry;
- every widget output carries a static rendering (``text/html``) beside the live view, so GitHub and
  nbviewer show what the trainee would see;
- every course notebook's first cell names its sources and links the guide, so a notebook opened on
  its own (a split part too) says what it teaches from.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from immplay.cloud import ASSUMPTIONS

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))
# Both courses; the Chinese course's own conventions are checked in test_chinese_course.py.
BOTH_COURSES = NOTEBOOKS + sorted((Path(__file__).resolve().parents[2] / "notebooks" / "zh-CN").glob("*.ipynb"))
MARKER = re.compile(r"^> \*\*Assumed — (?P<topic>[^*]+?)\.\*\*", re.MULTILINE)
# Any sentence that opens like a marker, well-formed or not, so a misspelt one fails too.
MARKER_LIKE = re.compile(r"^>\s*\*\*Assumed\b.*$", re.MULTILINE)
TOPICS = {topic for topic, _behaviour, _why in ASSUMPTIONS}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
COURSE = [path for path in NOTEBOOKS if re.match(r"\d\d[a-z]?-", path.name)]
GUIDE_URL = "https://www.alibabacloud.com/help/en/imm/user-guide/grant-permissions-to-a-ram-user"


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def markdown(path: Path) -> str:
    return "\n\n".join("".join(c["source"]) for c in cells(path) if c["cell_type"] == "markdown")


def test_there_are_notebooks_to_check():
    assert len(NOTEBOOKS) >= 8


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_assumption_marker_names_a_topic_of_the_assumptions_table(path):
    text = markdown(path)
    for line in MARKER_LIKE.findall(text):
        found = MARKER.match(line)
        assert found, f"{path.name}: malformed assumption marker {line!r}; write '> **Assumed — <topic>.** ...'"
        assert found["topic"] in TOPICS, (f"{path.name}: marker names {found['topic']!r}, which is not a topic of "
                                          "immplay.cloud.ASSUMPTIONS")


def test_the_marker_pattern_accepts_a_known_topic_and_catches_an_unknown_one():
    assert MARKER.match("> **Assumed — IMM resource hierarchy.** A project grant covers its datasets.")["topic"] \
        in TOPICS
    assert MARKER.match("> **Assumed — Made-up topic.** Text.")["topic"] not in TOPICS


@pytest.mark.parametrize("path", BOTH_COURSES, ids=lambda p: p.stem if p.parent.name == "notebooks" else f"zh-CN/{p.stem}")
def test_every_widget_output_has_a_static_rendering(path):
    bare = [i for i, c in enumerate(cells(path)) if c["cell_type"] == "code" for o in c.get("outputs", [])
            if WIDGET_VIEW in o.get("data", {}) and "text/html" not in o["data"]]
    assert not bare, f"{path.name}: widget outputs without text/html in cells {bare} (re-execute the notebook)"


def test_the_operation_counts_in_the_assumptions_table_are_the_catalogs():
    from collections import Counter

    from immplay import catalog

    status = Counter(op.status for op in catalog.operations())
    entries = {topic: behaviour for topic, behaviour, _why in ASSUMPTIONS}
    assert entries["Inferred IMM operation resources"].startswith(
        f"{status['inferred']} of the {len(catalog.operations())} IMM 2020-09-30 operations")
    assert entries["Guessed IMM operation resources"].startswith(f"the {status['guess']} batch operations")


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.stem)
def test_every_course_notebook_header_names_its_sources_and_links_the_guide(path):
    header = "".join(cells(path)[0]["source"])
    assert "**Sources" in header, f"{path.name}: the first cell has no **Sources** line"
    assert GUIDE_URL in header, f"{path.name}: the first cell does not link the guide ({GUIDE_URL})"
