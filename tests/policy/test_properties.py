"""Properties of the engine over random input (hypothesis).

1. Parsing: any JSON value, any policy-shaped dict and any text gives a ``Policy`` or a
   ``PolicyError`` for all three kinds, never another exception; every problem has a code, a message
   and a JSON pointer that resolves in the document, and for text a line and column inside the text.
2. Evaluation never raises, whatever the request and its context values.
3. Decision and explanation agree: the effect equals the one derived from ``trace()``'s stages,
   ``deciding`` is non-empty exactly when the effect is not ImplicitDeny, and a fresh ``PolicySet``
   decides the same.
4. A naive reference evaluator written here (loops over the statements of the raw documents, one
   ``glob_match`` per pattern, the documented semantics) agrees with immplay's compiled fast path.
   Its set qualifiers follow the usual definitions (ForAnyValue: some request value satisfies the
   operator; ForAllValues: every one does) and immplay's rule for absent keys: a key missing from
   the request, or given as an empty list, makes every condition false.

Random integers are unbounded and include ones beyond a float's range and over Python's 4300-digit
str limit (bugs fixed once already: they used to escape as OverflowError or ValueError).
"""

from __future__ import annotations

import ipaddress
import json
import re
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from immplay import catalog
from immplay.policy import (
    Decision,
    Policy,
    PolicyError,
    PolicySet,
    Principal,
    Request,
    evaluate,
    evaluate_assume_role,
    glob_match,
)

KINDS = ("identity", "session", "trust")
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ACCOUNT = "1509100000000000"

# --- random JSON and policy-shaped documents ---------------------------------------------------------

integers = st.integers() | st.sampled_from([10**400, -(10**400)])
scalars = st.none() | st.booleans() | integers | st.floats() | st.text(max_size=12)
json_values = st.recursive(scalars, lambda children: st.lists(children, max_size=4)
                           | st.dictionaries(st.text(max_size=8), children, max_size=4), max_leaves=20)

OPERATOR_NAMES = [
    "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike",
    "StringNotLike", "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
    "NumericGreaterThan", "NumericGreaterThanEquals", "DateEquals", "DateNotEquals", "DateLessThan",
    "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals", "Bool", "IpAddress", "NotIpAddress",
]
odd_operators = st.sampled_from(["StringEqualsIfExists", "Null", "ForAnyValue:StringEquals", "stringequals",
                                 "Bogus", ""])
element_names = st.sampled_from(["Effect", "Action", "NotAction", "Resource", "NotResource", "Condition",
                                 "Principal", "Sid", "NotPrincipal", "effect"]) | st.text(max_size=6)
string_pieces = st.sampled_from(["imm:*", "imm:GetProject", "*", "", " ", "imm", "acs:imm:*:*:project/p",
                                 "sts:AssumeRole", "10.0.0.0/8", "2024-01-01T00:00:00Z", "true", "12"])
loose_strings = string_pieces | st.text(max_size=10)
loose_string_lists = loose_strings | st.lists(loose_strings | scalars, max_size=3) | json_values
condition_values = loose_strings | scalars | st.lists(loose_strings | scalars, max_size=3)
condition_blocks = st.dictionaries(
    st.sampled_from(OPERATOR_NAMES) | odd_operators,
    st.dictionaries(st.sampled_from(["acs:SourceIp", "k", "", "sts:ExternalId"]) | st.text(max_size=5),
                    condition_values, max_size=2) | scalars,
    max_size=3,
)
principals = st.dictionaries(st.sampled_from(["RAM", "Service", "Federated", "ram", "AWS"]),
                             st.sampled_from([f"acs:ram::{ACCOUNT}:root", "imm.aliyuncs.com", "*"]) | loose_string_lists,
                             max_size=3) | scalars
element_values = {
    "Effect": st.sampled_from(["Allow", "Deny", "allow", ""]) | scalars,
    "Action": loose_string_lists, "NotAction": loose_string_lists,
    "Resource": loose_string_lists, "NotResource": loose_string_lists,
    "Condition": condition_blocks | scalars, "Principal": principals,
}


