"""``can_match``: can a RAM wildcard pattern match some string of a shape? Checked against brute force.

Brute force enumerates the strings of a shape whose character-class runs are short and drawn from a
small alphabet, and asks the engine's own ``glob_match``. That is exhaustive, not a sample: if a
pattern matches any string of the shape, it matches one whose class runs hold only characters the
pattern names (or the class's stand-in) and are no longer than the pattern's non-star tokens plus
one, because characters a ``*`` absorbs can be dropped.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from immplay.catalog.imm_arns import ACCOUNT, NAME, REGION
from immplay.catalog.imm_arns import arn_shapes as imm_shape
from immplay.policy import glob_match
from immplay.policy.wildcard import ANY, CharClass, can_match, may_start_with

LETTER_AB = CharClass("ab", lambda c: c in "ab", "a", at_least_one=False)
SOME_B = CharClass("b+", lambda c: c == "b", "b", at_least_one=True)
NOT_COLON = CharClass("not-colon", lambda c: c != ":", "x", at_least_one=True)
CLASSES = [LETTER_AB, SOME_B, NOT_COLON, REGION, NAME]


def shape_strings(pattern: str, shape: tuple) -> list[str]:
    """Every string of ``shape`` that can decide whether ``pattern`` matches it (see module doc)."""
    tokens = sum(1 for ch in pattern if ch != "*")
    classes = [part for part in shape if not isinstance(part, str)]
    # Class characters a "*" absorbs can be dropped, except one a non-empty class must keep.
    budget = tokens + sum(1 for cls in classes if cls.at_least_one)
    alphabets = [sorted({c for c in pattern if c not in "*?" and cls.allows(c)} | {cls.sample}) for cls in classes]
    lengths = itertools.product(*(range(1 if cls.at_least_one else 0, budget + 1) for cls in classes))
    found = []
    for counts in lengths:
        if sum(counts) > budget:
            continue
        runs = [["".join(chars) for chars in itertools.product(alphabet, repeat=n)]
                for alphabet, n in zip(alphabets, counts, strict=True)]
        for filling in itertools.product(*runs):
            fill = iter(filling)
            found.append("".join(part if isinstance(part, str) else next(fill) for part in shape))
    return found


def brute_force(pattern: str, shape: tuple) -> bool:
    return any(glob_match(pattern, s) for s in shape_strings(pattern, shape))


patterns = st.text(alphabet="ab:*?x", max_size=4)
shapes = st.lists(st.one_of(st.text(alphabet="ab:x", min_size=1, max_size=2), st.sampled_from(CLASSES)),
                  max_size=4).filter(lambda parts: sum(not isinstance(p, str) for p in parts) <= 2).map(tuple)


@settings(max_examples=300, deadline=None)
@given(patterns, shapes)
def test_can_match_agrees_with_brute_force_enumeration(pattern, shape):
    assert can_match(pattern, shape) == brute_force(pattern, shape)


@pytest.mark.parametrize(("pattern", "shape", "expected"), [
    ("", (), True),
    ("*", (), True),
    ("?", (), False),
    ("a", (LETTER_AB,), True),
    ("", (SOME_B,), False),  # the class needs at least one character
    ("*", (SOME_B,), True),
    ("b?b", (SOME_B,), True),
    ("a:", (NOT_COLON,), False),
    ("**", ("x",), True),
])
def test_small_named_cases(pattern, shape, expected):
    assert can_match(pattern, shape) is expected


PROJECT, DATASET = imm_shape("project")[0], imm_shape("dataset")[0]
TRIGGER, BATCH = imm_shape("trigger")[0], imm_shape("batch")[0]
STAR = imm_shape("*")[0]


@pytest.mark.parametrize(("pattern", "shape", "expected"), [
    ("acs:imm:*:*:project/p", PROJECT, True),
    ("acs:imm:*:*:project/p", STAR, False),
    ("acs:imm:*:*:project/p", DATASET, False),
    ("*", STAR, True),
    ("*", DATASET, True),
    ("acs:imm:*:*:*", STAR, False),
    ("acs:imm:*:*:project/p/dataset/d", DATASET, True),
    ("acs:imm:*:*:project/p/dataset/d", PROJECT, False),
    ("acs:imm:cn-shanghai:*:project/*", DATASET, True),  # the * reaches over "/dataset/"
    ("acs:imm:*:*:project/a/b", PROJECT, False),  # names have no "/"
    ("acs:imm:*:*:project/", PROJECT, False),  # a project name is not empty
    ("acs:imm:*:*:project/my.project", PROJECT, False),  # "." is literal and not a name character
    ("acs:imm:cn:shanghai:*:project/p", PROJECT, False),  # a region has no ":"
    ("acs:imm:cn-shanghai:1509100000000000:project/p", PROJECT, True),
    ("acs:imm:::project/p", PROJECT, True),  # empty region and account fit the shape (lint flags them)
    ("acs:imm:*:*:project/p/trigger/*", TRIGGER, True),
    ("acs:imm:*:*:project/p/trigger/t1", TRIGGER, False),  # triggers authorize on the literal trigger/*
    ("acs:imm:*:*:project/p/trigger/?", TRIGGER, True),
    ("acs:imm:*:*:project/p/batch/*", BATCH, True),
    ("acs:imm:*:*:project/p/batch/*", TRIGGER, False),
    ("ACS:IMM:*:*:PROJECT/P", PROJECT, False),  # resources are case-sensitive
])
def test_named_arn_cases(pattern, shape, expected):
    assert can_match(pattern, shape) is expected


def test_imm_shapes_list_the_specific_arn_first_then_the_covering_project():
    assert imm_shape("project") == [PROJECT]
    assert imm_shape("dataset") == [DATASET, PROJECT]
    assert imm_shape("trigger") == [TRIGGER, PROJECT]
    assert imm_shape("*") == [("*",)]


def test_region_and_account_classes_allow_anything_but_a_colon():
    for cls in (REGION, ACCOUNT):
        assert cls.allows("x") and cls.allows("-") and not cls.allows(":")
        assert not cls.at_least_one
    assert NAME.allows("_") and NAME.allows("-") and not NAME.allows("/") and NAME.at_least_one


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab:*?x", max_size=5), st.text(alphabet="ab:x", max_size=3))
def test_may_start_with_is_can_match_of_the_prefix_then_anything(pattern, prefix):
    assert may_start_with(pattern, prefix) == can_match(pattern, (prefix, ANY))
