"""The README tells about the browser site: the link beside the Binder badge, and the trainer's notes."""

from __future__ import annotations

from pathlib import Path

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_the_browser_link_sits_on_the_line_after_the_binder_badge():
    lines = README.splitlines()
    badge = next(i for i, line in enumerate(lines) if line.startswith("[![Binder]"))
    assert lines[badge + 1].startswith("[**Try it in your browser**](https://")


def test_the_trainers_section_covers_hosting_keeping_work_and_when_to_use_binder():
    section = README.split("### For trainers: a workshop on the browser site", 1)[1].split("\n## ", 1)[0]
    for topic in ("**Hosting:**", ".github/workflows/lite.yml", "**Trainees' work stays in their browser:**",
                  "File → Download", "**When to prefer Binder or a local install:**"):
        assert topic in section, f"the trainer's section lacks {topic!r}"
    assert "`make lite` builds the whole course as a static web site in `build/lite/`" in README