@st.composite
def policy_shaped_statement(draw: st.DrawFn) -> Any:
    names = draw(st.lists(element_names, max_size=6, unique=True))
    return {name: draw(element_values.get(name, json_values)) for name in names}


policy_shaped = st.fixed_dictionaries(
    {},
    optional={
        "Version": st.sampled_from(["1", 1, "2", ""]) | json_values,
        "Statement": st.lists(policy_shaped_statement(), max_size=3) | policy_shaped_statement() | json_values,
        "Extra": json_values,
    },
)


def resolve(document: Any, pointer: str) -> bool:
    """Whether the JSON pointer names a value in ``document``."""
    if pointer == "":
        return True
    node = document
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False
    return True


def parse_outcome(source: Any, kind: str) -> Policy | PolicyError:
    try:
        return Policy.parse(source, name="random", kind=kind)
    except PolicyError as err:
        return err


def check_problems(err: PolicyError, document: Any | None, text: str | None) -> None:
    assert err.problems, "a PolicyError always lists at least one problem"
    for problem in err.problems:
        assert isinstance(problem.code, str) and re.fullmatch(r"[A-Z][A-Za-z]+", problem.code)
        assert isinstance(problem.message, str) and problem.message
        assert problem.path == "" or problem.path.startswith("/")
        if document is not None:
            assert resolve(document, problem.path), problem
        if text is None:
            assert (problem.line, problem.column) == (None, None)
        elif problem.line is not None:
            lines = text.split("\n")
            assert 1 <= problem.line <= len(lines), problem
            assert 1 <= problem.column <= len(lines[problem.line - 1]) + 1, problem
        assert str(problem) in str(err)


@SETTINGS
@given(json_values | policy_shaped)
def test_any_json_value_as_a_dict_or_as_text_gives_a_policy_or_a_policy_error(value):
    text = json.dumps(value, indent=2)
    for kind in KINDS:
        for source in ([value, text] if isinstance(value, dict) else [text]):
            outcome = parse_outcome(source, kind)
            document = json.loads(text) if isinstance(source, str) else value
            if isinstance(outcome, Policy):
                assert outcome.kind == kind
                assert json.dumps(outcome.document, sort_keys=True) == json.dumps(document, sort_keys=True)
                assert all(s.effect in ("Allow", "Deny") for s in outcome.statements)
            else:
                check_problems(outcome, document, source if isinstance(source, str) else None)
                if isinstance(source, str):  # valid JSON: every problem is placed in the text
                    assert all(p.line is not None for p in outcome.problems), outcome.problems


def _mutations(text: str) -> st.SearchStrategy[str]:
    def mutate(data: tuple[int, str, int]) -> str:
        where, insert, drop = data
        where = where % (len(text) + 1)
        return text[:where] + insert + text[where + drop:]
    return st.tuples(st.integers(0, 10_000), st.sampled_from(["", ",", "}", "]", '"', "{", ":", "\n", "x"]),
                     st.integers(0, 2)).map(mutate)


texts = (st.text(max_size=40)
         | policy_shaped.map(lambda d: json.dumps(d, indent=1)).flatmap(_mutations)
         | st.sampled_from(["", " ", "[", "{", "null", "1e999", '{"Version": "1", "Version": "1"}', "\ufeff{}",
                            '{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:*", '
                            '"Resource": "*"}]}']))


@SETTINGS
@given(texts)
def test_any_text_gives_a_policy_or_a_policy_error_with_lines_inside_the_text(text):
    try:
        document = json.loads(text)
    except ValueError:
        document = None
    for kind, source in [("identity", text), ("session", text), ("trust", text), ("identity", text.encode())]:
        outcome = parse_outcome(source, kind)
        if isinstance(outcome, PolicyError):
            check_problems(outcome, document, text)
        else:
            assert outcome.text == text


def test_bytes_that_are_not_utf8_are_a_policy_error():
    err = parse_outcome(b"\xff\xfe{}", "identity")
    assert isinstance(err, PolicyError) and err.problems[0].code == "InvalidJSON"


