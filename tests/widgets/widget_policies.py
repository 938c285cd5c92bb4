"""Policy documents the headless widget tests build (indented, so line numbers mean something)."""

from __future__ import annotations

import json

ACCOUNT = "1509100000000000"


def policy_text(*statements: dict) -> str:
    """An indented policy document (so line numbers in messages are meaningful)."""
    return json.dumps({"Version": "1", "Statement": list(statements)}, indent=2)


def allow(action, resource="*", **extra) -> dict:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action, resource="*", **extra) -> dict:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


