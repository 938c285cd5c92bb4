"""Every notebook's header states how long it takes, the statement matches the estimate rule of
``reading_time.py`` (prose, code, output, widgets, exercises), and no notebook runs over 25 minutes.

A stated duration may differ from the estimate by up to 3 minutes or 20 %, whichever is larger:
the rule is an estimate, the header a round number.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from reading_time import ReadingLoad, estimate_minutes, stated_minutes

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("[0-9][0-9]*-*.ipynb"))
LONGEST = 25


def tolerance(estimate: float) -> float:
    return max(3.0, 0.2 * estimate)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_header_states_a_duration_that_matches_the_estimate(path):
    stated, estimate = stated_minutes(path), estimate_minutes(path)
    assert stated is not None, f"{path.name}: the first cell states no '(about N minutes)'"
    assert abs(stated - estimate) <= tolerance(estimate), (
        f"{path.name} says about {stated} minutes; the estimate rule gives {estimate:.1f}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_notebook_takes_a_first_time_reader_more_than_25_minutes(path):
    estimate = estimate_minutes(path)
    assert estimate <= LONGEST, f"{path.name}: {estimate:.1f} minutes by the estimate rule; split it"


def test_the_rule_counts_an_exercise_as_seven_minutes_and_1500_words_as_ten():
    assert ReadingLoad(words=0, code_lines=0, output_lines=0, widgets=0, exercises=1).minutes == 7
    assert ReadingLoad(words=1500, code_lines=0, output_lines=0, widgets=0, exercises=0).minutes == 10
    assert ReadingLoad(words=0, code_lines=15, output_lines=30, widgets=2, exercises=0).minutes == 5
