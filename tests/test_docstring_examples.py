"""Every example in immplay's docstrings runs and prints what it shows (as ``pytest --doctest-modules immplay``).

One test per module, so a failing example names its module; doctest's report (the example, what it
printed, what the docstring expected) is in the captured output.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import immplay

MODULES = sorted(m.name for m in pkgutil.walk_packages(immplay.__path__, "immplay."))


def test_the_package_has_docstring_examples_to_run() -> None:
    counted = sum(len(doctest.DocTestFinder().find(importlib.import_module(name))) for name in ["immplay", *MODULES])
    assert counted >= 30


@pytest.mark.parametrize("name", ["immplay", *MODULES])
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} of {result.attempted} docstring examples of {name} failed (see above)"
