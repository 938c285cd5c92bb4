"""Findings over a policy: mistakes RAM would accept but that do not do what the author meant.

Severities follow Alibaba Cloud's own policy checker: ``error`` (the statement cannot work as
written), ``security-warning`` (it grants more than it should), ``warning`` (probably a mistake),
``suggestion`` (a better way to write it). Every finding has a JSON pointer and, for text input,
the line and column.

>>> [f.code for f in lint('{"Version": "1", "Statement": [{"Effect": "Allow", '
...                       '"Action": "imm:ListProject", "Resource": "*"}]}')]
['unknown-action']
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, NamedTuple

from . import catalog
from .catalog.condition_keys import KNOWN_CONDITION_KEYS
from .catalog.imm_arns import arn_shapes
from .messages import text
from .policy import Policy, PolicyError, glob_match
from .policy.arn import ARN_SHAPE, arn_fields
from .policy.effect import STATEMENT_ALLOW, STATEMENT_DENY
from .policy.statement import Statement
from .policy.suggestions import closest, did_you_mean
from .policy.trace import statement_place
from .policy.wildcard import can_match, covers, may_start_with, set_covers

SEVERITIES = ("error", "security-warning", "warning", "suggestion")


_ACCOUNT_RE = re.compile(r"^\d{16}$")
_KNOWN_KEYS_BY_LOWER = {k.lower(): k for k in KNOWN_CONDITION_KEYS}
# Lint follows every keystroke, and between two keystrokes almost every pattern is unchanged: the
# pure questions below are answered once per distinct pattern (bounded caches, so memory stays flat).
_CACHE_SIZE = 4096
# Every cache here holds language-free answers (operations, yes/no, names); messages are written after.
_STATUS = {"verified": "lint.status-verified", "inferred": "lint.status-inferred", "guess": "lint.status-guess"}


class Finding(NamedTuple):
    severity: str
    code: str
    message: str
    path: str
    line: int | None
    column: int | None

    def __str__(self) -> str:
        said = {"severity": self.severity, "message": self.message, "code": self.code}
        if self.line is not None:
            return text("lint.finding-at-line", line=self.line, column=self.column, **said)
        if self.path:
            return text("lint.finding-at-path", path=self.path, **said)
        return text("lint.finding-in-document", **said)


class _Findings:
    def __init__(self, policy: Policy):
        self.policy = policy
        self.items: list[Finding] = []

    def add(self, severity: str, code: str, message: str, path: str) -> None:
        line, column = self.policy.location(path)
        self.items.append(Finding(severity, code, message, path, line, column))


def _place(st: Statement) -> str:
    return statement_place(st.index, st.line, st.position)


def _raw(policy: Policy, st: Statement) -> dict:
    statements = policy.document["Statement"]
    return statements if isinstance(statements, dict) else statements[st.index]


def _element_paths(policy: Policy, st: Statement, element: str) -> list[str]:
    value = _raw(policy, st).get(element)
    base = f"{st.pointer}/{element}"
    if isinstance(value, list):
        return [f"{base}/{i}" for i in range(len(value))]
    return [base]


@lru_cache(maxsize=_CACHE_SIZE)
def _operations_matching(pattern: str) -> tuple[catalog.Operation, ...]:
    """The IMM operations a wildcard action pattern covers (action names match case-insensitively)."""
    return tuple(op for op in catalog.operations() if glob_match(pattern, op.action, ignore_case=True))


@lru_cache(maxsize=_CACHE_SIZE)
def _reaches(resource: str, resource_type: str) -> bool:
    """Whether the Resource pattern can match some ARN an operation on ``resource_type`` is authorized on."""
    return any(can_match(resource, shape) for shape in arn_shapes(resource_type))


@lru_cache(maxsize=_CACHE_SIZE)
def _reaches_dataset_level(resource: str) -> bool:
    return can_match(resource, arn_shapes("dataset")[0])


@lru_cache(maxsize=_CACHE_SIZE)
def _closest_actions(action: str) -> list[str]:
    """The catalog's actions closest to a misspelt one (difflib: ~8 ms, so asked once per spelling)."""
    return closest(action, catalog.action_names())