@pytest.mark.parametrize(("source", "code"), [
    ({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:*", "Resource": "*",
                                     "Condition": {"NumericEquals": {"k": 10**400}}}]}, "InvalidConditionValue"),
    ('{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:*", "Resource": "*", '
     '"Condition": {"NumericLessThan": {"k": 1' + "0" * 400 + "}}}]}", "InvalidConditionValue"),
    ('{"Version": 1' + "0" * 5000 + "}", "InvalidJSON"),
    ({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:*", "Resource": "*",
                                     "Condition": {"StringEquals": {"k": 10**5000}}}]}, "WrongType"),
    ({1: "x"}, "UnknownElement"),
], ids=["numeric-condition-beyond-float", "same-in-text", "json-integer-over-digit-limit",
        "dict-integer-over-digit-limit", "non-string-key"])
def test_huge_integers_and_non_string_keys_give_a_policy_error(source, code):
    """These used to escape as OverflowError, ValueError, TypeError or AttributeError."""
    outcome = parse_outcome(source, "identity")
    assert isinstance(outcome, PolicyError)
    assert outcome.problems[0].code == code


# --- random but valid policies, built from pieces ----------------------------------------------------

ACTION_PATTERNS = ["imm:*", "imm:Get*", "imm:List*", "imm:?etProject", "imm:GetProject", "IMM:getdataset",
                   "imm:Create*Task", "imm:*Dataset*", "*", "ram:PassRole", "sts:AssumeRole", "imm:Get?ataset",
                   "imm:Delete*", "imm:CreateFigureClusteringTask", "oss:*"]
RESOURCE_PATTERNS = ["*", "acs:imm:*:*:project/p", "acs:imm:*:*:project/p/dataset/d1",
                     "acs:imm:cn-shanghai:*:project/p*", "acs:imm:*:*:project/*/dataset/d?",
                     f"acs:imm:*:{ACCOUNT}:*", "acs:imm:cn-beijing:*:project/q", "acs:imm:*:*:project/p/trigger/*",
                     "acs:ram::*:role/*", "acs:imm:*:*:project/P", "acs:imm:*:*:*/dataset/*", "acs:imm:*:*:project/p/*",
                     "acs:imm:??-shanghai:*:project/q/dataset/*", "acs:*"]

FAMILY_KEYS = {"string": ["s:a", "s:b"], "number": ["n:x"], "date": ["acs:CurrentTime"], "bool": ["acs:SecureTransport"],
               "ip": ["acs:SourceIp"]}
STRING_VALUES = ["alpha", "Alpha", "beta", "al*", "?eta", "imm.aliyuncs.com", "", "a.b"]
NUMBER_VALUES = [0, 1, 2.5, -3, 10, "7", " 2.5 ", "1e2"]
DATES = ["2024-01-01T00:00:00Z", "2024-06-01T12:00:00+08:00", "2025-01-01T00:00:00Z", "2024-01-01T08:00:00+08:00",
         "2023-12-31"]
BOOL_VALUES = [True, False, "true", "false", "TRUE"]
IPS = ["10.0.0.1", "10.1.2.3", "192.168.1.1", "172.16.5.4", "::1", "2001:db8::5"]
NETWORKS = ["10.0.0.0/8", "192.168.1.0/24", "172.16.0.0/12", "10.0.0.1", "2001:db8::/32", "0.0.0.0/0"]
FAMILY_OPERATORS = {
    "string": OPERATOR_NAMES[0:6], "number": OPERATOR_NAMES[6:12], "date": OPERATOR_NAMES[12:18],
    "bool": ["Bool"], "ip": ["IpAddress", "NotIpAddress"],
}
EXPECTED_VALUES = {"string": STRING_VALUES[:6] + ["1", "true"], "number": [0, 1, 2.5, "10", -3], "date": DATES[:4],
                   "bool": ["true", "false", True], "ip": NETWORKS}


def one_or_list(values: st.SearchStrategy, max_size: int = 3) -> st.SearchStrategy:
    return values | st.lists(values, min_size=1, max_size=max_size)


# Strategies are built once: building them inside a composite on every draw dominates the run time.
FAMILY_NAMES = st.sampled_from(sorted(FAMILY_OPERATORS))
FAMILY_PIECES = {family: (st.sampled_from(FAMILY_OPERATORS[family]), st.sampled_from(FAMILY_KEYS[family]),
                          one_or_list(st.sampled_from(EXPECTED_VALUES[family])))
                 for family in FAMILY_OPERATORS}
