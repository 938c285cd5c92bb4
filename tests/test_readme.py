"""The README stays true: the two commands first, the CLI as built, every emulator assumption listed."""

from __future__ import annotations

from pathlib import Path

from immplay.cli import build_parser
from immplay.cloud import ASSUMPTIONS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    first_block = README.split("```sh", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in first_block.strip().splitlines()] == ["make lab", "make test"]


def test_readme_lists_every_assumption_the_emulator_makes():
    for topic, behaviour, _why in ASSUMPTIONS:
        assert f"| {topic} | {behaviour} |" in README, f"README lacks the assumption row for {topic!r}"


def test_readme_describes_every_cli_command():
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in commands:
        assert f"immplay {name}" in README


def test_readme_shows_the_committed_screenshot():
    assert "(docs/playground.png)" in README
    assert (Path(__file__).resolve().parents[1] / "docs" / "playground.png").is_file()


def test_readme_course_map_names_every_notebook():
    notebooks = sorted(p.stem for p in (Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]*-*.ipynb"))
    assert notebooks, "no course notebooks found"
    for name in notebooks:
        assert f"`{name}`" in README, f"README's course map lacks {name}"
