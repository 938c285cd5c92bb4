"""The pre-flight check in the JupyterLite site (Pyodide reports sys.platform "emscripten").

There the Lab settings come with the site: the check says it runs in the browser, and what does not run
there, and prints no note about the settings that `make setup` installs on a server.
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


def test_in_the_browser_the_preflight_says_so_and_has_no_lab_settings_note(monkeypatch, capsys):
    preflight = load_preflight(monkeypatch)
    monkeypatch.setattr("sys.platform", "emscripten")
    whats = [check.what for check in preflight.all_checks()]
    assert "running in your browser (JupyterLite): no server; mock_cloud works, immplay.serve does not" in whats
    preflight.run_checks()
    assert "pop-ups" not in capsys.readouterr().out  # the site carries its own Lab settings


def test_on_a_server_the_lab_settings_are_a_note_and_the_browser_is_not_mentioned(monkeypatch, capsys):
    preflight = load_preflight(monkeypatch)
    monkeypatch.setattr("sys.platform", "linux")
    whats = [check.what for check in preflight.all_checks()]
    assert not any("browser" in what or "settings" in what for what in whats)  # a note, never a problem
    preflight.run_checks()
    assert preflight.LAB_SETTINGS_NOTE in capsys.readouterr().out
