"""Data about IMM and RAM: the 105 IMM operations and their resources, system policies, regions.

``operations`` (the catalog of operations), ``imm_arns`` (the IMM name rule and the ARN, as text or
as a shape for lint, of each resource type), ``defaults`` (region and account), ``request_spec`` and
``requests`` (requests from names), ``system_policies``, ``regions``, ``services``, ``condition_keys``.
"""

from .condition_keys import CONDITION_KEY_TYPES, KNOWN_CONDITION_KEYS
from .defaults import DEFAULT_ACCOUNT, DEFAULT_REGION
from .imm_arns import arn_shapes, is_imm_name
from .operations import (
    Operation,
    UnknownOperation,
    action_names,
    operation,
    operations,
)
from .regions import public_regions, regions
from .request_spec import RequestSpecError, build_request
from .requests import imm_request
from .services import service_codes
from .system_policies import SystemPolicy, UnknownPolicy, system_policies, system_policy

__all__ = [
    "CONDITION_KEY_TYPES", "DEFAULT_ACCOUNT", "DEFAULT_REGION", "KNOWN_CONDITION_KEYS", "Operation",
    "RequestSpecError", "SystemPolicy", "UnknownOperation", "UnknownPolicy",
    "action_names", "arn_shapes", "build_request", "is_imm_name", "imm_request", "operation", "operations", "public_regions", "regions",
    "service_codes", "system_policies", "system_policy",
]
