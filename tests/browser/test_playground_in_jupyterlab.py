"""The playground in a real JupyterLab and a real Chromium: typing flips a decision on the page.

The test starts JupyterLab on 127.0.0.1 (free port, token, fresh workspaces/settings/runtime dirs,
the project's binder/jupyter_server_config.py), opens a copy of playground.ipynb, runs all cells,
types "s" into the policy editor ("imm:ListProject" -> "imm:ListProjects") and expects the first
request's decision to read "✔ Allow", then Backspace and expects "∅ ImplicitDeny" again. Texts are
matched with anchored regular expressions (a plain string would match case-insensitively).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from lab_session import (
    CHROMIUM,
    CHROMIUM_MISSING,
    chromium,
    copy_notebook,
    open_notebook,
    run_all_cells,
    running_lab,
)

pytestmark = pytest.mark.browser

NOTEBOOK = Path(__file__).with_name("playground.ipynb")
FIRST_DECISION = ".immplay-requests tr[data-row='0'] .immplay-decision"


@pytest.fixture(scope="module")
def playwright_available():
    if not os.path.exists(CHROMIUM):
        pytest.skip(CHROMIUM_MISSING)
    pytest.importorskip("playwright.sync_api", reason="the playwright package is missing: pip install playwright")


def test_typing_in_the_editor_flips_a_decision_from_implicit_deny_to_allow_and_back(playwright_available, tmp_path):
    from playwright.sync_api import expect

    name = copy_notebook(NOTEBOOK, tmp_path)
    with running_lab(tmp_path) as lab, chromium() as browser:
        page = open_notebook(browser, lab, name)
        run_all_cells(page, until=FIRST_DECISION)
        decision = page.locator(FIRST_DECISION)
        expect(decision).to_have_text(re.compile(r"^∅ ImplicitDeny$"), timeout=60_000)
        expect(page.locator(".immplay-requests tr[data-row='0']")).to_contain_text(re.compile(r"ListProjects"))

        editor = page.locator(".immplay-editor textarea")
        text = editor.input_value()
        caret = text.index("imm:ListProject") + len("imm:ListProject")
        editor.click()
        editor.evaluate("(el, at) => el.setSelectionRange(at, at)", caret)
        page.keyboard.type("s")
        expect(decision).to_have_text(re.compile(r"^✔ Allow$"), timeout=20_000)
        expect(page.locator(".immplay-requests")).to_contain_text(re.compile(r"policy statement #0 \(Allow, line 4\)"))

        page.keyboard.press("Backspace")
        expect(decision).to_have_text(re.compile(r"^∅ ImplicitDeny$"), timeout=20_000)
        assert editor.input_value() == text  # the editor holds exactly what was typed
