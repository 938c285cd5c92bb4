"""Authorization requests for IMM calls, with the resource the catalog says each is checked on."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..policy import Request
from .defaults import DEFAULT_ACCOUNT, DEFAULT_REGION
from .operations import operation


def imm_request(op: str, region: str = DEFAULT_REGION, account: str = DEFAULT_ACCOUNT,
                project: str | None = None, dataset: str | None = None,
                context: Mapping[str, Any] | None = None) -> Request:
    """The ``Request`` RAM evaluates when ``op`` is called on ``project`` / ``dataset``.

    >>> imm_request("CreateFigureClusteringTask", project="p", dataset="d").resource
    'acs:imm:cn-shanghai:1509100000000000:project/p/dataset/d'
    >>> imm_request("ListProjects").resource
    '*'
    """
    operation_ = operation(op)
    return Request(operation_.action, operation_.resource_arn(region, account, project, dataset), context)