EFFECTS = st.sampled_from(["Allow", "Allow", "Deny"])
ACTIONS = one_or_list(st.sampled_from(ACTION_PATTERNS))
RESOURCES = one_or_list(st.sampled_from(RESOURCE_PATTERNS))


QUALIFIER_PREFIXES = st.sampled_from(["", "", "ForAnyValue:", "ForAllValues:"])


@st.composite
def condition_block(draw: st.DrawFn) -> dict:
    block: dict = {}
    for _ in range(draw(st.integers(1, 2))):
        operators, keys, values = FAMILY_PIECES[draw(FAMILY_NAMES)]
        block.setdefault(draw(QUALIFIER_PREFIXES) + draw(operators), {})[draw(keys)] = draw(values)
    return block


CONDITIONS = condition_block()


@st.composite
def statement(draw: st.DrawFn) -> dict:
    result: dict = {"Effect": draw(EFFECTS)}
    result["NotAction" if draw(st.integers(0, 9)) == 0 else "Action"] = draw(ACTIONS)
    result["NotResource" if draw(st.integers(0, 9)) == 0 else "Resource"] = draw(RESOURCES)
    if draw(st.integers(0, 2)) == 0:
        result["Condition"] = draw(CONDITIONS)
    return result


def document(statements: list[dict]) -> dict:
    return {"Version": "1", "Statement": statements}


policy_documents = st.lists(statement(), min_size=1, max_size=5).map(document)

REQUEST_ACTIONS = [op.action for op in catalog.operations()] + [
    "imm:getproject", "IMM:GETDATASET", "ram:PassRole", "sts:AssumeRole", "oss:GetObject", "ecs:Run"]
REQUEST_RESOURCES = [
    "*", f"acs:imm:cn-shanghai:{ACCOUNT}:project/p", f"acs:imm:cn-shanghai:{ACCOUNT}:project/p/dataset/d1",
    f"acs:imm:cn-shanghai:{ACCOUNT}:project/p/dataset/d2", f"acs:imm:cn-beijing:{ACCOUNT}:project/q/dataset/dx",
    "acs:imm:cn-beijing:1234567890123456:project/q", f"acs:imm:cn-shanghai:{ACCOUNT}:project/P/dataset/d1",
    f"acs:imm:cn-shanghai:{ACCOUNT}:project/p/trigger/*", f"acs:imm:cn-shanghai:{ACCOUNT}:project/pq",
    f"acs:ram::{ACCOUNT}:role/worker", "acs:oss:*:*:bucket/object", f"acs:imm:cn-shanghai:{ACCOUNT}:project/p/",
]
JUNK_VALUES = [None, {}, [], {"a": 1}, object(), b"10.0.0.1", ("alpha",), {1, 2}, float("nan"), float("inf"),
               datetime(2024, 3, 1, tzinfo=timezone.utc), datetime(2024, 3, 1), timedelta(1), 2**62, 10**400,
               10**5000, "not-a-value"]
FAMILY_VALUES = {"string": STRING_VALUES, "number": NUMBER_VALUES, "date": DATES, "bool": BOOL_VALUES, "ip": IPS}


ALL_FAMILY_VALUES = sum(FAMILY_VALUES.values(), [])
LOOK_ALIKES = [True, False, 1, 0, 1.0, 0.0, "1", "true"]  # equal across types, read differently by type
ODD_VALUES = st.sampled_from(JUNK_VALUES) | st.sampled_from(ALL_FAMILY_VALUES) | st.sampled_from(LOOK_ALIKES)
CONTEXT_PIECES = {family: (st.sampled_from(values), st.lists(st.sampled_from(values), max_size=3),
                           st.lists(st.sampled_from(values) | ODD_VALUES, min_size=1, max_size=3))
                  for family, values in FAMILY_VALUES.items()}


