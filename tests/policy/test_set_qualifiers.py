"""``ForAnyValue:`` and ``ForAllValues:`` in front of every base operator: parsed, decided, explained, linted.

Real RAM accepts them (Alibaba's own Terraform module PowerUserAccess uses
``ForAllValues:StringEquals`` on ``ram:TrustedPrincipalTypes``); Alibaba does not document their
semantics, so immplay assumes the usual ones and says so. A request without the key (or with an
empty list) makes a qualified condition false, like every other condition.
"""

from __future__ import annotations

import pytest

import immplay
from immplay import Policy, PolicyError, Request, evaluate
from immplay.policy.conditions import OPERATORS

ROLE = "acs:ram:*:1509100000000000:role/worker"


def allow_if(operator: str, key: str, values, effect: str = "Allow") -> Policy:
    return Policy.parse({"Version": "1", "Statement": [{
        "Effect": effect, "Action": "ram:CreateRole", "Resource": "acs:ram:*:*:role/*",
        "Condition": {operator: {key: values}}}]}, name="p")


def decide(policy: Policy, context: dict) -> immplay.Decision:
    return evaluate(Request("ram:CreateRole", ROLE, context), [policy])


@pytest.mark.parametrize("qualifier", ["ForAnyValue", "ForAllValues"])
@pytest.mark.parametrize("base", sorted(OPERATORS))
def test_every_base_operator_parses_behind_either_qualifier(qualifier, base):
    value = {"IP address": "10.0.0.0/8", "number": 1, "date": "2026-01-01T00:00:00Z", "boolean": "true",
             "string": "x"}[OPERATORS[base].type_name]
    policy = allow_if(f"{qualifier}:{base}", "k", value)
    assert policy.statements[0].conditions[0].qualifier == qualifier


def test_the_terraform_power_user_condition_allows_only_service_trusted_roles():
    policy = allow_if("ForAllValues:StringEquals", "ram:TrustedPrincipalTypes", "Service")
    assert decide(policy, {"ram:TrustedPrincipalTypes": ["Service"]}).effect == "Allow"
    assert decide(policy, {"ram:TrustedPrincipalTypes": "Service"}).effect == "Allow"
    assert decide(policy, {"ram:TrustedPrincipalTypes": ["Service", "RAM"]}).effect == "ImplicitDeny"


def test_for_any_value_needs_one_request_value_in_the_policy_values():
    policy = allow_if("ForAnyValue:StringEquals", "acs:ResourceTag/team", ["media", "ops"])
    assert decide(policy, {"acs:ResourceTag/team": ["finance", "ops"]}).effect == "Allow"
    assert decide(policy, {"acs:ResourceTag/team": ["finance", "sales"]}).effect == "ImplicitDeny"


def test_negated_operators_apply_to_each_request_value():
    any_not = allow_if("ForAnyValue:StringNotEquals", "k", ["a"])
    all_not = allow_if("ForAllValues:StringNotEquals", "k", ["a"])
    assert decide(any_not, {"k": ["a", "b"]}).effect == "Allow"  # "b" is not "a"
    assert decide(all_not, {"k": ["a", "b"]}).effect == "ImplicitDeny"  # "a" is
    assert decide(all_not, {"k": ["b", "c"]}).effect == "Allow"
    not_ip = allow_if("ForAllValues:NotIpAddress", "acs:SourceIp", "10.0.0.0/8")
    assert decide(not_ip, {"acs:SourceIp": ["192.168.0.1", "10.1.1.1"]}).effect == "ImplicitDeny"


def unwrapped(text):
    """The explanation with its line wrapping undone (it wraps at 100 characters)."""
    return " ".join(text.split())


def test_a_missing_key_makes_a_qualified_condition_false_and_is_listed_as_missing_context():
    for operator in ("ForAnyValue:StringEquals", "ForAllValues:StringEquals", "ForAllValues:StringNotEquals"):
        decision = decide(allow_if(operator, "ram:TrustedPrincipalTypes", "Service"), {})
        assert decision.effect == "ImplicitDeny"
        assert decision.missing_context == ("ram:TrustedPrincipalTypes",)


def test_an_empty_list_is_no_values_so_for_all_values_is_not_vacuously_true():
    decision = decide(allow_if("ForAllValues:StringEquals", "k", "Service"), {"k": []})
    assert decision.effect == "ImplicitDeny"
    assert 'the request\'s k has no values -> false' in unwrapped(decision.explain())


