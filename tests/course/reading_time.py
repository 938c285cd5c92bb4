"""How long a notebook takes a first-time reader: the one estimate rule the course's stated durations follow.

The rule, per notebook (its committed, executed form):

- prose: the words of its Markdown cells (link targets left out) at 150 words a minute, a careful
  reading pace for technical text;
- code: 4 seconds per non-blank line of code (read it, run it);
- output: 2 seconds per line of text output (a widget's text form is not read: the widget is);
- a live widget (a playground, a matrix): 1.5 minutes to look at it and try an edit;
- a graded exercise (an ``Exercise`` widget): 7 minutes to read the goal, edit and pass.

``estimate_minutes(path)`` applies it; ``stated_minutes(path)`` reads what the notebook's header says
("about N minutes"). ``tests/course/test_durations.py`` holds the two together.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

WORDS_PER_MINUTE = 150
SECONDS_PER_CODE_LINE = 4
SECONDS_PER_OUTPUT_LINE = 2
MINUTES_PER_WIDGET = 1.5
MINUTES_PER_EXERCISE = 7

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LINK_TARGET = re.compile(r"\]\([^)]*\)")
WORD = re.compile(r"[\w`'’-]+")
STATED = re.compile(r"\(about (\d+) minutes\)")


@dataclass(frozen=True)
class ReadingLoad:
    """What a notebook asks of its reader, counted."""

    words: int
    code_lines: int
    output_lines: int
    widgets: int
    exercises: int

    @property
    def minutes(self) -> float:
        """The estimate, in minutes, by the rule in this module's docstring.

        >>> ReadingLoad(words=150, code_lines=15, output_lines=30, widgets=0, exercises=1).minutes
        10.0
        """
        return (self.words / WORDS_PER_MINUTE
                + self.code_lines * SECONDS_PER_CODE_LINE / 60
                + self.output_lines * SECONDS_PER_OUTPUT_LINE / 60
                + self.widgets * MINUTES_PER_WIDGET
                + self.exercises * MINUTES_PER_EXERCISE)


def reading_load(path: Path) -> ReadingLoad:
    """Count what the notebook at ``path`` asks a reader to read, run and do.

    A cell's widget output counts as a widget, or as an exercise when the widget is an ``Exercise``;
    its text form is not counted as output lines.
    """
    words = code_lines = output_lines = widgets = exercises = 0
    for cell in json.loads(Path(path).read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            words += len(WORD.findall(LINK_TARGET.sub("]", source)))
        elif cell["cell_type"] == "code":
            code_lines += sum(1 for line in source.splitlines() if line.strip())
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if WIDGET_VIEW in data:
                    if "".join(data.get("text/plain", "")).startswith("Exercise("):
                        exercises += 1
                    else:
                        widgets += 1
                elif output["output_type"] == "stream":
                    output_lines += len("".join(output["text"]).strip().splitlines())
                elif "text/plain" in data:
                    output_lines += len("".join(data["text/plain"]).strip().splitlines())
    return ReadingLoad(words, code_lines, output_lines, widgets, exercises)


def estimate_minutes(path: Path) -> float:
    """The rule's estimate for the notebook at ``path``, in minutes."""
    return reading_load(path).minutes


def stated_minutes(path: Path) -> int | None:
    """The duration the notebook's first cell states as "(about N minutes)", or None if it states none."""
    header = "".join(json.loads(Path(path).read_text(encoding="utf-8"))["cells"][0]["source"])
    found = STATED.search(header)
    return int(found.group(1)) if found else None
