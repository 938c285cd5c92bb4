"""The pre-flight check in the JupyterLite site (Pyodide reports sys.platform "emscripten").

There the Lab settings come with the site, not from <prefix>/share/jupyter: the check says it runs in
the browser, and what does not run there, instead of asking for `make setup`.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

PREFLIGHT = Path(__file__).resolve().parents[2] / "notebooks" / "preflight.py"


def load_preflight(monkeypatch):
    spec = importlib.util.spec_from_file_location("preflight_under_test", PREFLIGHT)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_in_the_browser_the_preflight_says_so_and_does_not_ask_for_lab_settings(monkeypatch):
    preflight = load_preflight(monkeypatch)
    monkeypatch.setattr("sys.platform", "emscripten")
    whats = [check.what for check in preflight.all_checks()]
    assert "running in your browser (JupyterLite): no server; mock_cloud works, immplay.serve does not" in whats
    assert not any("settings overrides" in what for what in whats)


def test_on_a_server_the_preflight_checks_the_lab_settings_and_does_not_mention_the_browser(monkeypatch):
    preflight = load_preflight(monkeypatch)
    monkeypatch.setattr("sys.platform", "linux")
    whats = [check.what for check in preflight.all_checks()]
    assert "JupyterLab settings overrides (binder/overrides.json) installed" in whats
    assert not any("browser" in what for what in whats)