def _check_actions(f: _Findings, st: Statement) -> list[catalog.Operation]:
    """Unknown IMM actions; returns the operations the statement's Action covers."""
    covered: list[catalog.Operation] = []
    ops = catalog.operations()
    paths = _element_paths(f.policy, st, st.action_element)
    for action, path in zip(st.actions, paths, strict=False):
        if not action.lower().startswith("imm:"):
            continue
        if "*" in action or "?" in action:
            hit = list(_operations_matching(action))
            if not hit:
                f.add("error", "unknown-action", text("lint.pattern-matches-no-operation", action=action), path)
            covered.extend(hit)
            continue
        exact = [op for op in ops if op.action == action]
        if exact:
            covered.extend(exact)
            continue
        folded = [op for op in ops if op.action.lower() == action.lower()]
        if folded:
            covered.extend(folded)
            f.add("suggestion", "action-case", text("lint.action-case", action=folded[0].action), path)
            continue
        names = _closest_actions(action)
        f.add("error", "unknown-action", text("lint.unknown-action", action=action, suggestion=did_you_mean(names)),
              path)
    return covered


def _check_arn(f: _Findings, resource: str, path: str) -> None:
    if resource == "*" or resource.startswith("*"):
        return
    if not resource.startswith("acs:"):
        f.add("error", "malformed-arn", text("lint.not-an-arn", resource=resource, shape=ARN_SHAPE), path)
        return
    fields = arn_fields(resource)
    if len(fields) < 5:
        if not resource.endswith("*"):
            f.add("error", "malformed-arn", text("lint.arn-fields", resource=resource, count=len(fields),
                                                 shape=ARN_SHAPE), path)
        return
    _, service, region, account, relative = fields
    if not service:
        f.add("error", "malformed-arn", text("lint.arn-no-service", resource=resource), path)
    if service == "imm":
        if relative.startswith("projects/"):
            f.add("error", "malformed-arn", text("lint.arn-plural-projects", resource=resource), path)
        elif not may_start_with(relative, "project/"):
            f.add("error", "malformed-arn", text("lint.arn-not-imm-resource", resource=resource), path)
        if region == "":
            f.add("error", "malformed-arn", text("lint.arn-empty-region", resource=resource), path)
        if account == "":
            f.add("error", "account-id", text("lint.arn-empty-account", resource=resource), path)
    if region and "*" not in region and "?" not in region and region not in catalog.regions():
        names = closest(region, catalog.regions(), n=2)
        f.add("warning", "unknown-region", text("lint.unknown-region", region=region, suggestion=did_you_mean(names)),
              path)
    if account and "*" not in account and "?" not in account and not _ACCOUNT_RE.match(account):
        placeholder = "x" in account.lower()  # the documentation writes 1234xxxx or similar
        f.add("error", "account-id", text("lint.account-id-placeholder" if placeholder else "lint.account-id",
                                          account=account), path)


def _check_resources(f: _Findings, st: Statement, ops: list[catalog.Operation]) -> None:
    if st.resources is None:
        return
    paths = _element_paths(f.policy, st, st.resource_element)
    for resource, path in zip(st.resources, paths, strict=False):
        _check_arn(f, resource, path)
    if st.not_resource or st.not_action or not ops:
        return
    resource_path = f"{st.pointer}/{st.resource_element}"
    reached_types = {t: any(_reaches(r, t) for r in st.resources) for t in {op.resource_type for op in ops}}
    reachable = [op for op in ops if reached_types[op.resource_type]]
    concrete = [a for a in st.actions if "*" not in a and "?" not in a]
    named = {a.lower() for a in concrete}
    for op in ops:
        if reached_types[op.resource_type] or op.action.lower() not in named:
            continue
        if op.resource_type == "*":
            why = text("lint.resource-mismatch-star", action=op.action)
        else:
            why = text("lint.resource-mismatch-type", action=op.action, type=op.resource_type,
                       template=op.arn_template, status=text(_STATUS[op.status]))
        f.add("error", "resource-mismatch", why, resource_path)
    if not reachable and len(concrete) < len(st.actions):
        f.add("error", "resource-mismatch", text("lint.resource-mismatch-all"), resource_path)
    for op in reachable:
        if op.resource_type == "dataset" and op.action.lower() in named:
            dataset_level = any(_reaches_dataset_level(r) for r in st.resources)
            if not dataset_level:
                f.add("suggestion", "project-covers-datasets", text("lint.project-covers-datasets", action=op.action),
                      resource_path)


def _check_grants(f: _Findings, st: Statement) -> None:
    if st.effect != STATEMENT_ALLOW or st.resources is None:
        return
    everything = "*" in st.resources and not st.not_resource
    if st.not_action:
        f.add("security-warning", "allow-not-action", text("lint.allow-not-action"), f"{st.pointer}/NotAction")
        return
    if everything:
        for action, path in zip(st.actions, _element_paths(f.policy, st, "Action"), strict=False):
            # Judged by what the pattern covers, so "*:*" and "ram:Pass*" are caught like "*" and "ram:PassRole".
            every_service = covers(action, "*:*")
            if every_service or covers(action, "imm:*", ignore_case=True):
                full = "lint.full-access-every-service" if every_service else "lint.full-access-imm"
                f.add("security-warning", "full-access", text(full, action=action), path)
            elif glob_match(action, "ram:PassRole", ignore_case=True) and not st.conditions:
                f.add("security-warning", "pass-any-role", text("lint.pass-any-role", action=action), path)


