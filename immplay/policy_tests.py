"""Policy tests kept next to the policies: ``run_policy_tests("policies/tests.yaml")``.

A test file (YAML or JSON) names identity policies (paths relative to the test file), an optional
session policy, default ``region`` and ``account``, and cases; each case names a request the way
``immplay eval`` does and the effect it expects::

    policies: [media-team.json, guardrails.json]
    session_policy: narrow.json          # optional
    region: cn-shanghai                  # default for the cases
    account: "1509100000000000"          # default for the cases
    cases:
      - name: clustering in dataset1
        action: CreateFigureClusteringTask
        project: imm-test-media-proj
        dataset: dataset1
        expect: Allow                    # Allow | ExplicitDeny | ImplicitDeny | Deny (either deny)

A policy is named by its path as written in the test file. Anything wrong with the file (syntax, an
unknown key, a missing policy, an action that does not exist, a malformed context value) raises
``PolicyTestFileError`` naming the file, line and column of every problem found.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from .catalog.request_spec import RequestSpecError, build_request
from .messages import text
from .policy import Decision, Policy, PolicyError, PolicySet, Request
from .policy.effect import ALLOW, EXPLICIT_DENY, IMPLICIT_DENY
from .policy.suggestions import closest, did_you_mean
from .positioned_documents import DocumentError, Positions, load_positioned

ANY_DENY = "Deny"  # a case that expects a deny, explicit or implicit
EXPECTATIONS = (ALLOW, EXPLICIT_DENY, IMPLICIT_DENY, ANY_DENY)
FILE_KEYS = ("policies", "session_policy", "region", "account", "cases")
CASE_KEYS = ("name", "action", "resource", "project", "dataset", "region", "account", "context", "expect")
_STAGES = {"SessionPolicy": "explain.stage-session", "IdentityBasedPolicy": "explain.stage-identity"}


class PolicyTestFileError(ValueError):
    """A test file that cannot be run; ``problems`` are (file, line, column, message), line 1-based."""

    def __init__(self, problems: list[tuple[str, int | None, int | None, str]]):
        self.problems = problems
        super().__init__("\n".join(_where(path, line, column) + message for path, line, column, message in problems))


def _where(path: str, line: int | None, column: int | None) -> str:
    return f"{path}:{line}:{column}: " if line is not None else f"{path}: "


@dataclass(frozen=True)
class CaseResult:
    """The outcome of one case: what was asked, what was expected, what the policies decided and why."""

    file: str
    index: int  # 0-based position in ``cases``
    name: str
    line: int | None
    column: int | None
    request: Request
    expect: str
    effect: str
    decision: Decision = field(compare=False, repr=False)
    warnings: tuple[str, ...] = ()

    @property
    def why(self) -> str:
        """Why the policies decided so, in one line (built when asked: it needs the explanation)."""
        return reason(self.decision)

    @property
    def passed(self) -> bool:
        if self.expect == ANY_DENY:
            return self.effect != ALLOW
        return self.effect == self.expect

    def failure_line(self) -> str:
        """``file:line:column: FAIL name: expected X, got Y: action on resource: why``."""
        return text("policy-tests.failure", where=_where(self.file, self.line, self.column), name=self.name,
                    expect=self.expect, effect=str(self.effect), action=self.request.action,
                    resource=self.request.resource, why=self.why)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "index": self.index, "line": self.line, "column": self.column,
                "action": self.request.action, "resource": self.request.resource, "context": self.request.context,
                "expect": self.expect, "effect": self.effect, "passed": self.passed, "why": self.why,
                "deciding": [{"policy": r.policy, "kind": r.kind, "statement": r.index, "effect": r.effect,
                              "line": r.line, "position": r.position} for r in self.decision.deciding],
                "warnings": list(self.warnings)}


@dataclass
class PolicyTestRun:
    """The results of one test file, in the order of its cases."""

    file: str
    cases: list[CaseResult]

    @property
    def failures(self) -> list[CaseResult]:
        return [c for c in self.cases if not c.passed]

    @property
    def passed(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        failed = len(self.failures)
        return text("policy-tests.summary", file=self.file, cases=len(self.cases), passed=len(self.cases) - failed,
                    failed=failed)


def reason(decision: Decision) -> str:
    """One line saying why: the deciding statements, or which stage allowed nothing; missing context."""
    deciding = "; ".join(str(r) for r in decision.deciding)
    if decision.effect == ALLOW:
        said = text("explain.allowed-by", statements=deciding)
    elif decision.effect == EXPLICIT_DENY:
        said = text("explain.denied-explicitly-by", statements=deciding)
    else:
        stage = text(_STAGES.get(decision.denied_by or "", "policy-tests.stage-policies"))
        said = text("explain.no-statement-allows", stage=stage)
    if decision.missing_context:
        said += text("policy-tests.missing-context", keys=", ".join(decision.missing_context))
    return said


class _TestFile:
    """One test file being read: its values, positions, and the problems found so far."""

    def __init__(self, path: Path, shown: str):
        self.path, self.shown = path, shown
        self.policy_cache: dict[tuple[Path, str], Policy] = {}
        self.problems: list[tuple[str, int | None, int | None, str]] = []
        self.where: Positions = Positions({}, {})

    def problem(self, pointer: str, message: str, key: bool = False) -> None:
        line, column = self.where.of_key(pointer) if key else self.where.of_value(pointer)
        problem = (self.shown, line, column, message)
        if problem not in self.problems:  # a bad default region would otherwise be reported once per case
            self.problems.append(problem)

    def check_keys(self, mapping: Mapping, allowed: tuple[str, ...], pointer: str) -> None:
        for key in mapping:
            if key not in allowed:
                names = closest(str(key), allowed, n=2)
                unknown = "policy-tests.unknown-case-key" if pointer else "policy-tests.unknown-file-key"
                self.problem(f"{pointer}/{key}", text(unknown, key=key, suggestion=did_you_mean(names),
                                                      keys=", ".join(allowed)), key=True)

    def text(self, mapping: Mapping, key: str, pointer: str, required: bool = False) -> str | None:
        value = mapping.get(key)
        if value is None:
            if required:
                self.problem(pointer, text("policy-tests.key-missing", key=key))
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.problem(f"{pointer}/{key}", text("policy-tests.key-not-text", key=key, kind=_kind(value)))
            return None
        return str(value)

    def policy(self, written: Any, pointer: str, kind: str) -> Policy | None:
        if not isinstance(written, str) or not written:
            self.problem(pointer, text("policy-tests.policy-not-a-path", kind=_kind(written)))
            return None
        target = self.path.parent / written
        cached = self.policy_cache.get((target, kind))
        if cached is not None:
            return cached
        try:
            source = target.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.problem(pointer, text("policy-tests.policy-no-such-file", path=written))
            return None
        except (OSError, UnicodeDecodeError) as exc:
            self.problem(pointer, text("policy-tests.policy-cannot-read", path=written, error=exc))
            return None
        try:
            policy = Policy.parse(source, name=written, kind=kind)
        except PolicyError as err:
            shown = os.path.join(os.path.dirname(self.shown), written)
            for p in err.problems:
                said = (text("policy-tests.policy-problem-at", message=p.message, code=p.code, path=p.path)
                        if p.path else f"{p.message} [{p.code}]")
                self.problems.append((shown, p.line, p.column, said))
            return None
        self.policy_cache[(target, kind)] = policy
        return policy


def _kind(value: Any) -> str:
    return text({dict: "policy-tests.kind-mapping", list: "policy-tests.kind-list", bool: "policy-tests.kind-boolean",
                 type(None): "policy-tests.kind-empty"}.get(type(value), "policy-tests.kind-number"))


def run_policy_tests(path: str | os.PathLike) -> PolicyTestRun:
    """Run the cases of the test file at ``path``; raise ``PolicyTestFileError`` when it is bad.

    Example::

        run = run_policy_tests("examples/policies-as-code/policies/media-team.tests.yaml")
        run.passed                                   # True
        [c.failure_line() for c in run.failures]     # one line per failing case
    """
    shown = os.fspath(path)
    f = _TestFile(Path(path), shown)
    try:
        source = f.path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyTestFileError([(shown, None, None, text("policy-tests.no-such-file"))]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyTestFileError([(shown, None, None, text("policy-tests.cannot-read", error=exc))]) from None
    try:
        data, f.where = load_positioned(source, json_syntax=True if f.path.suffix == ".json" else None)
    except DocumentError as exc:
        raise PolicyTestFileError([(shown, exc.line, exc.column, exc.message)]) from None
    if not isinstance(data, dict):
        raise PolicyTestFileError([(shown, 1, 1, text("policy-tests.not-a-mapping"))])
    f.check_keys(data, FILE_KEYS, "")

    written = data.get("policies")
    policies: list[Policy] = []
    if written is None:
        f.problem("", text("policy-tests.policies-missing"))
    else:
        paths = [written] if isinstance(written, str) else written if isinstance(written, list) else None
        if not paths:
            f.problem("/policies", text("policy-tests.policies-wrong"))
        else:
            pointers = ["/policies"] if isinstance(written, str) else [f"/policies/{i}" for i in range(len(paths))]
            found = [f.policy(p, ptr, "identity") for p, ptr in zip(paths, pointers, strict=True)]
            policies = [p for p in found if p is not None]
    session = None
    if data.get("session_policy") is not None:
        session = f.policy(data["session_policy"], "/session_policy", "session")
    region = f.text(data, "region", "")
    account = f.text(data, "account", "")

    cases = data.get("cases")
    specs: list[_Case] = []
    if not isinstance(cases, list) or not cases:
        f.problem("/cases" if "cases" in data else "", text("policy-tests.cases-missing"))
        cases = []
    for index, case in enumerate(cases):
        spec = _read_case(f, case, index, region, account)
        if spec is not None:
            specs.append(spec)
    if f.problems:
        raise PolicyTestFileError(f.problems)

    identity = PolicySet(policies)
    results = []
    for spec in specs:
        decision = identity.evaluate(spec.request, session_policy=session)
        line, column = f.where.of_value(f"/cases/{spec.index}")
        results.append(CaseResult(shown, spec.index, spec.name, line, column, spec.request, spec.expect,
                                  decision.effect, decision, tuple(spec.warnings)))
    return PolicyTestRun(shown, results)


class _Case(NamedTuple):
    index: int
    name: str
    expect: str
    request: Request
    warnings: list[str]


def _read_case(f: _TestFile, case: Any, index: int, region: str | None, account: str | None) -> _Case | None:
    pointer = f"/cases/{index}"
    if not isinstance(case, dict):
        f.problem(pointer, text("policy-tests.case-not-a-mapping"))
        return None
    before = len(f.problems)
    f.check_keys(case, CASE_KEYS, pointer)
    expect = case.get("expect")
    if expect is None:
        f.problem(pointer, text("policy-tests.expect-missing"))
    elif expect not in EXPECTATIONS:
        f.problem(f"{pointer}/expect", text("policy-tests.expect-unknown", expect=expect,
                                            suggestion=did_you_mean(closest(str(expect), EXPECTATIONS, n=1))))
    action = f.text(case, "action", pointer, required=True)
    fields = {key: f.text(case, key, pointer) for key in ("resource", "project", "dataset")}
    case_region = f.text(case, "region", pointer)
    case_account = f.text(case, "account", pointer)
    context = case.get("context")
    if context is not None and not isinstance(context, dict):
        f.problem(f"{pointer}/context", text("policy-tests.context-not-a-mapping"))
        context = None
    if len(f.problems) > before or action is None:
        return None
    try:
        request, warnings = build_request(
            action, resource=fields["resource"], project=fields["project"], dataset=fields["dataset"],
            region=case_region if case_region is not None else region,
            account=case_account if case_account is not None else account, context=context)
    except RequestSpecError as exc:
        option = exc.option
        # The value that was used: the case's own, else the file's default region or account.
        at = f"{pointer}/{option}" if option in case else f"/{option}" if option in ("region", "account") else pointer
        f.problem(at, f"{option}: {exc}")
        return None
    name = case.get("name")
    name = str(name) if name is not None else text("policy-tests.case-name", number=index + 1, action=request.action)
    return _Case(index, name, str(expect), request, warnings)
