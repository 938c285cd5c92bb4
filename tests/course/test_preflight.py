"""The pre-flight check of 00-start prints the same lines in every environment that installed the course:
no MISSING line for optional things (the JupyterLab settings override is a note), one for a real gap."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "notebooks"))

import preflight  # noqa: E402 - lives beside the notebooks, not in the package


def test_an_installed_course_passes_whether_or_not_the_lab_settings_override_is_installed(capsys, monkeypatch):
    for name in preflight.DISTURBING_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    assert preflight.run_checks() is True
    out = capsys.readouterr().out
    assert "MISSING" not in out
    assert out.count(preflight.LAB_SETTINGS_NOTE) == 1
    assert "All set" in out


def test_a_missing_module_is_reported_with_the_command_that_fixes_it(capsys, monkeypatch):
    monkeypatch.setattr(preflight, "REQUIRED_MODULES", (("no_such_module_for_immplay", "a test"),))
    assert preflight.run_checks() is False
    out = capsys.readouterr().out
    assert "MISSING  no_such_module_for_immplay: a test" in out
    assert "pip install -e '.[course]'" in out
