"""Graded policy exercises without the widget: `check(policy_text, must_allow, must_deny)` for an
identity policy, `check_trust(policy_text, role_arn, must_allow, must_deny)` for a role's trust policy.
Both return a `CheckResult`, so every kind of exercise is graded, printed and shown the same way.

Each requirement is a sample request (any form `samples.to_sample` accepts) that the trainee's
policy must allow, or must deny (implicitly or explicitly). A failing requirement carries a hint
drawn from the decision's trace: which statement came closest and which element (Action, Resource,
Condition) stopped it, or which statement grants what should be denied. The `Exercise` widget
shows the same result; tests and trainers call `check` directly.

Example:
    >>> r = check('{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:GetDataset",'
    ...           ' "Resource": "acs:imm:*:*:project/p/dataset/other"}]}',
    ...           must_allow=[("GetDataset", "p", "d")])
    >>> r.passed
    False
    >>> print(r.requirements[0].hint)  # doctest: +ELLIPSIS
    the statement at line 1: its Resource does not match acs:imm:cn-shanghai:1509100000000000:project/p/dataset/d ...
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from immplay.policy import (
    Decision,
    Policy,
    PolicyError,
    PolicySet,
    Principal,
    evaluate_assume_role,
    resource_chain,
)
from immplay.policy.trace import statement_place
from immplay.widgets.samples import SampleRequest, to_samples

MUST_ALLOW, MUST_DENY = "Allow", "Deny"


@dataclass(frozen=True)
class TrustCaller:
    """A caller of AssumeRole in a trust-policy exercise: a RAM principal ARN and the request context."""

    principal: str
    context: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, item: Any) -> TrustCaller:
        """From a `TrustCaller`, a `{"principal": ..., "context": {...}}` dict or a principal ARN."""
        if isinstance(item, TrustCaller):
            return item
        if isinstance(item, str):
            return cls(item)
        if isinstance(item, dict) and isinstance(item.get("principal"), str):
            return cls(item["principal"], tuple(sorted((item.get("context") or {}).items())))
        raise ValueError(f"a trust-policy requirement is a principal ARN or {{'principal': ..., 'context': {{...}}}}, "
                         f"not {item!r}")

    def label(self) -> str:
        extra = ", ".join(f"{k}={v}" for k, v in self.context) or "no external ID"
        return f"AssumeRole by {self.principal} [{extra}]"


@dataclass(frozen=True)
class RequirementResult:
    """One requirement: the request, what it must get, the decision it got, and a hint when it fails."""

    sample: SampleRequest | TrustCaller
    expected: str  # "Allow" or "Deny" (either kind of deny passes)
    decision: Decision | None  # None when the policy text does not parse
    passed: bool
    hint: str | None

    def describe(self) -> str:
        verb = "must be allowed" if self.expected == MUST_ALLOW else "must be denied"
        return f"{self.sample.label()} {verb}"


@dataclass(frozen=True)
class CheckResult:
    """The outcome of `check`: `passed` only when the policy parses and every requirement holds."""

    passed: bool
    requirements: tuple[RequirementResult, ...]
    error: PolicyError | None = None

    @property
    def failures(self) -> list[RequirementResult]:
        return [r for r in self.requirements if not r.passed]

    def __str__(self) -> str:
        if self.error is not None:
            return f"✖ the policy does not parse:\n{self.error}"
        lines = [f"{'✔ PASS' if r.passed else '✖ FAIL'}  {r.describe()}"
                 + (f" (got {r.decision.effect})" if r.decision is not None else "")
                 + (f"\n        hint: {r.hint}" if r.hint else "") for r in self.requirements]
        done = sum(r.passed for r in self.requirements)
        lines.append(f"{done}/{len(self.requirements)} requirements hold"
                     + (": exercise passed." if self.passed else "."))
        return "\n".join(lines)


def check(policy_text: str | dict | Policy, must_allow: Iterable[Any] = (), must_deny: Iterable[Any] = (),
          *, name: str = "exercise") -> CheckResult:
    """Grade a policy: every `must_allow` request allowed, every `must_deny` request denied.

    A policy that does not parse fails every requirement (its error is in `CheckResult.error`).
    """
    allow = [(s, MUST_ALLOW) for s in to_samples(must_allow)]
    deny = [(s, MUST_DENY) for s in to_samples(must_deny)]
    try:
        policy = policy_text if isinstance(policy_text, Policy) else Policy.parse(policy_text, name=name)
    except PolicyError as err:
        failed = tuple(RequirementResult(s, want, None, False, "fix the policy text first: it does not parse")
                       for s, want in allow + deny)
        return CheckResult(False, failed, err)
    policy_set = PolicySet([policy])
    results = []
    for sample, want in allow + deny:
        decision = policy_set.evaluate(sample.request)
        ok = decision.allowed if want == MUST_ALLOW else not decision.allowed
        results.append(RequirementResult(sample, want, decision, ok, None if ok else hint_for(decision, want)))
    return CheckResult(all(r.passed for r in results), tuple(results))


def check_trust(policy_text: str | dict | Policy, role_arn: str, must_allow: Iterable[Any] = (),
                must_deny: Iterable[Any] = (), *, name: str = "trust-policy") -> CheckResult:
    """Grade a role's trust policy: every `must_allow` caller may assume `role_arn`, no `must_deny` one may.

    Callers are `TrustCaller`s, principal ARNs or `{"principal": ..., "context": {...}}` dicts. The
    callers' own side allows sts:AssumeRole on the role, so the trust policy alone decides.
    """
    allow = [(TrustCaller.of(c), MUST_ALLOW) for c in must_allow]
    deny = [(TrustCaller.of(c), MUST_DENY) for c in must_deny]
    try:
        trust = (policy_text if isinstance(policy_text, Policy)
                 else Policy.parse(policy_text, name=name, kind="trust"))
    except PolicyError as err:
        return CheckResult(False, tuple(RequirementResult(c, want, None, False, "fix the policy text first: it does "
                                                          "not parse") for c, want in allow + deny), err)
    caller_side = Policy.parse({"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": role_arn}]}, name="caller")
    results = []
    for caller, want in allow + deny:
        decision = evaluate_assume_role(role_arn, trust, Principal(type="RAM", id=caller.principal), [caller_side],
                                        context=dict(caller.context))
        ok = decision.allowed if want == MUST_ALLOW else not decision.allowed
        results.append(RequirementResult(caller, want, decision, ok, None if ok else trust_hint_for(decision, want)))
    return CheckResult(all(r.passed for r in results), tuple(results))


def trust_hint_for(decision: Decision, expected: str) -> str:
    """Why an AssumeRole `decision` is not `expected`, in one sentence, from the trust policy's trace."""
    caller = decision.principal.id if decision.principal is not None else "the caller"
    if expected == MUST_DENY:
        grants = ", ".join(_ref(r) for r in decision.deciding if r.kind == "trust")
        return f"{grants} lets {caller} assume the role: narrow its Principal or add a Condition"
    if decision.effect == "ExplicitDeny":
        return f"a Deny statement of the trust policy refuses {caller}, and a Deny always wins"
    trust = [s for stage in decision.trace() if stage.stage == "trust" for _, sts in stage.policies for s in sts
             if s.ref.effect == "Allow" and s.action_matched]
    named = [s for s in trust if s.principal_matched]
    if not named:
        return f"no Allow statement's Principal names {caller} (or its account's root)"
    failing = [c for s in named for c in s.conditions if not c.matched]
    if failing:
        return f"the Condition is false for this caller: {failing[0].describe()}"
    return f"no Allow statement of the trust policy applies to {caller}"


