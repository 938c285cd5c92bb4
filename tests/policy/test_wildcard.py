"""Wildcard matching: the merged-trie regex and the linear matcher for star-heavy patterns agree."""

from __future__ import annotations

import re
import signal

from hypothesis import given, settings
from hypothesis import strategies as st

from immplay.policy.wildcard import compile_globs, glob_match, glob_to_regex

patterns = st.text(alphabet="ab*?:/", max_size=9)
values = st.text(alphabet="ab:/*", max_size=10)


def reference(pattern: str, value: str) -> bool:
    return re.fullmatch(glob_to_regex(pattern), value, re.DOTALL) is not None


@settings(max_examples=400, deadline=None)
@given(st.lists(patterns, min_size=1, max_size=4), values)
def test_a_merged_pattern_set_matches_exactly_when_one_of_its_patterns_does(pats, value):
    merged = compile_globs(tuple(pats)).match(value) is not None
    assert merged == any(reference(p, value) for p in pats)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aB*?", max_size=12), st.text(alphabet="abAB*", max_size=12))
def test_star_heavy_patterns_match_like_the_regex_translation_case_folded_for_actions(pattern, value):
    expected = re.fullmatch(glob_to_regex(pattern), value, re.DOTALL | re.IGNORECASE) is not None
    assert glob_match(pattern, value, ignore_case=True) == expected


def test_a_pattern_with_many_stars_is_decided_without_exponential_backtracking():
    """Regression: '*a*a*...*b' against 'aaaa...' took about a minute through the regex engine."""
    def too_slow(signum, frame):
        raise AssertionError("glob matching backtracked exponentially")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(20)
    try:
        assert glob_match("*a" * 10 + "*b", "a" * 40) is False
        assert glob_match("*a" * 10 + "*b", "a" * 40 + "b") is True
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
