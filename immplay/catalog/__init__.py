"""Data about IMM and RAM: the 105 IMM operations and their resources, system policies, regions."""

from .operations import (
    DEFAULT_ACCOUNT,
    DEFAULT_REGION,
    Operation,
    UnknownOperation,
    action_names,
    operation,
    operations,
)
from .regions import public_regions, regions
from .requests import imm_request
from .system_policies import SystemPolicy, UnknownPolicy, system_policies, system_policy

__all__ = [
    "DEFAULT_ACCOUNT", "DEFAULT_REGION", "Operation", "SystemPolicy", "UnknownOperation", "UnknownPolicy",
    "action_names", "imm_request", "operation", "operations", "public_regions", "regions",
    "system_policies", "system_policy",
]
