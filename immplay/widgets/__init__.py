"""Jupyter widgets over the policy engine: `PolicyPlayground`, `AccessMatrix`, `Exercise`, `SideBySide`.

The widget classes import ipywidgets, so they load on first use (module `__getattr__`); the pure
parts (`rendering`, `playground_model`, `matrix`, `exercise`, `saved_work`, `samples`) never need it.

Example:
    >>> from immplay.widgets import PolicyPlayground
    >>> PolicyPlayground(requests=[("ListDatasets", "my-project")])  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

_LAZY = {
    "PolicyPlayground": "immplay.widgets.playground",
    "AccessMatrix": "immplay.widgets.access_matrix",
    "Exercise": "immplay.widgets.exercise_widget",
    "SideBySide": "immplay.widgets.side_by_side",
    "check": "immplay.widgets.exercise",
    "check_trust": "immplay.widgets.exercise",
    "TrustCaller": "immplay.widgets.exercise",
    "CheckResult": "immplay.widgets.exercise",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'immplay.widgets' has no attribute {name!r}")
