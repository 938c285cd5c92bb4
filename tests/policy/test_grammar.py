"""The policy grammar: every problem is collected and named with its JSON pointer, line and column."""

from __future__ import annotations

import json

import pytest

from immplay import Policy, PolicyError


def problems(text_or_dict, kind="identity"):
    with pytest.raises(PolicyError) as info:
        Policy.parse(text_or_dict, kind=kind)
    return info.value.problems


def codes(text_or_dict, kind="identity"):
    return [p.code for p in problems(text_or_dict, kind)]


def doc(*statements, version="1"):
    return {"Version": version, "Statement": list(statements)}


ALLOW_LIST = {"Effect": "Allow", "Action": "imm:ListProjects", "Resource": "*"}


def test_valid_policy_parses_with_statement_lines():
    text = '{\n  "Version": "1",\n  "Statement": [\n    {"Effect": "Allow", "Action": "imm:Get*", "Resource": "*"}\n  ]\n}'
    policy = Policy.parse(text, name="p")
    assert policy.name == "p"
    assert policy.kind == "identity"
    assert policy.statements[0].line == 4
    assert policy.text == text


def test_invalid_json_names_line_and_column():
    text = '{\n  "Version": "1",\n  "Statement": [\n    {"Effect": "Allow",}\n  ]\n}'
    [problem] = problems(text)
    assert problem.code == "InvalidJSON"
    assert (problem.line, problem.column) == (4, 24)
    assert "line 4, column 24" in str(PolicyError([problem]))


def test_every_problem_is_collected_not_only_the_first():
    text = json.dumps(doc({"Effect": "allow", "Action": "imm:Get*"}, {"Effect": "Allow", "Resource": "*"},
                          version="2"), indent=2)
    assert sorted(codes(text)) == sorted(["InvalidVersion", "InvalidEffect", "MissingResource", "MissingAction"])


def test_problem_location_points_at_the_offending_value():
    text = '{"Version": "1",\n "Statement": [{"Effect": "Allow", "Action": "imm:Get*",\n   "Resource": 42}]}'
    [problem] = problems(text)
    assert problem.code == "WrongType"
    assert problem.path == "/Statement/0/Resource"
    assert (problem.line, problem.column) == (3, 16)


def test_dict_input_has_no_line_numbers():
    [problem] = problems(doc({"Effect": "Maybe", "Action": "imm:Get*", "Resource": "*"}))
    assert problem.path == "/Statement/0/Effect"
    assert problem.line is None and problem.column is None


def test_version_must_be_the_string_one():
    assert codes(doc(ALLOW_LIST, version=1)) == ["InvalidVersion"]
    assert codes({"Statement": [ALLOW_LIST]}) == ["MissingVersion"]


def test_statement_may_be_a_single_object():
    policy = Policy.parse({"Version": "1", "Statement": ALLOW_LIST})
    assert len(policy.statements) == 1
    assert policy.statements[0].pointer == "/Statement"


def test_statement_must_be_a_non_empty_list_of_objects():
    assert codes({"Version": "1", "Statement": []}) == ["EmptyValue"]
    assert codes({"Version": "1", "Statement": "Allow"}) == ["WrongType"]
    assert codes({"Version": "1", "Statement": ["Allow"]}) == ["WrongType"]
    assert codes({"Version": "1"}) == ["MissingStatement"]


def test_effect_is_exactly_allow_or_deny_case_sensitive():
    assert codes(doc({**ALLOW_LIST, "Effect": "allow"})) == ["InvalidEffect"]
    assert codes(doc({**ALLOW_LIST, "Effect": True})) == ["InvalidEffect"]
    assert "MissingEffect" in codes(doc({"Action": "imm:Get*", "Resource": "*"}))


def test_exactly_one_of_action_and_not_action():
    assert codes(doc({**ALLOW_LIST, "NotAction": "imm:Delete*"})) == ["ActionConflict"]
    assert codes(doc({"Effect": "Allow", "Resource": "*"})) == ["MissingAction"]
    Policy.parse(doc({"Effect": "Allow", "NotAction": "imm:Delete*", "Resource": "*"}))


def test_action_must_be_service_colon_name():
    [problem] = problems(doc({**ALLOW_LIST, "Action": ["imm:Get*", "ListProjects"]}))
    assert problem.code == "InvalidAction"
    assert problem.path == "/Statement/0/Action/1"
    assert "imm:ListProjects" in problem.message


def test_empty_strings_and_empty_lists_are_refused():
    assert codes(doc({**ALLOW_LIST, "Resource": ""})) == ["EmptyValue"]
    assert codes(doc({**ALLOW_LIST, "Action": []})) == ["EmptyValue"]
    assert codes(doc({**ALLOW_LIST, "Resource": ["*", " "]})) == ["EmptyValue"]


def test_resource_is_required_in_identity_and_session_policies():
    statement = {"Effect": "Allow", "Action": "imm:Get*"}
    assert codes(doc(statement)) == ["MissingResource"]
    assert codes(doc(statement), kind="session") == ["MissingResource"]


def test_resource_and_not_resource_are_exclusive():
    assert codes(doc({**ALLOW_LIST, "NotResource": "acs:imm:*:*:project/x"})) == ["ResourceConflict"]


def test_not_resource_is_accepted_and_left_to_lint():
    policy = Policy.parse(doc({"Effect": "Deny", "Action": "imm:*", "NotResource": "acs:imm:*:*:project/p"}))
    assert policy.statements[0].not_resource


