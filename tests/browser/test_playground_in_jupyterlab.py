"""The playground in a real browser: typing flips a decision on the page, in JupyterLab, Notebook 7 and Voila.

Each test starts the front end on 127.0.0.1 (free port, token, fresh workspaces/settings/runtime
dirs; for Lab and Notebook 7 the project's binder/jupyter_server_config.py), opens a copy of
playground.ipynb, runs it, types "s" into the policy editor ("imm:ListProject" -> "imm:ListProjects")
and expects the first request's decision to read "✔ Allow", then Backspace and "∅ ImplicitDeny"
again. Texts are matched with anchored regular expressions (a plain string would match
case-insensitively). Skipped, saying how to install it, when Chromium is missing.
"""

from __future__ import annotations

import importlib.util
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


def flip_first_decision_by_typing(page) -> None:
    """Type "s" and expect Allow, press Backspace and expect ImplicitDeny; the editor keeps the text."""
    from playwright.sync_api import expect

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


def test_typing_in_jupyterlab_flips_a_decision_from_implicit_deny_to_allow_and_back(playwright_available, tmp_path):
    name = copy_notebook(NOTEBOOK, tmp_path)
    with running_lab(tmp_path) as lab, chromium() as browser:
        page = open_notebook(browser, lab, name)
        run_all_cells(page, until=FIRST_DECISION)
        flip_first_decision_by_typing(page)


@pytest.mark.parametrize("frontend", ["notebook", "voila"])
def test_the_playground_also_answers_typing_in_notebook_7_and_voila(playwright_available, tmp_path, frontend):
    if importlib.util.find_spec(frontend) is None:
        pytest.skip(f"{frontend} is not installed: pip install -e '.[test]'")
    name = copy_notebook(NOTEBOOK, tmp_path)
    with running_lab(tmp_path, frontend=frontend) as server, chromium() as browser:
        page = open_notebook(browser, server, name)
        if frontend == "notebook":
            run_all_cells(page, until=FIRST_DECISION)
        flip_first_decision_by_typing(page)
