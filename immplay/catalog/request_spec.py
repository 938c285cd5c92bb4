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

from ..messages import text
from ..policy import Request
from ..policy.arn import ARN_SHAPE, parse_arn
from ..policy.conditions import INVALID, READERS, value_type_words
from ..policy.suggestions import closest, did_you_mean
from .condition_keys import CONDITION_KEY_TYPES, known_key_in_other_case
from .defaults import DEFAULT_ACCOUNT, DEFAULT_REGION
from .operations import InvalidImmName, Operation, UnknownOperation, operation
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
            raise RequestSpecError("resource", text("request.resource-and-project"))
        checked = _resource(resource)
        if op is not None and op.resource_type == "*" and checked != "*":
            warnings.append(text("request.star-resource-given-arn", action=op.action, resource=checked))
        return Request(normalized, checked, request_context), warnings
    if op is None:
        if project is not None or dataset is not None:
            raise RequestSpecError("project", text("request.project-for-other-service", action=normalized))
        return Request(normalized, "*", request_context), warnings
    return Request(normalized, _imm_resource(op, region, account, project, dataset, warnings),
                   request_context), warnings


def _action(action: Any, warnings: list[str]) -> tuple[str, Operation | None]:
    if not isinstance(action, str) or not action.strip():
        raise RequestSpecError("action", text("request.no-action"))
    action = action.strip()
    if "*" in action or "?" in action:
        raise RequestSpecError("action", text("request.wildcard-action", action=action))
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
        raise RequestSpecError("action", text("request.not-an-action", action=action))
    if service.lower() not in service_codes():
        typo_of = misspelt_service(service)
        if typo_of:
            raise RequestSpecError("action", text("request.misspelt-service", service=service,
                                                  suggestion=did_you_mean(typo_of)))
        warnings.append(text("request.unknown-service", service=service))
    return action, None


def _region(region: Any) -> str:
    if isinstance(region, str) and region in regions():
        return region
    names = closest(str(region), regions(), n=2) if isinstance(region, str) else []
    raise RequestSpecError("region", text("request.unknown-region", region=region, suggestion=did_you_mean(names)))


def _account(account: Any) -> str:
    if isinstance(account, int) and not isinstance(account, bool):
        account = str(account)
    if isinstance(account, str) and _ACCOUNT_RE.match(account):
        return account
    raise RequestSpecError("account", text("request.not-an-account", account=account))


def _resource(resource: Any) -> str:
    if not isinstance(resource, str) or not resource.strip():
        raise RequestSpecError("resource", text("request.no-resource"))
    if resource == "*":
        return resource
    arn = parse_arn(resource)
    if arn is None or not arn.service or not arn.relative_id:
        raise RequestSpecError("resource", text("request.not-an-arn", resource=resource, shape=ARN_SHAPE))
    service, region, account = arn.service, arn.region, arn.account
    # IMM ARNs carry a region id; other services may write that field their own way.
    if service == "imm" and region not in ("", "*") and region not in regions():
        names = closest(region, regions(), n=2)
        raise RequestSpecError("resource", text("request.arn-region", resource=resource, region=region,
                                                suggestion=did_you_mean(names)))
    if account not in ("", "*") and not _ACCOUNT_RE.match(account):
        raise RequestSpecError("resource", text("request.arn-account", resource=resource, account=account))
    return resource


def _imm_resource(op: Operation, region: str, account: str, project: str | None, dataset: str | None,
                  warnings: list[str]) -> str:
    if op.resource_type == "*":
        if project is not None or dataset is not None:
            warnings.append(text("request.star-resource-given-project", operation=op.name))
        return "*"
    if not project:
        raise RequestSpecError("project", text("request.name-the-project", operation=op.name, what=_on_what(op)))
    if op.resource_type == "dataset" and not dataset:
        raise RequestSpecError("dataset", text("request.name-the-dataset", operation=op.name))
    if op.resource_type != "dataset" and dataset:
        raise RequestSpecError("dataset", text("request.no-dataset", operation=op.name, what=_on_what(op)))
    try:
        return op.resource_arn(region, account, project, dataset)
    except InvalidImmName as exc:  # the catalog's words are the emulated IMM's (English); these the reader's
        raise RequestSpecError(exc.field, text("request.invalid-imm-name", parameter=exc.field, value=exc.value,
                                               rule=text("request.imm-name-rule"))) from None
    except ValueError as exc:
        raise RequestSpecError("dataset" if "dataset=" in str(exc) else "project", str(exc)) from None


def _on_what(op: Operation) -> str:
    known = {"project": "request.on-project", "dataset": "request.on-dataset", "trigger": "request.on-trigger",
             "batch": "request.on-batch"}.get(op.resource_type)
    return text(known) if known else text("request.on-other", type=op.resource_type)


def _context(context: Mapping[str, object] | None, warnings: list[str]) -> dict[str, Any]:
    if context is None:
        return {}
    if not isinstance(context, Mapping):
        raise RequestSpecError("context", text("request.context-not-a-mapping"))
    result: dict[str, Any] = {}
    for key, value in context.items():
        if not isinstance(key, str) or not key.strip():
            raise RequestSpecError("context", text("request.context-bad-key", key=key))
        values = list(value) if isinstance(value, (list, tuple)) else [value]
        if not all(isinstance(v, _SCALARS) for v in values):
            raise RequestSpecError("context", text("request.context-bad-value", key=key, type=type(value).__name__))
        type_name = CONDITION_KEY_TYPES.get(key)
        if type_name is not None:
            for v in values:
                if READERS[type_name](v) is INVALID:
                    example = text(_EXAMPLE[type_name]) if type_name in _EXAMPLE else ""
                    raise RequestSpecError("context", text("request.context-invalid-value", key=key, value=v,
                                                           kind=value_type_words(type_name), example=example))
        other_case = known_key_in_other_case(key)
        if other_case is not None:
            warnings.append(text("request.context-key-case", key=key, known=other_case))
        result[key] = list(values) if isinstance(value, (list, tuple)) else value
    return result


# An example after the error, by value type (numbers and strings need none).
_EXAMPLE = {"IP address": "request.example-ip-address", "date": "request.example-date",
            "boolean": "request.example-boolean"}

__all__ = ["OPTIONS", "RequestSpecError", "build_request"]
