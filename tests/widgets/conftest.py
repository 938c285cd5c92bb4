"""A clean restore-on-rerun memory for every headless widget test."""

from __future__ import annotations

import pytest

from immplay.widgets import saved_work


@pytest.fixture(autouse=True)
def fresh_restore_memory():
    saved_work.forget()
    yield
    saved_work.forget()
