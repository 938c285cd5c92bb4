"""Graded policy exercises without the widget: `check(policy_text, must_allow, must_deny)` for an
identity policy, `check_trust(policy_text, role_arn, must_allow, must_deny)` for a role's trust policy.
Both return a `CheckResult`, so every kind of exercise is graded, printed and shown the same way.
Requirements, hints and the printed report are in the current language (``immplay.language``);
the `Exercise` widget grades inside ``using_language(widget.language)``.

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

from immplay.language import ENGLISH, current_language, using_language
from immplay.messages import text
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
from immplay.widgets.rendering import effect_word, listed
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
        extra = ", ".join(f"{k}={v}" for k, v in self.context) or text("grading.no-external-id")
        return text("grading.trust-caller", principal=self.principal, context=extra)


@dataclass(frozen=True)
class RequirementResult:
    """One requirement: the request, what it must get, the decision it got, and a hint when it fails."""

    sample: SampleRequest | TrustCaller
    expected: str  # "Allow" or "Deny" (either kind of deny passes)
    decision: Decision | None  # None when the policy text does not parse
    passed: bool
    hint: str | None

    def describe(self) -> str:
        if self.expected == MUST_ALLOW:
            return text("grading.must-be-allowed", label=self.sample.label())
        return text("grading.must-be-denied", label=self.sample.label())


@dataclass(frozen=True)
class CheckResult:
    """The outcome of `check`: `passed` only when the policy parses and every requirement holds.
    `language` is the one it was graded in: its report (`str`) is written in it."""

    passed: bool
    requirements: tuple[RequirementResult, ...]
    error: PolicyError | None = None
    language: str | None = None  # None: the current language when printed

    @property
    def failures(self) -> list[RequirementResult]:
        return [r for r in self.requirements if not r.passed]

    def __str__(self) -> str:
        with using_language(self.language):
            return self._report()

    def _report(self) -> str:
        if self.error is not None:
            return text("grading.report-does-not-parse", error=self.error)
        lines = [text("grading.report-pass" if r.passed else "grading.report-fail", requirement=r.describe())
                 + (text("grading.report-got", effect=effect_word(r.decision.effect)) if r.decision is not None
                    else "")
                 + (text("grading.report-hint", hint=r.hint) if r.hint else "") for r in self.requirements]
        done = sum(r.passed for r in self.requirements)
        lines.append(text("grading.report-passed" if self.passed else "grading.report-not-passed",
                          done=done, total=len(self.requirements)))
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
        failed = tuple(RequirementResult(s, want, None, False, text("grading.fix-text-first"))
                       for s, want in allow + deny)
        return CheckResult(False, failed, err, current_language())
    policy_set = PolicySet([policy])
    results = []
    for sample, want in allow + deny:
        decision = policy_set.evaluate(sample.request)
        ok = decision.allowed if want == MUST_ALLOW else not decision.allowed
        results.append(RequirementResult(sample, want, decision, ok, None if ok else hint_for(decision, want)))
    return CheckResult(all(r.passed for r in results), tuple(results), None, current_language())


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
        return CheckResult(False, tuple(RequirementResult(c, want, None, False, text("grading.fix-text-first"))
                                        for c, want in allow + deny), err, current_language())
    caller_side = Policy.parse({"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": role_arn}]}, name="caller")
    results = []
    for caller, want in allow + deny:
        decision = evaluate_assume_role(role_arn, trust, Principal(type="RAM", id=caller.principal), [caller_side],
                                        context=dict(caller.context))
        ok = decision.allowed if want == MUST_ALLOW else not decision.allowed
        results.append(RequirementResult(caller, want, decision, ok, None if ok else trust_hint_for(decision, want)))
    return CheckResult(all(r.passed for r in results), tuple(results), None, current_language())


def trust_hint_for(decision: Decision, expected: str) -> str:
    """Why an AssumeRole `decision` is not `expected`, in one sentence, from the trust policy's trace."""
    caller = decision.principal.id if decision.principal is not None else text("grading.the-caller")
    if expected == MUST_DENY:
        grants = listed(_ref(r) for r in decision.deciding if r.kind == "trust")
        return text("grading.trust-grants", grants=grants, caller=caller)
    if decision.effect == "ExplicitDeny":
        return text("grading.trust-denied", caller=caller)
    trust = [s for stage in decision.trace() if stage.stage == "trust" for _, sts in stage.policies for s in sts
             if s.ref.effect == "Allow" and s.action_matched]
    named = [s for s in trust if s.principal_matched]
    if not named:
        return text("grading.trust-not-named", caller=caller)
    failing = [c for s in named for c in s.conditions if not c.matched]
    if failing:
        return text("grading.trust-condition-false", condition=failing[0].describe())
    return text("grading.trust-no-statement", caller=caller)


def hint_for(decision: Decision, expected: str) -> str:
    """Why `decision` is not `expected`, in one sentence, from the decision's trace.

    For a request that must be allowed: the Deny statement that wins, or the Allow statement that
    came closest (its Action matched) and the element that stopped it; for one that must be denied:
    the statements that allow it.
    """
    request = decision.request
    if expected == MUST_DENY:
        grants = listed(_ref(r) for r in decision.deciding)
        return text("grading.grants-too-much", grants=grants, action=request.action, resource=request.resource)
    if decision.effect == "ExplicitDeny":
        denies = listed(_ref(r) for r in decision.deciding)
        return text("grading.denied-explicitly", denies=denies, action=request.action)
    allows = [s for stage in decision.trace() for _, sts in stage.policies for s in sts if s.ref.effect == "Allow"]
    if not allows:
        return text("grading.nothing-allowed", action=request.action)
    near = [s for s in allows if s.action_matched]
    if not near:
        return text("grading.action-not-matched", action=request.action)
    chain = resource_chain(request.resource)
    for s in near:
        if s.resource_arn is None:
            if len(chain) > 1:
                return text("grading.resource-nor-project", statement=_ref(s.ref),
                            element=s.statement.resource_element, resource=request.resource, project=chain[1])
            return text("grading.resource-not-matched", statement=_ref(s.ref), element=s.statement.resource_element,
                        resource=request.resource)
    for s in near:
        failing = [c for c in s.conditions if not c.matched]
        if failing:
            return text("grading.condition-false", statement=_ref(s.ref), condition=failing[0].describe())
    return text("grading.no-statement-applies", action=request.action, resource=request.resource)


def _ref(ref: Any) -> str:
    """A statement named as the editor shows it (``statement_place``), without its policy."""
    place = statement_place(ref.index, ref.line, ref.position)
    return f"the {place}" if current_language() == ENGLISH else place  # Chinese has no article
