"""What every JupyterLab browser test needs before it starts: Debian's Chromium and the playwright package."""

from __future__ import annotations

import os

import pytest
from lab_session import CHROMIUM, CHROMIUM_MISSING


@pytest.fixture(scope="module")
def playwright_available():
    """Skip, saying what to install, where Chromium or playwright is missing."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(CHROMIUM_MISSING)
    pytest.importorskip("playwright.sync_api", reason="the playwright package is missing: pip install playwright")