def test_principal_only_in_trust_policies_and_required_there():
    trust_statement = {"Effect": "Allow", "Action": "sts:AssumeRole",
                       "Principal": {"RAM": ["acs:ram::1509100000000000:root"]}}
    Policy.parse(doc(trust_statement), kind="trust")
    assert codes(doc({**ALLOW_LIST, "Principal": {"RAM": "acs:ram::1:root"}})) == ["PrincipalNotAllowed"]
    assert codes(doc({"Effect": "Allow", "Action": "sts:AssumeRole"}), kind="trust") == ["MissingPrincipal"]


def test_trust_policies_have_no_resource():
    statement = {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*",
                 "Principal": {"RAM": "acs:ram::1509100000000000:root"}}
    assert codes(doc(statement), kind="trust") == ["ResourceNotAllowed"]


def test_principal_types_and_forms_are_checked():
    def trust(principal):
        return codes(doc({"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": principal}), kind="trust")
    assert trust({"Ram": ["acs:ram::1:root"]}) == ["InvalidPrincipal"]
    assert trust({"RAM": ["alice"]}) == ["InvalidPrincipal"]
    assert trust({"RAM": ["acs:ram::*:root"]}) == ["InvalidPrincipal"]
    assert trust("acs:ram::1:root") == ["WrongType"]
    Policy.parse(doc({"Effect": "Allow", "Action": "sts:AssumeRole",
                      "Principal": {"Service": "imm.aliyuncs.com"}}), kind="trust")


@pytest.mark.parametrize("operator", ["BoolIfExists", "StringEqualsIfExists", "Null",
                                      "ForAnyValue:StringEqualsIfExists", "ForAllValues:Null"])
def test_unsupported_condition_operators_say_ram_does_not_support_them(operator):
    [problem] = problems(doc({**ALLOW_LIST, "Condition": {operator: {"acs:SourceIp": "10.0.0.1"}}}))
    assert problem.code == "UnsupportedConditionOperator"
    assert "RAM does not support" in problem.message
    assert problem.path == f"/Statement/0/Condition/{operator.replace('/', '~1')}"


def test_unknown_condition_operator_suggests_the_real_one():
    [problem] = problems(doc({**ALLOW_LIST, "Condition": {"StringEqual": {"acs:UserAgent": "x"}}}))
    assert problem.code == "UnknownConditionOperator"
    assert '"StringEquals"' in problem.message


def test_condition_values_are_checked_against_the_operator_type():
    def check(operator, value):
        return codes(doc({**ALLOW_LIST, "Condition": {operator: {"k": value}}}))
    assert check("IpAddress", "10.0.0.300") == ["InvalidConditionValue"]
    assert check("NumericLessThan", "ten") == ["InvalidConditionValue"]
    assert check("DateLessThan", "yesterday") == ["InvalidConditionValue"]
    assert check("Bool", "yes") == ["InvalidConditionValue"]
    assert check("StringEquals", {"nested": 1}) == ["WrongType"]
    assert check("StringEquals", []) == ["EmptyValue"]


def test_sid_and_not_principal_are_refused_as_unsupported_elements():
    [problem] = problems(doc({**ALLOW_LIST, "Sid": "s1"}))
    assert problem.code == "UnsupportedElement"
    assert "Sid" in problem.message


def test_unknown_elements_suggest_the_right_spelling():
    [problem] = problems('{"Version": "1", "Statement": [{"Effect": "Allow", "Actions": "imm:Get*", '
                         '"Action": "imm:Get*", "Resource": "*"}]}')
    assert problem.code == "UnknownElement"
    assert '"Action"' in problem.message
    assert problem.column == 52  # the key itself


def test_the_list_of_elements_marks_not_resource_as_undocumented():
    [problem] = problems(doc({**ALLOW_LIST, "Condtion": {}}))
    assert "NotResource (accepted by RAM but not in Alibaba's documentation)" in problem.message
    assert ", NotResource," not in problem.message


def test_duplicate_keys_are_reported():
    [problem] = problems('{"Version": "1", "Statement": [{"Effect": "Allow", "Effect": "Deny", '
                         '"Action": "imm:Get*", "Resource": "*"}]}')
    assert problem.code == "DuplicateKey"


def test_custom_policy_limit_is_6144_characters():
    filler = [f"acs:imm:cn-shanghai:1509100000000000:project/p{i:04d}" for i in range(200)]
    big = json.dumps(doc({"Effect": "Allow", "Action": "imm:Get*", "Resource": filler}))
    assert len(big) > 6144
    assert codes(big) == ["PolicyTooLong"]
    [problem] = problems(big)
    assert problem.message == f"the document has {len(big):,} characters; RAM allows at most 6,144 in an identity policy"


def test_session_policy_limit_is_2048_characters():
    filler = [f"acs:imm:cn-shanghai:1509100000000000:project/p{i:04d}" for i in range(50)]
    text = json.dumps(doc({"Effect": "Allow", "Action": "imm:Get*", "Resource": filler}))
    assert 2048 < len(text) <= 6144
    Policy.parse(text)
    assert codes(text, kind="session") == ["PolicyTooLong"]
    assert problems(text, kind="session")[0].message.endswith("RAM allows at most 2,048 in a session policy")


def test_wrong_top_level_types_are_reported_not_raised():
    assert codes("[]") == ["WrongType"]
    assert codes("null") == ["WrongType"]
    assert codes('"policy"') == ["WrongType"]


def test_error_message_lists_every_problem_with_its_location():
    text = '{"Version": "1", "Statement": [{"Effect": "Allowed", "Action": "imm:Get*"}]}'
    with pytest.raises(PolicyError) as info:
        Policy.parse(text, name="draft")
    message = str(info.value)
    assert "policy 'draft' is invalid (2 problems)" in message
    assert "line 1, column 43 at /Statement/0/Effect" in message


def test_unknown_kind_is_a_clear_error():
    with pytest.raises(ValueError, match="kind must be one of identity, session, trust"):
        Policy.parse(doc(ALLOW_LIST), kind="resource")
