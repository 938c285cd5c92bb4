"""The wire: HTTP in front of the emulated cloud (``immplay.cloud``).

``mock_cloud()`` intercepts the official Python SDKs in-process (``immplay.stub.mock``);
``serve()`` runs the same handler as a loopback server (``immplay.stub.server``). Request
parsing (``wire_request``), which service a host names (``routing``), signature checks
(``signature_v1``, ``signature_v3``), freshness (``freshness``) and the JSON answers (``handler``)
are shared by both. What the wire needs from a cloud is the ``WireCloud`` protocol
(``wire_cloud``), which ``immplay.cloud.Cloud`` implements.

Importing this package is light: ``responses``/``requests`` load only when ``mock_cloud`` is used.
"""

from __future__ import annotations

from typing import Any

__all__ = ["mock_cloud", "serve", "run_server", "LoopbackServer", "UnemulatedRequest", "AmbientCredentialsWarning"]

_LAZY = {
    "mock_cloud": "immplay.stub.mock",
    "UnemulatedRequest": "immplay.stub.mock",
    "AmbientCredentialsWarning": "immplay.stub.mock",
    "serve": "immplay.stub.server",
    "run_server": "immplay.stub.server",
    "LoopbackServer": "immplay.stub.server",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'immplay.stub' has no attribute {name!r}")