def hint_for(decision: Decision, expected: str) -> str:
    """Why `decision` is not `expected`, in one sentence, from the decision's trace.

    For a request that must be allowed: the Deny statement that wins, or the Allow statement that
    came closest (its Action matched) and the element that stopped it; for one that must be denied:
    the statements that allow it.
    """
    request = decision.request
    if expected == MUST_DENY:
        grants = ", ".join(_ref(r) for r in decision.deciding)
        return f"{grants} allows {request.action} on {request.resource}: narrow its Action or Resource, or add a Deny"
    if decision.effect == "ExplicitDeny":
        denies = ", ".join(_ref(r) for r in decision.deciding)
        return f"{denies} denies {request.action} explicitly, and a Deny always wins: narrow or remove it"
    allows = [s for stage in decision.trace() for _, sts in stage.policies for s in sts if s.ref.effect == "Allow"]
    if not allows:
        return f"no statement allows anything: add an Allow statement for {request.action}"
    near = [s for s in allows if s.action_matched]
    if not near:
        return f"no statement's Action matches {request.action}: add it to an Allow statement's Action"
    chain = resource_chain(request.resource)
    for s in near:
        if s.resource_arn is None:
            also = f" (nor its project {chain[1]})" if len(chain) > 1 else ""
            return (f"{_ref(s.ref)}: its {s.statement.resource_element} does not match {request.resource}"
                    f"{also}")
    for s in near:
        failing = [c for c in s.conditions if not c.matched]
        if failing:
            return f"{_ref(s.ref)}: its Condition is false: {failing[0].describe()}"
    return f"no Allow statement applies to {request.action} on {request.resource}"


def _ref(ref: Any) -> str:
    """A statement named as the editor shows it (``statement_place``), without its policy."""
    return "the " + statement_place(ref.index, ref.line, ref.position)
