"""immplay: learn and test Alibaba Cloud RAM access control for IMM, offline.

The policy engine and the catalog load eagerly (pure Python, no third-party imports); the emulator
(``mock_cloud``, ``serve``) and the widgets import their libraries only when first used.

>>> import immplay
>>> p = immplay.Policy.parse({"Version": "1", "Statement": [
...     {"Effect": "Allow", "Action": "imm:List*", "Resource": "*"}]})
>>> immplay.evaluate(immplay.imm_request("ListProjects"), [p]).effect
'Allow'
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .catalog import RequestSpecError, build_request, imm_request, system_policy
from .language import current_language, set_language, using_language
from .lint import Finding, lint  # eager: a lazy `lint` would be shadowed by its own module once imported
from .policy import (
    Decision,
    Policy,
    PolicyError,
    PolicySet,
    Principal,
    Problem,
    Request,
    StatementRef,
    evaluate,
    evaluate_assume_role,
)

__version__ = "0.1.0"

# Heavy names, imported on first use so that `import immplay` stays light.
_LAZY = {
    "mock_cloud": ("immplay.stub.mock", "mock_cloud"),
    "serve": ("immplay.stub.server", "serve"),
    "Cloud": ("immplay.cloud", "Cloud"),
    "PolicyPlayground": ("immplay.widgets", "PolicyPlayground"),
    "AccessMatrix": ("immplay.widgets", "AccessMatrix"),
    "Exercise": ("immplay.widgets", "Exercise"),
    "run_policy_tests": ("immplay.policy_tests", "run_policy_tests"),
    "diff_access": ("immplay.access_diff", "diff_access"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attribute = _LAZY[name]
        value = getattr(import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'immplay' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + list(_LAZY))


__all__ = [
    "Decision", "Policy", "PolicyError", "PolicySet", "Principal", "Problem", "Request", "StatementRef",
    "Finding", "RequestSpecError", "current_language", "set_language", "using_language", "build_request", "evaluate", "evaluate_assume_role", "imm_request", "lint", "system_policy", *_LAZY,
]
