"""Sample requests: what the widgets evaluate a policy against, in the forms a notebook writes them.

A sample is given as an IMM operation with a project/dataset (turned into the right ARN by the
catalog), or as a ready `immplay.Request`. Every form becomes a `SampleRequest`, which keeps the
fields the widgets display and builds its `Request` once (an edit re-evaluates, it never rebuilds).

Example:
    >>> s = to_sample(("CreateFigureClusteringTask", "p", "d"))
    >>> s.operation, s.project, s.dataset, s.region, s.account
    ('CreateFigureClusteringTask', 'p', 'd', 'cn-shanghai', '1509100000000000')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from immplay import catalog
from immplay.messages import text
from immplay.policy import Request, parse_arn

# The emulated account (16 digits, standing for the guide's `150910xxxxxxxxxx`) and region; the
# example policies under examples/ use the same account id in their ARNs.
DEFAULT_REGION = catalog.DEFAULT_REGION
DEFAULT_ACCOUNT = catalog.DEFAULT_ACCOUNT


@dataclass(frozen=True)
class SampleRequest:
    """One request a widget evaluates: display fields plus the `Request` built from them.

    `operation` is an IMM operation name from the catalog ("ListProjects"), or, for a sample given as
    a raw `Request`, its action ("ram:ListUsers"); `resource` is the ARN the request carries.
    """

    operation: str
    project: str | None
    dataset: str | None
    context: tuple[tuple[str, str], ...]
    region: str
    account: str
    request: Request = field(compare=False, repr=False)
    from_catalog: bool = True

    @property
    def action(self) -> str:
        return self.request.action

    @property
    def resource(self) -> str:
        return self.request.resource

    @property
    def context_dict(self) -> dict[str, str]:
        return dict(self.context)

    def label(self) -> str:
        """A one-line name for menus: operation, then project/dataset (or the ARN), then context (in the
        current language: "GetDataset on p/d" in English)."""
        extra = ", ".join(f"{k}={v}" for k, v in self.context)
        return text("widgets.request-on", operation=self.operation, target=self.target()) + (
            f" [{extra}]" if extra else "")

    def target(self) -> str:
        """What the request is on: project/dataset (with region and account when not the defaults), or the ARN."""
        if self.from_catalog:
            where = "/".join(part for part in (self.project, self.dataset) if part) or "*"
            # A region or account other than the default changes the ARN: say so, or two requests
            # that differ only there would read the same.
            if self.region != DEFAULT_REGION:
                where = text("widgets.target-in-region", target=where, region=self.region)
            if self.account != DEFAULT_ACCOUNT:
                where = text("widgets.target-of-account", target=where, account=self.account)
        else:
            where = self.resource
        return where

    def to_json(self) -> dict[str, Any]:
        """The sample as plain JSON (the form `to_sample` reads back)."""
        if not self.from_catalog:
            return {"action": self.action, "resource": self.resource, "context": dict(self.context)}
        out: dict[str, Any] = {"operation": self.operation}
        if self.project is not None:
            out["project"] = self.project
        if self.dataset is not None:
            out["dataset"] = self.dataset
        if self.context:
            out["context"] = dict(self.context)
        if self.region != DEFAULT_REGION:
            out["region"] = self.region
        if self.account != DEFAULT_ACCOUNT:
            out["account"] = self.account
        return out


def imm_sample(
    operation: str,
    project: str | None = None,
    dataset: str | None = None,
    context: Mapping[str, str] | None = None,
    *,
    region: str = DEFAULT_REGION,
    account: str = DEFAULT_ACCOUNT,
) -> SampleRequest:
    """A sample for an IMM operation; unknown operations raise `catalog.UnknownOperation`.

    Example: `imm_sample("GetDataset", "p", "d")` carries the dataset ARN of p/d.
    """
    op = catalog.operation(operation)
    ctx = {str(k): str(v) for k, v in (context or {}).items()}
    request = catalog.imm_request(
        op.name, region=region, account=account, project=project or None, dataset=dataset or None,
        context=ctx or None,
    )
    return SampleRequest(
        operation=op.name, project=project or None, dataset=dataset or None,
        context=tuple(sorted(ctx.items())), region=region, account=account, request=request,
    )


def request_sample(request: Request) -> SampleRequest:
    """A sample wrapping a ready `Request`; project/dataset are read back from an IMM ARN if present."""
    project, dataset = _project_dataset(request.resource)
    context = tuple(sorted((str(k), str(v)) for k, v in (request.context or {}).items()))
    region, account = _region_account(request.resource)
    return SampleRequest(
        operation=request.action, project=project, dataset=dataset, context=context,
        region=region, account=account, request=request, from_catalog=False,
    )


def to_sample(item: Any) -> SampleRequest:
    """Normalise any accepted form into a `SampleRequest`.

    Accepted: a `SampleRequest`; an `immplay.Request` (also what `catalog.imm_request` returns);
    an operation name; a tuple `(operation, project, dataset, context)` (trailing items optional);
    a dict `{"operation", "project", "dataset", "context", "region", "account"}` or
    `{"action", "resource", "context"}`. Anything else raises TypeError naming the accepted forms.
    """
    if isinstance(item, SampleRequest):
        return item
    if isinstance(item, Request):
        return request_sample(item)
    if isinstance(item, str):
        return imm_sample(item)
    if isinstance(item, tuple | list):
        if not 1 <= len(item) <= 4:
            raise TypeError(f"a sample tuple is (operation, project, dataset, context); got {item!r}")
        return imm_sample(*item)
    if isinstance(item, Mapping):
        if "action" in item:
            return request_sample(Request(action=item["action"], resource=item.get("resource", "*"),
                                          context=dict(item.get("context") or {})))
        if "operation" not in item:
            raise TypeError(f"a sample dict needs 'operation' (or 'action' and 'resource'); got {dict(item)!r}")
        return imm_sample(
            item["operation"], item.get("project"), item.get("dataset"), item.get("context"),
            region=item.get("region", DEFAULT_REGION), account=item.get("account", DEFAULT_ACCOUNT),
        )
    raise TypeError(
        "a sample request is an immplay.Request, an operation name, a tuple "
        f"(operation, project, dataset, context) or a dict; got {type(item).__name__}: {item!r}"
    )


def to_samples(items: Iterable[Any] | None) -> list[SampleRequest]:
    """`to_sample` over a list (None gives an empty list)."""
    return [to_sample(item) for item in (items or [])]


def parse_context(entries: str) -> dict[str, str]:
    """Parse `key=value` pairs separated by commas or new lines; raise ValueError on a pair without `=`.

    Example: `parse_context("acs:SourceIp=10.0.0.1, acs:SecureTransport=true")`.
    """
    pairs: dict[str, str] = {}
    for chunk in entries.replace("\n", ",").split(","):
        chunk = chunk.strip()
        if not chunk:
            continue
        key, sep, value = chunk.partition("=")
        if not sep or not key.strip():
            raise ValueError(text("widgets.context-entry", entry=chunk))
        pairs[key.strip()] = value.strip()
    return pairs


def _project_dataset(resource: str) -> tuple[str | None, str | None]:
    """acs:imm:<region>:<account>:project/<p>[/dataset/<d>] -> (p, d); (None, None) for other resources."""
    arn = parse_arn(resource)
    if arn is None or arn.service != "imm":
        return None, None
    path = arn.relative_id.split("/")
    project = path[1] if len(path) >= 2 and path[0] == "project" else None
    dataset = path[3] if len(path) >= 4 and path[2] == "dataset" else None
    return project, dataset


def _region_account(resource: str) -> tuple[str, str]:
    """The ARN's region and account, the defaults where it leaves them empty or is no ARN."""
    arn = parse_arn(resource)
    if arn is None:
        return DEFAULT_REGION, DEFAULT_ACCOUNT
    return arn.region or DEFAULT_REGION, arn.account or DEFAULT_ACCOUNT
