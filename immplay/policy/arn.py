"""Alibaba Cloud Resource Names: ``acs:<service>:<region>:<account>:<relative-id>``.

The engine knows one piece of structure: an IMM resource below a project (a dataset, a trigger, a
batch) is also covered by a grant on its project, as the IMM guide's "specific projects" example
shows. ``resource_chain`` gives the ARNs a request resource is authorized against, most specific first.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

ARN_SHAPE = "acs:<service>:<region>:<account>:<resource>"


class Arn(NamedTuple):
    service: str
    region: str
    account: str
    relative_id: str

    def __str__(self) -> str:
        return f"acs:{self.service}:{self.region}:{self.account}:{self.relative_id}"


def arn_fields(text: str) -> list[str]:
    """The colon-separated fields of an ARN, at most five (the resource part keeps its colons).

    Lint reads a malformed ARN's fields with it to say how many are missing.

    >>> arn_fields("acs:imm:cn-shanghai:1:project/p"), len(arn_fields("acs:imm:cn-shanghai"))
    (['acs', 'imm', 'cn-shanghai', '1', 'project/p'], 3)
    """
    return text.split(":", 4)


def parse_arn(text: str) -> Arn | None:
    """Split an ARN into its fields; ``None`` when ``text`` is not ``acs:`` with five fields.

    The one ARN parser: evaluation (``resource_chain``), lint, request building and the diff read
    ARNs through it.

    >>> parse_arn("acs:ram::1509100000000000:role/worker").region
    ''
    >>> parse_arn("acs:imm:cn-shanghai") is None
    True
    """
    parts = arn_fields(text)
    if len(parts) != 5 or parts[0] != "acs":
        return None
    return Arn(parts[1], parts[2], parts[3], parts[4])


_PROJECT = "project/"


@lru_cache(maxsize=65536)
def resource_chain(resource: str) -> tuple[str, ...]:
    """The request resource, then the project ARN that contains it (IMM only); cached.

    >>> resource_chain("acs:imm:cn-shanghai:1:project/p/dataset/d")
    ('acs:imm:cn-shanghai:1:project/p/dataset/d', 'acs:imm:cn-shanghai:1:project/p')
    >>> resource_chain("*")
    ('*',)
    """
    arn = parse_arn(resource)
    if arn is None or arn.service != "imm" or not arn.relative_id.startswith(_PROJECT):
        return (resource,)
    relative = arn.relative_id
    slash = relative.find("/", len(_PROJECT))
    if slash == -1 or slash == len(_PROJECT):
        return (resource,)
    return (resource, resource[: len(resource) - len(relative) + slash])


def chain_label(resource: str, matched: str) -> str:
    """Say which ARN of the hierarchy a statement matched, for explanations."""
    from ..messages import text

    if matched == resource:
        return text("explain.chain-request-resource")
    # No RAM page states this rule: mark it as the assumption immplay.cloud.ASSUMPTIONS names.
    return text("explain.chain-project")
