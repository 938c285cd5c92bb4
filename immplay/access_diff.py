"""What access changes between two versions of a set of policies: ``diff_access(old, new)``.

Every IMM operation of the catalog is decided against every resource either version names: the
projects and datasets of their IMM Resource ARNs, a sample name for each wildcard name
(``project/team-a-*`` is tested as ``team-a-sample``), a project and a dataset neither version
names (so a grant widened to ``*`` shows), the regions and accounts they name, and the projects and
datasets given by the caller. Operations authorized on ``*`` are decided once, on ``*``.

Conditions cannot be decided without a request: with a ``context`` every decision uses it; without
one, every pair is decided with no request context (no condition holds) and again as if every
condition held, and the pairs only the second way changes are listed apart. The result says which
statements have conditions.

>>> import immplay
>>> old = immplay.Policy.parse({"Version": "1", "Statement": [
...     {"Effect": "Allow", "Action": "imm:Get*", "Resource": "acs:imm:*:*:project/p"}]}, name="old")
>>> new = immplay.Policy.parse({"Version": "1", "Statement": [
...     {"Effect": "Allow", "Action": "imm:*Project", "Resource": "acs:imm:*:*:project/p"}]}, name="new")
>>> diff = diff_access([old], [new])
>>> diff.grants_more, [c.operation for c in diff.newly_allowed if c.resource.endswith("project/p")]
(True, ['CreateProject', 'DeleteProject', 'UpdateProject'])
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from . import catalog
from .messages import text
from .policy import Policy, PolicySet, glob_match, parse_arn
from .policy.bulk import DecisionGrid, set_bits
from .policy.conditions import show_value
from .policy.effect import ALLOW, EXPLICIT_DENY, IMPLICIT_DENY
from .policy.trace import statement_place
from .policy.wildcard import has_wildcard

OTHER_PROJECT = "other-project"
OTHER_DATASET = "other-dataset"


class AccessChange(NamedTuple):
    """One operation on one resource whose decision changed between the versions."""

    operation: str  # "CreateProject"
    resource: str  # the ARN the operation is authorized on, or "*"
    old: str  # the old effect: "Allow" | "ExplicitDeny" | "ImplicitDeny"
    new: str


@dataclass
class AccessDiff:
    """The result of ``diff_access``.

    ``newly_allowed``: pairs NEW allows and OLD did not; ``no_longer_allowed``: the reverse.
    ``resources`` maps every ARN tested to a note saying where it came from ("" when a version
    names it). ``conditional`` lists the statements with a Condition. Without a ``context`` those
    are decided twice: as no request key is there (no condition holds: the lists above) and as if
    every condition held; ``newly_allowed_if_conditions_hold`` and
    ``no_longer_allowed_if_conditions_hold`` are the pairs only the second way changes.
    """

    old_names: list[str]
    new_names: list[str]
    newly_allowed: list[AccessChange]
    no_longer_allowed: list[AccessChange]
    resources: dict[str, str]
    operations: int
    decisions: int
    context: dict[str, Any]
    conditional: list[str] = field(default_factory=list)
    tested: dict[str, list[str]] = field(default_factory=dict, repr=False)
    newly_allowed_if_conditions_hold: list[AccessChange] = field(default_factory=list)
    no_longer_allowed_if_conditions_hold: list[AccessChange] = field(default_factory=list)

    def requests(self) -> Iterator[tuple[str, str]]:
        """Every (action, resource) pair decided, e.g. to check it against ``immplay.evaluate``."""
        for op in catalog.operations():
            for arn in self.tested.get(op.resource_type, ()):
                yield op.action, arn

    @property
    def grants_more(self) -> bool:
        """Whether NEW allows something OLD did not, with the context given or, without one, with
        no condition holding or with every condition holding (the guard a CI job wants)."""
        return bool(self.newly_allowed or self.newly_allowed_if_conditions_hold)

    def to_json(self) -> dict[str, Any]:
        def pairs(changes: list[AccessChange]) -> list[dict[str, str]]:
            return [c._asdict() for c in changes]
        return {
            "old": self.old_names, "new": self.new_names, "grants_more": self.grants_more,
            "newly_allowed": pairs(self.newly_allowed), "no_longer_allowed": pairs(self.no_longer_allowed),
            "operations": self.operations, "decisions": self.decisions,
            "resources": [{"resource": arn, "note": note} for arn, note in self.resources.items()],
            "context": self.context, "statements_with_conditions": self.conditional,
            "newly_allowed_if_conditions_hold": pairs(self.newly_allowed_if_conditions_hold),
            "no_longer_allowed_if_conditions_hold": pairs(self.no_longer_allowed_if_conditions_hold),
        }

    def report(self) -> str:
        """The readable report: changes grouped by the resources that share the same operations."""
        none = text("diff.no-policies")
        lines = [text("diff.old", names=", ".join(self.old_names) or none),
                 text("diff.new", names=", ".join(self.new_names) or none)]
        sections = [(text("diff.newly-allowed"), self.newly_allowed),
                    (text("diff.no-longer-allowed"), self.no_longer_allowed)]
        twice = bool(self.conditional) and not self.context
        if twice:
            sections += [(text("diff.newly-allowed-if-conditions-hold"), self.newly_allowed_if_conditions_hold),
                         (text("diff.no-longer-allowed-if-conditions-hold"),
                          self.no_longer_allowed_if_conditions_hold)]
        for title, changes in sections:
            if not changes:
                lines.append(text("diff.section-nothing", title=title))
                continue
            pairs = "diff.section-many" if len(changes) > 1 else "diff.section-one"
            lines.append(text(pairs, title=title, count=len(changes)))
            lines.extend(_grouped(changes, self.resources))
        tested = sum(1 for arn in self.resources if arn != "*")
        lines.append(text("diff.compared", decisions=self.decisions, operations=self.operations, resources=tested))
        if twice:
            lines.append(text("diff.conditions-twice"))
        elif self.conditional:
            shown = ", ".join(f"{k}={show_value(v)}" for k, v in self.context.items())
            lines.append(text("diff.conditions-with-context", context=shown))
        if self.conditional:
            lines.extend(f"  {ref}" for ref in self.conditional)
        return "\n".join(lines)


def _grouped(changes: list[AccessChange], notes: Mapping[str, str]) -> list[str]:
    by_resource: dict[str, list[str]] = {}
    for change in changes:
        by_resource.setdefault(change.resource, []).append(change.operation)
    by_operations: dict[tuple[str, ...], list[str]] = {}
    for resource, ops in sorted(by_resource.items()):
        by_operations.setdefault(tuple(sorted(ops)), []).append(resource)
    lines = []
    for ops, resources in by_operations.items():
        for resource in resources:
            note = notes.get(resource)
            lines.append(f"  {resource}" + (f"  ({note})" if note else ""))
        wrapped = textwrap.wrap(", ".join(ops), width=96)
        lines.extend(f"      {line}" for line in wrapped)
    return lines


def _is_imm_name(name: str) -> bool:
    try:
        catalog.operation("GetProject").resource_arn(project=name)
    except ValueError:
        return False
    return True


def _sample(name: str) -> str | None:
    """A concrete IMM name matching a wildcard name (``team-*`` -> ``team-sample``), or None."""
    concrete = name.replace("*", "sample").replace("?", "x")
    return concrete if _is_imm_name(concrete) else None


class _Names:
    """The regions, accounts, projects and datasets the policies name, with a note for samples."""

    def __init__(self) -> None:
        self.regions: dict[str, None] = {}
        self.accounts: dict[str, None] = {}
        self.region_matters = False
        self.projects: dict[str, str] = {}
        # (project pattern, dataset name, note): the dataset is tested under matching projects.
        self.datasets: list[tuple[str, str, str]] = []

    def add_project(self, name: str) -> str | None:
        """Test project ``name`` (a wildcard name through its sample); None if no IMM project has it."""
        if has_wildcard(name):
            concrete = _sample(name)
            if concrete is None or name == "*":
                return None
            self.projects.setdefault(concrete, text("diff.sample-project", name=name))
            return concrete
        if _is_imm_name(name):
            self.projects.setdefault(name, "")
            return name
        return None

    def read(self, policies: Iterable[Policy]) -> None:
        for policy in policies:
            for st in policy.statements:
                for pattern in st.resources or ():
                    self._read_arn(pattern)

    def _read_arn(self, pattern: str) -> None:
        arn = parse_arn(pattern)
        if arn is None or not glob_match(arn.service, "imm", ignore_case=True):
            return
        if arn.region != "*":
            self.region_matters = True
            if arn.region and not has_wildcard(arn.region):
                self.regions[arn.region] = None
        if arn.account and not has_wildcard(arn.account):
            self.accounts[arn.account] = None
        parts = arn.relative_id.split("/")
        if len(parts) < 2 or parts[0] != "project":
            return
        project = parts[1]
        self.add_project(project)
        if len(parts) >= 4 and parts[2] == "dataset":
            dataset = parts[3]
            if has_wildcard(dataset):
                concrete = _sample(dataset)
                if concrete is not None and dataset != "*":
                    self.datasets.append((project, concrete, text("diff.sample-dataset", name=dataset)))
            elif _is_imm_name(dataset):
                self.datasets.append((project, dataset, ""))


def _policy_list(policies: Policy | PolicySet | Iterable[Policy]) -> list[Policy]:
    if isinstance(policies, PolicySet):
        return list(policies.policies)
    if isinstance(policies, Policy):
        return [policies]
    found = list(policies)
    for p in found:
        if not isinstance(p, Policy):
            raise TypeError(f"diff_access takes Policy objects (use Policy.parse), not {type(p).__name__}")
    return found


def diff_access(old_policies: Policy | PolicySet | Iterable[Policy],
                new_policies: Policy | PolicySet | Iterable[Policy], *,
                projects: Sequence[str] = (), datasets: Sequence[str] = (),
                region: str = catalog.DEFAULT_REGION, account: str = catalog.DEFAULT_ACCOUNT,
                context: Mapping[str, Any] | None = None) -> AccessDiff:
    """What NEW allows that OLD did not, and the reverse, over every IMM operation.

    ``projects`` and ``datasets`` are tested besides the ones the policies name (each dataset in
    every project); ``region`` and ``account`` are used where the policies name none. ``context``
    is the request context every decision uses; without one, statements with conditions are
    decided both with no condition holding and with every condition holding (see ``AccessDiff``).
    The decisions equal ``immplay.evaluate`` of each (operation, resource) request.
    """
    old, new = _policy_list(old_policies), _policy_list(new_policies)
    names = _Names()
    names.read(old + new)
    for project in projects:
        if names.add_project(project) is None:
            raise ValueError(f"project={project!r} is not a valid IMM project name")
    names.regions.setdefault(region, None)
    names.accounts.setdefault(account, None)
    regions = list(names.regions)
    if names.region_matters:
        # A region neither version names: a Resource widened to every region shows there.
        regions.append(next(r for r in catalog.public_regions() if r not in names.regions))
    names.projects.setdefault(OTHER_PROJECT, text("diff.other-project"))

    literal_datasets: dict[str, list[tuple[str, str]]] = {}
    wildcard_datasets: list[tuple[str, str, str]] = []
    for pattern, dataset, note in names.datasets:
        if has_wildcard(pattern):
            wildcard_datasets.append((pattern, dataset, note))
        else:
            literal_datasets.setdefault(pattern, []).append((dataset, note))
    # One operation of each resource type builds the ARNs, as the catalog says.
    builders = {kind: next(op for op in catalog.operations() if op.resource_type == kind)
                for kind in ("project", "dataset", "trigger", "batch")}
    project_level: dict[str, str] = {}
    dataset_level: dict[str, str] = {}
    below_project: dict[str, list[str]] = {"trigger": [], "batch": []}
    for project, project_note in names.projects.items():
        wanted = dict(literal_datasets.get(project, ()))
        for pattern, dataset, note in wildcard_datasets:
            if glob_match(pattern, project):
                wanted.setdefault(dataset, note)
        for dataset in datasets:
            wanted.setdefault(dataset, "")
        wanted.setdefault(OTHER_DATASET, text("diff.other-dataset"))
        for r in regions:
            for a in names.accounts:
                project_level[builders["project"].resource_arn(r, a, project)] = project_note
                for kind, arns in below_project.items():
                    arns.append(builders[kind].resource_arn(r, a, project))
                for dataset, note in wanted.items():
                    dataset_level[builders["dataset"].resource_arn(r, a, project, dataset)] = note

    # One grid per version over every resource; each operation reads its own resource type's part.
    targets: dict[str, list[str]] = {
        "*": ["*"], "project": list(project_level), "dataset": list(dataset_level), **below_project}
    resources: list[str] = []
    segments: dict[str, tuple[int, int]] = {}
    for resource_type, arns in targets.items():
        segments[resource_type] = (len(resources), len(arns))
        resources.extend(arns)
    operations = catalog.operations()
    actions = [op.action for op in operations]
    request_context = dict(context) if context else {}
    parts = {op.action: (((1 << segments[op.resource_type][1]) - 1) << segments[op.resource_type][0])
             for op in operations}
    newly, lost = _changes(DecisionGrid(old, actions, resources, request_context),
                           DecisionGrid(new, actions, resources, request_context), operations, parts, resources)
    conditional = list(dict.fromkeys(text("diff.conditional-statement", policy=p.name,
                                          place=statement_place(st.index, st.line, st.position))
                                     for p in old + new for st in p.statements if st.conditions))
    newly_if, lost_if = [], []
    if conditional and not request_context:
        # No context: no condition held above. Decide again as if every condition held, so that a
        # conditional grant added, or a conditional Deny (a guardrail) removed, shows too.
        seen = {(c.operation, c.resource) for c in newly + lost}
        newly_if, lost_if = (
            [c for c in changes if (c.operation, c.resource) not in seen]
            for changes in _changes(DecisionGrid(old, actions, resources, every_condition_holds=True),
                                    DecisionGrid(new, actions, resources, every_condition_holds=True),
                                    operations, parts, resources))
    notes = {"*": text("diff.star-operations"), **project_level, **dataset_level}
    decisions = sum(segments[op.resource_type][1] for op in operations)
    return AccessDiff([p.name for p in old], [p.name for p in new], newly, lost, notes,
                      len(operations), decisions, request_context, conditional, targets, newly_if, lost_if)


def _changes(before: DecisionGrid, after: DecisionGrid, operations: list[catalog.Operation],
             parts: dict[str, int], resources: list[str]) -> tuple[list[AccessChange], list[AccessChange]]:
    """The pairs ``after`` allows and ``before`` does not, and the reverse; ``parts[action]`` masks
    the resources of the action's resource type."""
    newly: list[AccessChange] = []
    lost: list[AccessChange] = []
    for op in operations:
        part = parts[op.action]
        was, now = before.allowed(op.action) & part, after.allowed(op.action) & part
        for changed, grid, into in ((now & ~was, before, newly), (was & ~now, after, lost)):
            if not changed:
                continue
            # Where it is not allowed, it is denied explicitly or implicitly: split the mask once.
            explicit = changed & grid.denied(op.action)
            for mask, denied in ((explicit, EXPLICIT_DENY), (changed & ~explicit, IMPLICIT_DENY)):
                old_effect, new_effect = (denied, ALLOW) if into is newly else (ALLOW, denied)
                into.extend(AccessChange(op.name, resources[i], old_effect, new_effect) for i in set_bits(mask))
    return newly, lost

