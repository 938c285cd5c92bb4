"""Reading and checking API parameters (flat strings, as on the wire) with the services' errors.

Name rules and messages follow reference §1 and §6: ``InvalidParameter.<Param>.InvalidChars`` /
``.Length`` (400) for RAM, ``Missing<Param>`` (400) when a required parameter is absent (the
gateway's rule, used for every service).

Example::

    name = required(params, "UserName")
    check_name(name, "UserName", USER_NAME, 64)
"""

from __future__ import annotations

import re

from immplay.cloud.errors import CloudError

USER_NAME = re.compile(r"[A-Za-z0-9._-]+")
GROUP_NAME = re.compile(r"[A-Za-z0-9._-]+")
ROLE_NAME = re.compile(r"[A-Za-z0-9.-]+")
POLICY_NAME = re.compile(r"[A-Za-z0-9-]+")
MFA_NAME = re.compile(r"[A-Za-z0-9.-]+")


def required(params: dict[str, str], name: str) -> str:
    """The parameter's value; absent or empty -> ``Missing<name>`` (400)."""
    value = params.get(name)
    if value is None or value == "":
        raise CloudError(f"Missing{name}", f"{name} is mandatory for this action.", 400)
    return value


def check_name(value: str, param: str, pattern: re.Pattern, max_length: int) -> str:
    """RAM name check: length first, then characters, with RAM's codes and messages."""
    if not 1 <= len(value) <= max_length:
        raise CloudError(f"InvalidParameter.{param}.Length",
                         f'The parameter - "{param}" beyond the length limit (1-{max_length}).', 400)
    if not pattern.fullmatch(value):
        raise CloudError(f"InvalidParameter.{param}.InvalidChars",
                         f'The parameter - "{param}" contains invalid chars.', 400)
    return value


def check_length(params: dict[str, str], param: str, max_length: int) -> str:
    """An optional free-text parameter (DisplayName, Comments, Description): 1..max characters."""
    value = params.get(param, "")
    if len(value) > max_length:
        raise CloudError(f"InvalidParameter.{param}.Length",
                         f'The parameter - "{param}" beyond the length limit (1-{max_length}).', 400)
    return value


def integer(params: dict[str, str], param: str, default: int, low: int, high: int,
            code: str | None = None, message: str | None = None) -> int:
    """An integer parameter within [low, high]; else ``code`` (default InvalidParameter.<param>)."""
    raw = params.get(param)
    if raw is None or raw == "":
        return default
    code = code or f"InvalidParameter.{param}"
    try:
        value = int(raw)
    except ValueError:
        raise CloudError(code, message or f"The parameter {param} must be an integer.", 400) from None
    if not low <= value <= high:
        raise CloudError(code, message or f"The parameter {param} must be between {low} and {high}.", 400)
    return value


def boolean(params: dict[str, str], param: str, default: bool = False) -> bool:
    """A Boolean parameter sent as "true"/"false" (any case)."""
    raw = params.get(param)
    if raw is None or raw == "":
        return default
    if raw.lower() not in ("true", "false"):
        raise CloudError(f"InvalidParameter.{param}", f"The parameter {param} must be true or false.", 400)
    return raw.lower() == "true"


def one_of(params: dict[str, str], param: str, choices: tuple[str, ...], default: str | None = None) -> str:
    """A parameter restricted to ``choices`` (e.g. PolicyType System|Custom)."""
    value = params.get(param) or default
    if value is None:
        return required(params, param)
    if value not in choices:
        raise CloudError(f"InvalidParameter.{param}",
                         f"The parameter {param} must be one of {', '.join(choices)}, not {value!r}.", 400)
    return value