def test_a_deny_with_for_all_values_does_not_apply_without_the_key():
    deny = allow_if("ForAllValues:StringNotEquals", "k", "Service", effect="Deny")
    assert decide(deny, {}).effect == "ImplicitDeny"
    assert decide(deny, {"k": ["RAM"]}).effect == "ExplicitDeny"


def test_a_request_value_of_the_wrong_type_makes_it_false():
    policy = allow_if("ForAnyValue:IpAddress", "acs:SourceIp", "10.0.0.0/8")
    assert decide(policy, {"acs:SourceIp": ["10.0.0.1", "not-an-ip"]}).effect == "ImplicitDeny"


def test_the_explanation_goes_value_by_value_and_says_the_semantics_are_assumed():
    policy = allow_if("ForAllValues:StringEquals", "ram:TrustedPrincipalTypes", "Service")
    text = unwrapped(decide(policy, {"ram:TrustedPrincipalTypes": ["Service", "RAM"]}).explain())
    assert ('Condition: ForAllValues:StringEquals ram:TrustedPrincipalTypes: every request value must match one '
            'of ["Service"]: "Service" matches, "RAM" does not match -> false') in text
    assert "Alibaba does not document ForAnyValue/ForAllValues" in text
    assert "a key without values makes the condition false" in text
    text = unwrapped(decide(allow_if("ForAnyValue:StringNotLike", "k", "a*"), {"k": ["abc", "xyz"]}).explain())
    assert ('ForAnyValue:StringNotLike k: at least one request value must match none of ["a*"]: '
            '"abc" does not match, "xyz" matches -> true') in text


@pytest.mark.parametrize(("operator", "code", "hint"), [
    ("forallvalues:StringEquals", "UnknownConditionOperator", '(did you mean "ForAllValues:StringEquals"?)'),
    ("ForAllValue:StringEquals", "UnknownConditionOperator", '(did you mean "ForAllValues:StringEquals"?)'),
    ("ForAnyValue:StringEqual", "UnknownConditionOperator", '(did you mean "ForAnyValue:StringEquals"?)'),
    ("ForAnyValue:BoolIfExists", "UnsupportedConditionOperator", 'use "ForAnyValue:Bool"'),
    ("ForAllValues:Null", "UnsupportedConditionOperator", "RAM does not support the Null condition operator"),
    ("Any:StringEquals", "UnknownConditionOperator", "the only qualifiers are ForAnyValue: and ForAllValues:"),
])
def test_a_bad_qualified_operator_is_an_error_at_its_line_and_column(operator, code, hint):
    text = ('{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ram:CreateRole",\n'
            '  "Resource": "*", "Condition": {"' + operator + '": {"k": "v"}}}]}')
    with pytest.raises(PolicyError) as info:
        Policy.parse(text)
    [problem] = info.value.problems
    assert (problem.code, problem.line, problem.column) == (code, 2, 34)  # the operator key's opening quote
    assert hint in problem.message


def test_a_bad_value_under_a_qualified_operator_names_the_base_type():
    with pytest.raises(PolicyError) as info:
        allow_if("ForAnyValue:IpAddress", "acs:SourceIp", "10.0.0.300")
    assert info.value.problems[0].message == 'ForAnyValue:IpAddress acs:SourceIp: "10.0.0.300" is not a valid IP address'


def test_lint_warns_that_alibaba_does_not_document_the_qualifiers():
    findings = immplay.lint(allow_if("ForAllValues:StringEquals", "ram:TrustedPrincipalTypes", "Service"))
    [finding] = [f for f in findings if f.code == "undocumented-set-qualifier"]
    assert finding.severity == "warning"
    assert finding.message.startswith('Alibaba does not document "ForAllValues:"; real RAM accepts it')
    assert not any(f.severity == "error" for f in findings)


def test_lint_tells_a_deny_with_for_all_values_what_happens_without_the_key():
    deny = allow_if("ForAllValues:StringNotEquals", "k", "Service", effect="Deny")
    [finding] = [f for f in immplay.lint(deny) if f.code == "undocumented-set-qualifier"]
    assert "this Deny does not apply to such a request" in finding.message