def _check_conditions(f: _Findings, st: Statement) -> None:
    lower = _KNOWN_KEYS_BY_LOWER
    for condition in st.conditions:
        key = condition.key
        if condition.qualifier is not None:
            deny_all = st.effect == STATEMENT_DENY and condition.qualifier == "ForAllValues"
            said = "lint.undocumented-set-qualifier-deny" if deny_all else "lint.undocumented-set-qualifier"
            f.add("warning", "undocumented-set-qualifier", text(said, qualifier=condition.qualifier), condition.pointer)
        if key in KNOWN_CONDITION_KEYS:
            if key == "acs:MFAPresent":
                f.add("suggestion", "mfa-present-logon", text("lint.mfa-present-logon"), condition.pointer)
            continue
        if key.lower() in lower:
            f.add("warning", "condition-key-case", text("lint.condition-key-case", key=key, known=lower[key.lower()]),
                  condition.pointer)
        elif key.startswith("acs:"):
            f.add("suggestion", "unknown-condition-key", text("lint.unknown-condition-key", key=key), condition.pointer)


def _check_overlap(f: _Findings, statements: tuple[Statement, ...]) -> None:
    simple = [st for st in statements if not st.not_action and not st.not_resource and st.resources is not None]
    for later in simple:
        for earlier in simple:
            if earlier is later or earlier.conditions:
                continue
            if not (set_covers(earlier.actions, later.actions, ignore_case=True)
                    and set_covers(earlier.resources, later.resources)):  # type: ignore[arg-type]
                continue
            if earlier.effect == later.effect:
                mutual = (not later.conditions and set_covers(later.actions, earlier.actions, True)
                          and set_covers(later.resources, earlier.resources))  # type: ignore[arg-type]
                if mutual and later.index < earlier.index:
                    continue  # report a duplicate pair once, on the later statement
                redundant = "lint.redundant-deny" if later.effect == STATEMENT_DENY else "lint.redundant-allow"
                f.add("warning", "redundant-statement", text(redundant, later=_place(later), earlier=_place(earlier)),
                      later.pointer)
                break
            if earlier.effect == STATEMENT_DENY and later.effect == STATEMENT_ALLOW:
                f.add("warning", "shadowed-statement", text("lint.shadowed-statement", later=_place(later),
                                                            earlier=_place(earlier)), later.pointer)
                break


def _check_trust(f: _Findings, st: Statement) -> None:
    if not st.action_applies("sts:AssumeRole"):
        f.add("warning", "trust-action", text("lint.trust-action"), f"{st.pointer}/{st.action_element}")
    raw = _raw(f.policy, st).get("Principal", {})
    for ptype in ("RAM", "Federated"):  # both name principals by acs:ram::<account>:... ARNs
        names = raw.get(ptype)
        listed = isinstance(names, list)
        for i, name in enumerate(st.principals.get(ptype, ()) if st.principals else ()):
            _check_arn(f, name, f"{st.pointer}/Principal/{ptype}" + (f"/{i}" if listed else ""))


def lint(policy: Policy | str | Mapping[str, Any], kind: str = "identity") -> list[Finding]:
    """Findings for ``policy`` (a ``Policy``, JSON text or a dict), most severe first.

    A document that does not parse gives its grammar problems as ``error`` findings.
    """
    if not isinstance(policy, Policy):
        try:
            policy = Policy.parse(policy, kind=kind)
        except PolicyError as err:
            return [Finding("error", p.code, p.message, p.path, p.line, p.column) for p in err.problems]
    f = _Findings(policy)
    for st in policy.statements:
        if policy.kind == "trust":
            _check_trust(f, st)
        else:
            ops = _check_actions(f, st)  # a typo under NotAction is a mistake too
            if st.not_action:
                ops = []  # NotAction covers every other action: nothing to check resources against
            _check_resources(f, st, ops)
            _check_grants(f, st)
            if st.not_resource:
                f.add("warning", "not-resource", text("lint.not-resource"), f"{st.pointer}/NotResource")
        _check_conditions(f, st)
    if policy.kind != "trust":
        _check_overlap(f, policy.statements)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(f.items, key=lambda x: (order[x.severity], x.line or 0, x.column or 0))


__all__ = ["Finding", "SEVERITIES", "lint"]
