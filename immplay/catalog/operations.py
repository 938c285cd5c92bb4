"""The IMM 2020-09-30 operations and the RAM resource each one is authorized on.

Only 10 operations' resources come from Alibaba's RAM tables (``status == "verified"``); the rest
are inferred from their parameters, and the batch operations' ``project/{P}/batch/*`` is a guess.
``status`` and ``source`` say which, so the course can show it.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from ..policy.suggestions import closest, did_you_mean
from .data_files import load
from .defaults import DEFAULT_ACCOUNT, DEFAULT_REGION
from .imm_arns import IMM_NAME, IMM_NAME_RULE, imm_arn


class UnknownOperation(KeyError, ValueError):
    """An operation name that IMM 2020-09-30 does not have; the message names the closest ones."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        super().__init__(name)

    def __str__(self) -> str:
        from ..messages import text

        return text("request.unknown-operation", name=self.name, suggestion=did_you_mean(self.suggestions))


class Operation(NamedTuple):
    """One IMM operation as the catalog records it."""

    name: str
    action: str
    group: str
    resource_type: str  # "project" | "dataset" | "trigger" | "batch" | "*"
    arn_template: str
    source: str
    status: str  # "verified" | "inferred" | "guess"
    access_level: str | None
    readonly: bool
    params: tuple[str, ...]
    required_params: tuple[str, ...]
    json_encoded_params: tuple[str, ...]
    param_location: tuple[str, ...]
    sdk_method: str
    covered_by_readonly_policy: bool

    def resource_arn(self, region: str = DEFAULT_REGION, account: str = DEFAULT_ACCOUNT,
                     project: str | None = None, dataset: str | None = None) -> str:
        """The ARN a call of this operation is authorized on.

        >>> operation("CreateFigureClusteringTask").resource_arn("cn-shanghai", "1509100000000000", "p", "d")
        'acs:imm:cn-shanghai:1509100000000000:project/p/dataset/d'
        >>> operation("ListProjects").resource_arn()
        '*'
        """
        if self.resource_type == "*":
            return "*"
        _check_field("region", region)
        _check_field("account", account)
        if not project:
            what = {"project": "a project", "dataset": "a dataset", "trigger": "the triggers of a project",
                    "batch": "the batch jobs of a project"}[self.resource_type]
            raise ValueError(f"{self.name} is authorized on {what}: name the project")
        _check_name("project", project)
        if self.resource_type == "dataset":
            if not dataset:
                raise ValueError(f"{self.name} is authorized on a dataset: name the dataset as well as the project")
            _check_name("dataset", dataset)
        elif dataset:
            raise ValueError(f"{self.name} is authorized on the {self.resource_type} level, not on a dataset: "
                             "leave the dataset out")
        return imm_arn(self.resource_type, region, account, project, dataset)


class InvalidImmName(ValueError):
    """A project or dataset name that breaks the IMM name rule; ``field`` is ``"project"`` or
    ``"dataset"`` and ``value`` the name (the emulated IMM service answers with them)."""

    def __init__(self, message: str, field: str, value: object):
        super().__init__(message)
        self.field = field
        self.value = value


def _check_name(parameter: str, value: str) -> None:
    if not isinstance(value, str) or IMM_NAME.fullmatch(value) is None:  # is_imm_name, without a call per name
        raise InvalidImmName(f"{parameter}={value!r} is not a valid IMM {parameter} name: {IMM_NAME_RULE}",
                             parameter, value)


def _check_field(parameter: str, value: str) -> None:
    if not isinstance(value, str) or not value or any(c in value for c in ":/*? "):
        raise ValueError(f"{parameter}={value!r} is not a valid {parameter} for an ARN")


def _status(source: str) -> str:
    head = source.split(":", 1)[0].strip()
    if head == "verified":
        return "verified"
    if head.upper() == "GUESS":
        return "guess"
    return "inferred"


@cache
def _by_name() -> dict[str, Operation]:
    result = {}
    for e in load("imm-operations.json")["operations"]:
        result[e["operation"]] = Operation(
            name=e["operation"], action=e["action"], group=e["group"], resource_type=e["resource"],
            arn_template=e["resource_arn"], source=e["resource_source"], status=_status(e["resource_source"]),
            access_level=e["access_level"], readonly=e["readonly"], params=tuple(e["params"]),
            required_params=tuple(e["required_params"]), json_encoded_params=tuple(e["json_encoded_params"]),
            param_location=tuple(e["param_location"]), sdk_method=e["sdk_method"],
            covered_by_readonly_policy=e["covered_by_AliyunIMMReadOnlyAccess"],
        )
    return result


def operations() -> list[Operation]:
    """All 105 operations, sorted by name."""
    return list(_by_name().values())


def operation(name: str) -> Operation:
    """The operation called ``name`` (``"ListProjects"`` or ``"imm:ListProjects"``).

    Raises ``UnknownOperation`` naming the closest real operations.
    """
    ops = _by_name()
    key = name[4:] if isinstance(name, str) and name.lower().startswith("imm:") else name
    if key in ops:
        return ops[key]
    raise UnknownOperation(str(name), closest(str(key), ops))


def action_names() -> list[str]:
    """``imm:<Operation>`` for every operation."""
    return [op.action for op in _by_name().values()]