@st.composite
def context(draw: st.DrawFn) -> dict:
    """Mostly values of the key's type; often values of other types, junk, lists, or no value at all.

    Values of every type under one key also check that the condition verdict memo never confuses
    values that compare equal across types (True == 1 == 1.0).
    """
    result: dict = {}
    for family, keys in FAMILY_KEYS.items():
        single, several, mixed = CONTEXT_PIECES[family]
        for key in keys:
            choice = draw(st.integers(0, 9))
            if choice < 4:
                result[key] = draw(single)
            elif choice < 6:
                result[key] = draw(several)
            elif choice < 8:
                result[key] = draw(ODD_VALUES)
            elif choice < 9:
                result[key] = draw(mixed)
            # else: the key is missing
    return result


requests = st.builds(Request, st.sampled_from(REQUEST_ACTIONS), st.sampled_from(REQUEST_RESOURCES), context())

# --- the reference evaluator -------------------------------------------------------------------------


def _listed(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def ref_chain(resource: str) -> list[str]:
    """The resource, then (for an IMM resource below a project) the project ARN: DESIGN's hierarchy."""
    below = re.fullmatch(r"(acs:imm:[^:]*:[^:]*:project/[^/]+)/.*", resource, re.DOTALL)
    return [resource, below.group(1)] if below else [resource]


INVALID = object()


def ref_read(family: str, value: Any, expected: bool = False) -> Any:
    if family == "string":
        if isinstance(value, bool):
            return "true" if value else "false"
        if not isinstance(value, (str, int, float)):
            return INVALID
        try:
            return str(value)
        except ValueError:  # an integer over Python's 4300-digit limit
            return INVALID
    if family == "number":
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            return INVALID
        try:
            number = float(value)
        except (ValueError, OverflowError):
            return INVALID
        return value if isinstance(value, int) else number if number == number and abs(number) != float("inf") \
            else INVALID
    if family == "date":
        if isinstance(value, datetime):
            moment = value
        elif isinstance(value, str):
            text = value.strip()
            try:
                moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
            except ValueError:
                return INVALID
        else:
            return INVALID
        return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    if family == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        return INVALID
    if not isinstance(value, str):
        return INVALID
    try:
        text = value.strip()
        return ipaddress.ip_network(text, strict=False) if expected else ipaddress.ip_address(text)
    except ValueError:
        return INVALID


def ref_compare(operator: str, actual: Any, wanted: Any) -> bool:
    base = operator.replace("Not", "", 1) if operator.startswith(("StringNot", "NumericNot", "DateNot", "NotIp")) \
        else operator
    if base in ("IpAddress",):
        return actual.version == wanted.version and actual in wanted
    if base.endswith("IgnoreCase"):
        return actual.casefold() == wanted.casefold()
    if base == "StringLike":
        return glob_match(wanted, actual)
    if base.endswith("LessThan"):
        return actual < wanted
    if base.endswith("LessThanEquals"):
        return actual <= wanted
    if base.endswith("GreaterThan"):
        return actual > wanted
    if base.endswith("GreaterThanEquals"):
        return actual >= wanted
    return actual == wanted  # ...Equals and Bool


def ref_condition(operator: str, key: str, wanted: list, ctx: dict) -> bool:
    """Values under a key are ORed; a missing key or a value of the wrong type is false, negated or not.

    Qualified: each request value is tested on its own (a negated operator: it matches none of the
    wanted values); ForAnyValue needs one such value, ForAllValues all of them.
    """
    qualifier, _, base = operator.rpartition(":")
    if key not in ctx:
        return False
    family = next(f for f, ops in FAMILY_OPERATORS.items() if base in ops)
    values = ctx[key] if isinstance(ctx[key], (list, tuple)) else [ctx[key]]
    actuals = [ref_read(family, v) for v in values]
    if not actuals or any(a is INVALID for a in actuals):
        return False
    expected = [ref_read(family, w, expected=True) for w in wanted]
    negated = "Not" in base
    if qualifier:
        satisfied = [any(ref_compare(base, a, e) for e in expected) != negated for a in actuals]
        return any(satisfied) if qualifier == "ForAnyValue" else all(satisfied)
    hit = any(ref_compare(base, a, e) for a in actuals for e in expected)
    return not hit if negated else hit


def ref_applies(st_doc: dict, action: str, resource: str, ctx: dict) -> bool:
    if "Action" in st_doc:
        action_ok = any(glob_match(p, action, ignore_case=True) for p in _listed(st_doc["Action"]))
    else:
        action_ok = not any(glob_match(p, action, ignore_case=True) for p in _listed(st_doc["NotAction"]))
    chain = ref_chain(resource)
    if "Resource" in st_doc:
        resource_ok = any(glob_match(p, arn) for p in _listed(st_doc["Resource"]) for arn in chain)
    else:
        resource_ok = not any(glob_match(p, arn) for p in _listed(st_doc["NotResource"]) for arn in chain)
    conditions_ok = all(ref_condition(op, key, _listed(wanted), ctx)
                        for op, block in st_doc.get("Condition", {}).items() for key, wanted in block.items())
    return action_ok and resource_ok and conditions_ok


def ref_stage(documents: list[dict], action: str, resource: str, ctx: dict) -> str:
    effects = {s["Effect"] for d in documents for s in d["Statement"] if ref_applies(s, action, resource, ctx)}
    return "ExplicitDeny" if "Deny" in effects else "Allow" if "Allow" in effects else "ImplicitDeny"


def ref_combine(stages: list[str]) -> str:
    if "ExplicitDeny" in stages:
        return "ExplicitDeny"
    return "Allow" if all(s == "Allow" for s in stages) else "ImplicitDeny"


def ref_evaluate(identity: list[dict], session: dict | None, req: Request) -> str:
    stages = [ref_stage(identity, req.action, req.resource, req.context)]
    if session is not None:
        stages.append(ref_stage([session], req.action, req.resource, req.context))
    return ref_combine(stages)


def effect_from_trace(decision: Decision) -> str:
    return ref_combine([stage.effect for stage in decision.trace()])


def check_decision_is_self_consistent(decision: Decision) -> None:
    assert decision.effect in ("Allow", "ExplicitDeny", "ImplicitDeny")
    assert decision.allowed is (decision.effect == "Allow")
    assert (decision.denied_by is None) is decision.allowed
    assert decision.effect == effect_from_trace(decision)
    assert bool(decision.deciding) is (decision.effect != "ImplicitDeny")
    wanted = {"Allow": "Allow", "ExplicitDeny": "Deny"}.get(decision.effect)
    assert all(ref.effect == wanted for ref in decision.deciding)
    assert all(isinstance(key, str) for key in decision.missing_context)
    explanation = decision.explain()
    assert explanation.startswith(f"Decision: {decision.effect}")
    for ref in decision.deciding:
        assert f"{ref}: APPLIES" in explanation


# --- evaluation properties ---------------------------------------------------------------------------

@SETTINGS
@given(st.lists(policy_documents, min_size=1, max_size=3), st.none() | policy_documents,
       st.lists(requests, min_size=1, max_size=10))
def test_immplay_agrees_with_the_reference_evaluator_and_with_its_own_explanation(identity, session, reqs):
    policies = [Policy.parse(d, name=f"p{i}") for i, d in enumerate(identity)]
    session_policy = Policy.parse(session, name="session", kind="session") if session is not None else None
    for req in reqs:
        decision = evaluate(req, policies, session_policy=session_policy)
        assert decision.effect == ref_evaluate(identity, session, req), (req, decision.explain())
        check_decision_is_self_consistent(decision)
        fresh = PolicySet(list(reversed(policies))).evaluate(req, session_policy=session_policy)
        assert fresh.effect == decision.effect
        if session_policy is not None and decision.effect == "ImplicitDeny":
            stage = {s.stage: s.effect for s in decision.trace()}
            assert decision.denied_by == ("SessionPolicy" if stage["session"] != "Allow" else "IdentityBasedPolicy")


@SETTINGS
@given(st.lists(policy_documents, max_size=2), st.text(min_size=1, max_size=30), st.text(min_size=1, max_size=60),
       st.dictionaries(st.sampled_from(sum(FAMILY_KEYS.values(), [])) | st.text(max_size=5),
                       json_values | st.sampled_from(JUNK_VALUES), max_size=6))
def test_evaluation_never_raises_for_arbitrary_requests_and_context_values(identity, action, resource, ctx):
    policies = [Policy.parse(d) for d in identity]
    decision = evaluate(Request(action, resource, ctx), policies)
    check_decision_is_self_consistent(decision)
    assert decision.effect == ref_evaluate(identity, None, decision.request)


def test_the_condition_verdict_memo_tells_values_of_different_types_apart():
    """True == 1 in Python, but Bool reads 1 as no boolean and the Numeric operators read True as no number."""
    boolean = Policy.parse(document([{"Effect": "Allow", "Action": "imm:*", "Resource": "*",
                                      "Condition": {"Bool": {"acs:SecureTransport": "true"}}}]))
    numeric = Policy.parse(document([{"Effect": "Allow", "Action": "imm:*", "Resource": "*",
                                      "Condition": {"NumericEquals": {"n:x": 1}}}]))
    effects = []
    for policy, first, second in [(boolean, True, 1), (boolean, 1, True), (numeric, 1, True), (numeric, True, 1)]:
        for value in (first, second):
            effects.append(evaluate(Request("imm:GetProject", "*", {"acs:SecureTransport": value, "n:x": value}),
                                    [policy]).effect)
    assert effects == ["Allow", "ImplicitDeny", "ImplicitDeny", "Allow"] * 2


# --- AssumeRole: trust policies --------------------------------------------------------------------

ROLE = f"acs:ram::{ACCOUNT}:role/worker"
PRINCIPALS = [Principal("RAM", f"acs:ram::{ACCOUNT}:user/alice"), Principal("RAM", f"acs:ram::{ACCOUNT}:role/ops"),
              Principal("RAM", "acs:ram::1234567890123456:user/mallory"), Principal("Service", "imm.aliyuncs.com"),
              Principal("Service", "ecs.aliyuncs.com"),
              Principal("Federated", f"acs:ram::{ACCOUNT}:saml-provider/idp")]
NAMED_PRINCIPALS = {
    "RAM": [f"acs:ram::{ACCOUNT}:root", f"acs:ram::{ACCOUNT}:user/alice", "acs:ram::1234567890123456:root"],
    "Service": ["imm.aliyuncs.com"], "Federated": [f"acs:ram::{ACCOUNT}:saml-provider/idp"],
}


TRUST_ACTIONS = one_or_list(st.sampled_from(["sts:AssumeRole", "sts:*", "*", "ram:PassRole", "STS:assumerole"]))
PRINCIPAL_KINDS = st.lists(st.sampled_from(sorted(NAMED_PRINCIPALS)), min_size=1, max_size=3, unique=True)
PRINCIPAL_NAMES = {kind: one_or_list(st.sampled_from(names)) for kind, names in NAMED_PRINCIPALS.items()}
EXTERNAL_IDS = one_or_list(st.sampled_from(["abc", "xyz"]))


@st.composite
def trust_statement(draw: st.DrawFn) -> dict:
    result = {
        "Effect": draw(EFFECTS),
        "Action": draw(TRUST_ACTIONS),
        "Principal": {kind: draw(PRINCIPAL_NAMES[kind]) for kind in draw(PRINCIPAL_KINDS)},
    }
    if draw(st.booleans()):
        result["Condition"] = {"StringEquals": {"sts:ExternalId": draw(EXTERNAL_IDS)}}
    return result


def ref_principal(named: dict, principal: Principal) -> bool:
    for entry in _listed(named.get(principal.type, [])):
        if entry == principal.id:
            return True
        root = re.fullmatch(r"acs:ram::(\d+):root", entry)
        if principal.type == "RAM" and root and principal.id.startswith(f"acs:ram::{root.group(1)}:"):
            return True
    return False


def ref_trust(doc: dict, principal: Principal, ctx: dict) -> str:
    effects = set()
    for s in doc["Statement"]:
        action_ok = any(glob_match(p, "sts:AssumeRole", ignore_case=True) for p in _listed(s["Action"]))
        conditions_ok = all(key in ctx and ctx[key] in _listed(wanted)
                            for block in s.get("Condition", {}).values() for key, wanted in block.items())
        if action_ok and ref_principal(s["Principal"], principal) and conditions_ok:
            effects.add(s["Effect"])
    return "ExplicitDeny" if "Deny" in effects else "Allow" if "Allow" in effects else "ImplicitDeny"


@SETTINGS
@given(st.lists(trust_statement(), min_size=1, max_size=3).map(document), st.sampled_from(PRINCIPALS),
       st.lists(policy_documents, max_size=2), st.none() | policy_documents,
       st.fixed_dictionaries({}, optional={"sts:ExternalId": st.sampled_from(["abc", "xyz", "other"])}))
def test_assume_role_agrees_with_the_reference_and_its_explanation(trust_doc, principal, identity, session, ctx):
    trust = Policy.parse(trust_doc, name="trust", kind="trust")
    policies = [Policy.parse(d) for d in identity]
    session_policy = Policy.parse(session, kind="session") if session is not None else None
    decision = evaluate_assume_role(ROLE, trust, principal, policies, session_policy=session_policy, context=ctx)
    stages = [ref_trust(trust_doc, principal, ctx)]
    if principal.type == "RAM":  # users and role sessions also need their own policies to allow it
        request = Request("sts:AssumeRole", ROLE, ctx)
        stages.append(ref_evaluate(identity, session, request))
    assert decision.effect == ref_combine(stages), decision.explain()
    check_decision_is_self_consistent(decision)
    if decision.effect != "Allow" and stages[0] != "Allow" and ref_combine(stages[1:] or ["Allow"]) == "Allow":
        assert decision.denied_by == "ResourceBasedPolicy"


# --- known engine bugs, pinned -----------------------------------------------------------------------

NUMERIC = Policy.parse(document([{"Effect": "Allow", "Action": "imm:*", "Resource": "*",
                                  "Condition": {"NumericLessThan": {"n:x": 5}}}]))
STRING = Policy.parse(document([{"Effect": "Allow", "Action": "imm:*", "Resource": "*",
                                 "Condition": {"StringEquals": {"n:x": "5"}}}]))


@pytest.mark.parametrize(("policy", "value"), [(NUMERIC, 10**400), (STRING, 10**5000), (NUMERIC, 10**5000)],
                         ids=["numeric-beyond-float", "string-over-digit-limit", "numeric-over-digit-limit"])
def test_a_huge_integer_in_the_context_makes_the_condition_false(policy, value):
    """These used to raise OverflowError or ValueError from the condition's type conversion."""
    decision = evaluate(Request("imm:GetProject", "*", {"n:x": value}), [policy])
    assert decision.effect == "ImplicitDeny"
    assert decision.missing_context == ()


def test_explain_shows_a_huge_integer_context_value_without_raising():
    decision = evaluate(Request("imm:GetProject", "*", {"n:x": 10**5000}), [STRING])
    assert "n:x" in decision.explain()


# --- set qualifiers, one condition at a time ----------------------------------------------------------

@st.composite
def qualified_condition_case(draw: st.DrawFn) -> tuple[str, str, list, dict]:
    family = draw(FAMILY_NAMES)
    operators, keys, values = FAMILY_PIECES[family]
    operator = draw(st.sampled_from(["ForAnyValue:", "ForAllValues:"])) + draw(operators)
    key = draw(keys)
    wanted = _listed(draw(values))
    single, several, mixed = CONTEXT_PIECES[family]
    ctx = draw(st.fixed_dictionaries({}, optional={key: several | single | mixed}))
    return operator, key, wanted, ctx


@SETTINGS
@given(qualified_condition_case())
def test_a_qualified_condition_alone_agrees_with_the_reference_set_semantics(case):
    """Multi-valued request keys are where ForAnyValue and ForAllValues differ; test them one by one."""
    operator, key, wanted, ctx = case
    doc = document([{"Effect": "Allow", "Action": "imm:*", "Resource": "*", "Condition": {operator: {key: wanted}}}])
    decision = evaluate(Request("imm:GetProject", "*", ctx), [Policy.parse(doc)])
    expected = "Allow" if ref_condition(operator, key, wanted, ctx) else "ImplicitDeny"
    assert decision.effect == expected, decision.explain()
    check_decision_is_self_consistent(decision)
    assert decision.missing_context == (() if key in ctx else (key,))
