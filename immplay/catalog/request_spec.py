"""One way to name an authorization request, checked the same for every caller (CLI, policy tests).

``build_request`` turns what a person writes (an action, a resource or an IMM project and dataset,
a region, an account, context keys) into the ``Request`` RAM would evaluate, and refuses input that
is certainly wrong with a ``RequestSpecError`` naming the option:

- the action: a bare name is an IMM operation (``ListProjects`` -> ``imm:ListProjects``); an IMM
  operation that does not exist, or a service prefix that looks like a typo of a RAM code
  (``imn:GetTask``), is an error with suggestions; other services' actions pass through;
- the resource: ``*`` or an ``acs:<service>:<region>:<account>:<relative-id>`` ARN (its account
  16 digits, ``*`` or empty; an IMM ARN's region a region id); for IMM operations,
  ``project``/``dataset`` build the ARN from the catalog instead;
- the region: an Alibaba Cloud region id; the account: 16 digits;
- the context: a value of a known key must have the key's type (``acs:SourceIp`` an IP address,
  ``acs:CurrentTime`` an ISO 8601 time, ``acs:SecureTransport`` true/false).

Doubtful input is answered with warnings next to the request: a context key that differs from a
known key only in case (policies never see it), a service prefix immplay does not know.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..policy import Request
from ..policy.arn import ARN_SHAPE, parse_arn
from ..policy.conditions import INVALID, READERS
from ..policy.suggestions import closest, did_you_mean
from .condition_keys import CONDITION_KEY_TYPES, known_key_in_other_case
from .defaults import DEFAULT_ACCOUNT, DEFAULT_REGION
from .operations import Operation, UnknownOperation, operation
from .regions import regions
from .services import misspelt_service, service_codes

OPTIONS = ("action", "resource", "project", "dataset", "region", "account", "context")

_ACCOUNT_RE = re.compile(r"^\d{16}$")
_ACTION_NAME_RE = re.compile(r"^[A-Za-z0-9]+$")
_SCALARS = (str, bool, int, float)


class RequestSpecError(ValueError):
    """Input that names no request RAM could evaluate; ``option`` says which input is wrong.

    ``option`` is one of ``"action" | "resource" | "project" | "dataset" | "region" | "account" |
    "context"``; ``str()`` is the message for the user (it does not repeat the option's name).
    """

    def __init__(self, option: str, message: str):
        self.option = option
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        return self.message


def build_request(action: str, *, resource: str | None = None, project: str | None = None,
                  dataset: str | None = None, region: str | None = None, account: str | None = None,
                  context: Mapping[str, object] | None = None) -> tuple[Request, list[str]]:
    """The request plus warnings (e.g. a context key differing only in case from a known key).

    ``region`` and ``account`` (defaults cn-shanghai and 1509100000000000) build IMM ARNs with
    ``project``; they are checked even when ``resource`` names the ARN itself. Raises
    ``RequestSpecError`` for input that is certainly wrong.

    >>> build_request("CreateFigureClusteringTask", project="p", dataset="d")[0].resource
    'acs:imm:cn-shanghai:1509100000000000:project/p/dataset/d'
    >>> build_request("ListProjects", resource="*")
    (Request(action='imm:ListProjects', resource='*', context={}), [])
    >>> build_request("imn:GetTask")
    Traceback (most recent call last):
    ...
    immplay.catalog.request_spec.RequestSpecError: "imn" is not a RAM service code (did you mean "imm" or "imp" or "ims"?)
    """
    warnings: list[str] = []
    region = _region(DEFAULT_REGION if region is None else region)
    account = _account(DEFAULT_ACCOUNT if account is None else account)
    normalized, op = _action(action, warnings)
    request_context = _context(context, warnings)
    if resource is not None:
        if project is not None or dataset is not None:
            raise RequestSpecError("resource", "give either a resource ARN or an IMM project (and dataset), "
                                   "not both")
        checked = _resource(resource)
        if op is not None and op.resource_type == "*" and checked != "*":
            warnings.append(f'{op.action} is authorized on the resource "*"; RAM never checks it against '
                            f'"{checked}"')
        return Request(normalized, checked, request_context), warnings
    if op is None:
        if project is not None or dataset is not None:
            raise RequestSpecError("project", f"a project and dataset name IMM resources; give the resource "
                                   f"ARN for {normalized}")
        return Request(normalized, "*", request_context), warnings
    return Request(normalized, _imm_resource(op, region, account, project, dataset, warnings),
                   request_context), warnings


def _action(action: Any, warnings: list[str]) -> tuple[str, Operation | None]:
    if not isinstance(action, str) or not action.strip():
        raise RequestSpecError("action", "name an action, e.g. imm:ListProjects or ListProjects")
    action = action.strip()
    if "*" in action or "?" in action:
        raise RequestSpecError("action", f'"{action}": a request names one action; wildcards belong in policies')
    service, sep, name = action.partition(":")
    if not sep:
        service, name = "imm", action
    if service.lower() == "imm":
        try:
            op = operation(action if sep else name)
        except UnknownOperation as exc:
            raise RequestSpecError("action", str(exc)) from None
        return op.action, op
    if not service or not name or not _ACTION_NAME_RE.match(name) or ":" in name:
        raise RequestSpecError("action", f'"{action}" is not an action: write <service>:<Action>, '
                               "e.g. oss:GetObject, or an IMM operation name")
    if service.lower() not in service_codes():
        typo_of = misspelt_service(service)
        if typo_of:
            raise RequestSpecError("action", f'"{service}" is not a RAM service code{did_you_mean(typo_of)}')
        warnings.append(f'"{service}" is not a RAM service code immplay knows; the action is checked as given')
    return action, None


def _region(region: Any) -> str:
    if isinstance(region, str) and region in regions():
        return region
    names = closest(str(region), regions(), n=2) if isinstance(region, str) else []
    raise RequestSpecError("region", f'"{region}" is not an Alibaba Cloud region id{did_you_mean(names)}')


def _account(account: Any) -> str:
    if isinstance(account, int) and not isinstance(account, bool):
        account = str(account)
    if isinstance(account, str) and _ACCOUNT_RE.match(account):
        return account
    raise RequestSpecError("account", f'"{account}" is not an account ID: Alibaba Cloud account IDs have 16 digits')


def _resource(resource: Any) -> str:
    if not isinstance(resource, str) or not resource.strip():
        raise RequestSpecError("resource", "name the resource: an ARN such as "
                               "acs:imm:cn-shanghai:1509100000000000:project/p, or *")
    if resource == "*":
        return resource
    arn = parse_arn(resource)
    if arn is None or not arn.service or not arn.relative_id:
        raise RequestSpecError("resource", f'"{resource}" is not an ARN: write {ARN_SHAPE}, or *')
    service, region, account = arn.service, arn.region, arn.account
    # IMM ARNs carry a region id; other services may write that field their own way.
    if service == "imm" and region not in ("", "*") and region not in regions():
        names = closest(region, regions(), n=2)
        raise RequestSpecError("resource", f'"{resource}": "{region}" is not an Alibaba Cloud region id'
                               f"{did_you_mean(names)}")
    if account not in ("", "*") and not _ACCOUNT_RE.match(account):
        raise RequestSpecError("resource", f'"{resource}": "{account}" is not an account ID: Alibaba Cloud '
                               "account IDs have 16 digits")
    return resource


def _imm_resource(op: Operation, region: str, account: str, project: str | None, dataset: str | None,
                  warnings: list[str]) -> str:
    if op.resource_type == "*":
        if project is not None or dataset is not None:
            warnings.append(f'{op.name} is authorized on the resource "*"; the project and dataset given are '
                            "not part of the request")
        return "*"
    if not project:
        raise RequestSpecError("project", f"{op.name} is authorized on {_on_what(op)}: name the project")
    if op.resource_type == "dataset" and not dataset:
        raise RequestSpecError("dataset", f"{op.name} is authorized on a dataset: name the dataset as well as "
                               "the project")
    if op.resource_type != "dataset" and dataset:
        raise RequestSpecError("dataset", f"{op.name} is authorized on {_on_what(op)}, not on a dataset: "
                               "leave the dataset out")
    try:
        return op.resource_arn(region, account, project, dataset)
    except ValueError as exc:
        raise RequestSpecError("dataset" if "dataset=" in str(exc) else "project", str(exc)) from None


def _on_what(op: Operation) -> str:
    return {"project": "a project", "dataset": "a dataset", "trigger": "the triggers of a project",
            "batch": "the batch jobs of a project"}.get(op.resource_type, f"a {op.resource_type} of a project")


def _context(context: Mapping[str, object] | None, warnings: list[str]) -> dict[str, Any]:
    if context is None:
        return {}
    if not isinstance(context, Mapping):
        raise RequestSpecError("context", "the context maps condition keys to values, e.g. "
                               '{"acs:SourceIp": "10.0.0.1"}')
    result: dict[str, Any] = {}
    for key, value in context.items():
        if not isinstance(key, str) or not key.strip():
            raise RequestSpecError("context", f"{key!r} is not a condition key: write e.g. acs:SourceIp")
        values = list(value) if isinstance(value, (list, tuple)) else [value]
        if not all(isinstance(v, _SCALARS) for v in values):
            raise RequestSpecError("context", f"{key}: a value is a string, number or boolean (or a list of them), "
                                   f"not {type(value).__name__}")
        type_name = CONDITION_KEY_TYPES.get(key)
        if type_name is not None:
            for v in values:
                if READERS[type_name](v) is INVALID:
                    raise RequestSpecError("context", f'{key}="{v}" is not a valid {type_name}{_EXAMPLE[type_name]}')
        other_case = known_key_in_other_case(key)
        if other_case is not None:
            warnings.append(f'condition keys are case-sensitive: "{key}" is not "{other_case}", so a policy '
                            f"condition on {other_case} does not see this value")
        result[key] = list(values) if isinstance(value, (list, tuple)) else value
    return result


_EXAMPLE = {
    "IP address": " (one address, e.g. 203.0.113.5; CIDR ranges belong in policies)",
    "date": " (ISO 8601, e.g. 2026-11-11T23:59:59Z)",
    "boolean": " (true or false)",
    "number": "",
    "string": "",
}

__all__ = ["OPTIONS", "RequestSpecError", "build_request"]
