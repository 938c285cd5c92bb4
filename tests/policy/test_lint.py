"""Lint: every rule, with the severity, code and place in the user's text that a user would see.

Policies are written as indented JSON text (as a user would keep them in a file), so each finding's
line and column are checked against where the offending value sits in that text.
"""

from __future__ import annotations

import itertools
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from immplay import catalog
from immplay.lint import SEVERITIES, Finding, lint
from immplay.policy import Policy, glob_match

ACCOUNT = "1509100000000000"
PROJECT = f"acs:imm:cn-shanghai:{ACCOUNT}:project/p"
DATASET = f"{PROJECT}/dataset/d"


def policy_text(*statements: dict) -> str:
    return json.dumps({"Version": "1", "Statement": list(statements)}, indent=2)


def allow(action: str | list[str], resource: str | list[str] = "*", **extra: object) -> dict:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def position(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the ``occurrence``-th appearance of ``needle`` in ``text``."""
    index = -1
    for _ in range(occurrence + 1):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def only(findings: list[Finding], code: str) -> Finding:
    matching = [f for f in findings if f.code == code]
    assert len(matching) == 1, findings
    return matching[0]


# --- actions ---------------------------------------------------------------------------------------

def test_unknown_imm_action_is_an_error_that_suggests_the_real_name():
    text = policy_text(allow("imm:ListProject"))
    finding = only(lint(text), "unknown-action")
    assert finding.severity == "error"
    assert 'did you mean "imm:ListProjects"' in finding.message
    assert finding.path == "/Statement/0/Action"
    assert (finding.line, finding.column) == position(text, '"imm:ListProject"')


def test_unknown_action_in_a_list_points_at_that_entry():
    text = policy_text(allow(["imm:GetProject", "imm:CreateDatset"], PROJECT))
    finding = only(lint(text), "unknown-action")
    assert finding.path == "/Statement/0/Action/1"
    assert "imm:CreateDataset" in finding.message
    assert (finding.line, finding.column) == position(text, '"imm:CreateDatset"')


def test_wildcard_action_matching_no_operation_is_an_error():
    text = policy_text(allow("imm:Frobnicate*"))
    finding = only(lint(text), "unknown-action")
    assert finding.severity == "error"
    assert '"imm:Frobnicate*" matches no IMM 2020-09-30 operation' in finding.message
    assert (finding.line, finding.column) == position(text, '"imm:Frobnicate*"')


def test_action_in_another_case_is_a_case_suggestion_naming_the_documented_spelling():
    text = policy_text(allow("imm:listprojects"))
    finding = only(lint(text), "action-case")
    assert finding.severity == "suggestion"
    assert '"imm:ListProjects"' in finding.message
    assert (finding.line, finding.column) == position(text, '"imm:listprojects"')
    assert "unknown-action" not in codes(lint(text))


def test_unknown_imm_action_under_not_action_is_an_error_too():
    text = policy_text({"Effect": "Deny", "NotAction": ["imm:GetProject", "imm:ListProject"], "Resource": "*"})
    finding = only(lint(text), "unknown-action")
    assert finding.path == "/Statement/0/NotAction/1"
    assert (finding.line, finding.column) == position(text, '"imm:ListProject"')


def test_known_imm_actions_and_other_services_actions_give_no_action_finding():
    text = policy_text(allow(["imm:ListProjects", "imm:List*", "imm:?etProject", "oss:GetObject", "ecs:Nonsense"]))
    assert not {"unknown-action", "action-case"} & set(codes(lint(text)))


# --- resources against the catalog ------------------------------------------------------------------

def test_dataset_arn_on_a_project_only_action_is_a_resource_mismatch():
    text = policy_text(allow("imm:CreateProject", DATASET))
    finding = only(lint(text), "resource-mismatch")
    assert finding.severity == "error"
    assert "imm:CreateProject is authorized on project ARNs" in finding.message
    assert "verified" in finding.message  # the catalog's confidence stays visible
    assert finding.path == "/Statement/0/Resource"
    assert (finding.line, finding.column) == position(text, f'"{DATASET}"')


def test_specific_arn_on_list_projects_is_a_resource_mismatch_because_it_authorizes_on_star():
    text = policy_text(allow("imm:ListProjects", PROJECT))
    finding = only(lint(text), "resource-mismatch")
    assert finding.severity == "error"
    assert 'only a Resource that matches the string "*" covers it' in finding.message
    assert (finding.line, finding.column) == position(text, f'"{PROJECT}"')


def test_wildcard_action_whose_operations_are_all_unreachable_is_a_resource_mismatch():
    # imm:*Project covers CreateProject, GetProject, ... (project level) and ListProjects (on *):
    # none of them can be authorized on a dataset ARN.
    text = policy_text(allow("imm:*Project", DATASET))
    finding = only(lint(text), "resource-mismatch")
    assert finding.severity == "error"
    assert "none of the IMM operations" in finding.message
    assert (finding.line, finding.column) == position(text, f'"{DATASET}"')


def test_wildcard_action_with_some_reachable_operations_is_not_a_mismatch():
    # imm:List* includes dataset-level listings, so a dataset ARN is a sensible Resource for it.
    assert "resource-mismatch" not in codes(lint(policy_text(allow("imm:List*", DATASET))))


def test_project_arn_on_a_dataset_action_is_only_a_suggestion_since_the_project_grant_covers_its_datasets():
    text = policy_text(allow("imm:CreateFigureClusteringTask", PROJECT))
    findings = lint(text)
    assert codes(findings) == ["project-covers-datasets"]
    finding = findings[0]
    assert finding.severity == "suggestion"
    assert "/dataset/<name>" in finding.message
    assert (finding.line, finding.column) == position(text, f'"{PROJECT}"')


@pytest.mark.parametrize(("action", "resource"), [
    ("imm:CreateFigureClusteringTask", DATASET),
    ("imm:CreateProject", PROJECT),
    ("imm:ListProjects", "*"),
    ("imm:UpdateTrigger", f"{PROJECT}/trigger/*"),
    ("imm:GetBatch", "acs:imm:*:*:project/*"),
    ("imm:GetDataset", "acs:imm:*:*:project/p/dataset/*"),
])
def test_resources_the_catalog_expects_give_no_finding(action, resource):
    assert lint(policy_text(allow(action, resource))) == []


def test_a_project_wildcard_covering_datasets_gets_no_project_suggestion():
    assert lint(policy_text(allow("imm:CreateFigureClusteringTask", "acs:imm:*:*:project/p*"))) == []


# --- over-permissive grants -------------------------------------------------------------------------

@pytest.mark.parametrize(("action", "scope"), [
    ("imm:*", "to IMM"), ("IMM:*", "to IMM"), ("im?:*", "to IMM"), ("*", "to every service"), ("*:*", "to every service"),
])
def test_full_access_on_every_resource_is_a_security_warning(action, scope):
    text = policy_text(allow(action))
    finding = only(lint(text), "full-access")
    assert finding.severity == "security-warning"
    assert f"grants full access {scope}" in finding.message
    assert (finding.line, finding.column) == position(text, f'"{action}"')


def test_full_imm_access_scoped_to_one_project_is_not_flagged():
    assert lint(policy_text(allow("imm:*", PROJECT))) == []


def test_deny_everything_is_not_a_security_warning():
    assert lint(policy_text({"Effect": "Deny", "Action": "imm:*", "Resource": "*"})) == []


@pytest.mark.parametrize("action", ["ram:PassRole", "ram:*", "ram:Pass*", "RAM:passrole"])
def test_pass_role_on_every_resource_without_condition_is_a_security_warning(action):
    text = policy_text(allow(action))
    finding = only(lint(text), "pass-any-role")
    assert finding.severity == "security-warning"
    assert "acs:Service" in finding.message
    assert (finding.line, finding.column) == position(text, f'"{action}"')


def test_pass_role_restricted_by_a_service_condition_is_not_flagged():
    # The PassRole statement of AliyunIMMFullAccess, as documented.
    statement = catalog.system_policies()["AliyunIMMFullAccess"].document["Statement"][3]
    assert statement["Action"] == "ram:PassRole" and "Condition" in statement
    assert lint(policy_text(statement)) == []


def test_allow_with_not_action_is_a_security_warning():
    text = policy_text({"Effect": "Allow", "NotAction": "ram:*", "Resource": "*"})
    finding = only(lint(text), "allow-not-action")
    assert finding.severity == "security-warning"
    assert finding.path == "/Statement/0/NotAction"
    assert (finding.line, finding.column) == position(text, '"ram:*"')


def test_deny_with_not_action_is_not_flagged():
    text = policy_text({"Effect": "Deny", "NotAction": "imm:Get*", "Resource": PROJECT})
    assert "allow-not-action" not in codes(lint(text))


# --- ARNs ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("resource", "words"), [
    ("imm:cn-shanghai:1509100000000000:project/p", "is not an ARN"),
    ("arn:acs:imm:cn-shanghai:1509100000000000:project/p", "is not an ARN"),
    ("acs:imm:cn-shanghai:project/p", "has 4 of the 5 fields"),
    ("acs:imm:cn-shanghai", "has 3 of the 5 fields"),
    ("acs:imm:*:*:projects/p", 'plural "projects/"'),
    ("acs:imm::1509100000000000:project/p", "has an empty region"),
])
def test_malformed_arns_are_errors_at_the_resource(resource, words):
    text = policy_text(allow("imm:GetProject", resource))
    finding = only(lint(text), "malformed-arn")
    assert finding.severity == "error"
    assert words in finding.message
    assert (finding.line, finding.column) == position(text, f'"{resource}"')


def test_empty_region_is_normal_in_a_ram_arn():
    assert lint(policy_text(allow("ram:GetRole", f"acs:ram::{ACCOUNT}:role/worker"))) == []


def test_unknown_region_is_a_warning_that_suggests_the_real_one():
    resource = f"acs:imm:cn-shangai:{ACCOUNT}:project/p"
    text = policy_text(allow("imm:GetProject", resource))
    finding = only(lint(text), "unknown-region")
    assert finding.severity == "warning"
    assert '"cn-shangai"' in finding.message and 'did you mean "cn-shanghai"' in finding.message
    assert (finding.line, finding.column) == position(text, f'"{resource}"')


def test_region_wildcards_are_not_unknown_regions():
    assert lint(policy_text(allow("imm:GetProject", f"acs:imm:cn-*:{ACCOUNT}:project/p"))) == []


def test_documentation_placeholder_account_is_an_error_saying_to_replace_it():
    resource = "acs:imm:cn-shanghai:150910xxxxxxxxxx:project/p"
    text = policy_text(allow("imm:GetProject", resource))
    finding = only(lint(text), "account-id")
    assert finding.severity == "error"
    assert "16 digits" in finding.message and "placeholder" in finding.message
    assert (finding.line, finding.column) == position(text, f'"{resource}"')


@pytest.mark.parametrize("account", ["12345", "150910000000000", "15091000000000001", "15091000000000ab"])
def test_account_ids_that_are_not_16_digits_are_errors(account):
    finding = only(lint(policy_text(allow("imm:GetProject", f"acs:imm:cn-shanghai:{account}:project/p"))),
                   "account-id")
    assert finding.severity == "error"
    assert f'"{account}" is not an account ID' in finding.message


def test_empty_account_in_an_imm_arn_is_an_error():
    resource = "acs:imm:cn-shanghai::project/p"
    text = policy_text(allow("imm:GetProject", resource))
    finding = only(lint(text), "account-id")
    assert finding.severity == "error"
    assert "empty account ID" in finding.message
    assert (finding.line, finding.column) == position(text, f'"{resource}"')


@pytest.mark.parametrize("account", [ACCOUNT, "*", "150910*"])
def test_sixteen_digit_and_wildcard_accounts_are_fine(account):
    assert lint(policy_text(allow("imm:GetProject", f"acs:imm:cn-shanghai:{account}:project/p"))) == []


# --- statements against each other ------------------------------------------------------------------

def test_statement_covered_by_a_broader_one_is_redundant():
    text = policy_text(allow("imm:*", PROJECT), allow("imm:GetProject", PROJECT))
    finding = only(lint(text), "redundant-statement")
    assert finding.severity == "warning"
    assert finding.path == "/Statement/1"
    assert "the statement at line 9 adds nothing: the statement at line 4 already allows" in finding.message
    assert (finding.line, finding.column) == position(text, "{", 2)  # the second statement's object


def test_a_policy_given_as_a_dict_names_its_statements_counted_from_one():
    document = {"Version": "1", "Statement": [allow("imm:*", PROJECT), allow("imm:GetProject", PROJECT)]}
    finding = only(lint(document), "redundant-statement")
    assert finding.message.startswith("the 2nd statement adds nothing: the 1st statement already allows")


def test_redundancy_does_not_depend_on_statement_order():
    text = policy_text(allow("imm:GetProject", PROJECT), allow("imm:Get*", "acs:imm:*:*:project/*"))
    finding = only(lint(text), "redundant-statement")
    assert finding.path == "/Statement/0"


def test_a_duplicate_pair_is_reported_once_on_the_later_statement():
    text = policy_text(allow("imm:GetProject", PROJECT), allow("imm:GetProject", PROJECT))
    finding = only(lint(text), "redundant-statement")
    assert finding.path == "/Statement/1"


def test_a_conditional_statement_makes_nothing_redundant():
    conditional = allow("imm:*", PROJECT, Condition={"Bool": {"acs:SecureTransport": "true"}})
    assert "redundant-statement" not in codes(lint(policy_text(conditional, allow("imm:GetProject", PROJECT))))


def test_allow_fully_covered_by_an_unconditional_deny_is_shadowed():
    text = policy_text(allow("imm:GetProject", PROJECT), {"Effect": "Deny", "Action": "imm:Get*", "Resource": "*"})
    finding = only(lint(text), "shadowed-statement")
    assert finding.severity == "warning"
    assert finding.path == "/Statement/0"
    assert "the statement at line 4 never takes effect: the statement at line 9 denies" in finding.message


def test_a_conditional_deny_shadows_nothing():
    deny = {"Effect": "Deny", "Action": "imm:*", "Resource": "*",
            "Condition": {"Bool": {"acs:SecureTransport": "false"}}}
    assert "shadowed-statement" not in codes(lint(policy_text(allow("imm:GetProject", PROJECT), deny)))


def test_partly_overlapping_statements_are_neither_redundant_nor_shadowed():
    text = policy_text(allow("imm:Get*", PROJECT), allow("imm:GetProject", "acs:imm:*:*:project/*"),
                       {"Effect": "Deny", "Action": "imm:GetDataset", "Resource": "*"})
    assert not {"redundant-statement", "shadowed-statement"} & set(codes(lint(text)))


STRINGS_UP_TO_5 = ["".join(chars) for n in range(6) for chars in itertools.product("abc", repeat=n)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="ab*?", max_size=4), min_size=2, max_size=3),
       st.sampled_from(["Allow", "Deny"]))
def test_a_statement_reported_redundant_never_matches_more_than_the_one_named(patterns, effect):
    """Soundness, checked by brute force over short strings: lint may miss a redundancy, never invent one."""
    statements = [{"Effect": effect, "Action": "oss:GetObject", "Resource": p or "a"} for p in patterns]
    text = policy_text(*statements)
    index_at_line = {st.line: st.index for st in Policy.parse(text).statements}
    for finding in lint(text):
        if finding.code != "redundant-statement":
            continue
        later, earlier = (index_at_line[int(n)] for n in re.findall(r"statement at line (\d+)", finding.message))
        narrow, broad = statements[later]["Resource"], statements[earlier]["Resource"]
        assert all(glob_match(broad, s) for s in STRINGS_UP_TO_5 if glob_match(narrow, s)), (narrow, broad)


def test_many_stars_against_a_long_name_are_compared_without_backtracking():
    """Regression: the coverage check was a backtracking regex; this pair took minutes to lint."""
    stars = allow("oss:GetObject", "acs:oss:*:*:" + "*a" * 30 + "*b")
    long_name = allow("oss:GetObject", "acs:oss:*:*:" + "a" * 60)
    assert "redundant-statement" not in codes(lint(policy_text(stars, long_name)))
    assert "redundant-statement" in codes(lint(policy_text(allow("oss:GetObject", "acs:oss:*:*:" + "*a" * 30),
                                                           long_name)))


# --- NotResource, conditions ------------------------------------------------------------------------

def test_not_resource_is_a_warning_that_ram_does_not_document_it():
    text = policy_text({"Effect": "Allow", "Action": "imm:GetProject", "NotResource": PROJECT})
    finding = only(lint(text), "not-resource")
    assert finding.severity == "warning"
    assert "RAM does not document NotResource" in finding.message
    assert finding.path == "/Statement/0/NotResource"
    assert (finding.line, finding.column) == position(text, f'"{PROJECT}"')


def test_condition_key_in_the_wrong_case_is_a_warning_that_it_never_matches():
    text = policy_text(allow("imm:GetProject", PROJECT, Condition={"IpAddress": {"acs:sourceip": "10.0.0.0/8"}}))
    finding = only(lint(text), "condition-key-case")
    assert finding.severity == "warning"
    assert '"acs:SourceIp"' in finding.message and "always false" in finding.message
    assert finding.path == "/Statement/0/Condition/IpAddress/acs:sourceip"
    assert (finding.line, finding.column) == position(text, '"10.0.0.0/8"')


def test_documented_condition_keys_give_no_finding():
    condition = {"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}, "Bool": {"acs:SecureTransport": "true"},
                 "DateLessThan": {"acs:CurrentTime": "2030-01-01T00:00:00Z"}}
    assert lint(policy_text(allow("imm:GetProject", PROJECT, Condition=condition))) == []


def test_undocumented_acs_condition_key_is_a_suggestion():
    text = policy_text(allow("imm:GetProject", PROJECT, Condition={"StringEquals": {"acs:Foo": "x"}}))
    assert only(lint(text), "unknown-condition-key").severity == "suggestion"


def test_mfa_present_condition_carries_its_unconfirmed_caveat():
    text = policy_text(allow("imm:GetProject", PROJECT, Condition={"Bool": {"acs:MFAPresent": "true"}}))
    finding = only(lint(text), "mfa-present-logon")
    assert finding.severity == "suggestion" and "unconfirmed" in finding.message


# --- trust policies ---------------------------------------------------------------------------------

TRUST_ROOT = {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": [f"acs:ram::{ACCOUNT}:root"]}}


def test_trust_statement_not_covering_assume_role_warns():
    other = {"Effect": "Allow", "Action": "ram:PassRole", "Principal": {"Service": ["imm.aliyuncs.com"]}}
    text = policy_text(TRUST_ROOT, other)
    finding = only(lint(text, kind="trust"), "trust-action")
    assert finding.severity == "warning"
    assert finding.path == "/Statement/1/Action"
    assert (finding.line, finding.column) == position(text, '"ram:PassRole"')


def test_placeholder_account_in_a_trust_principal_is_an_error():
    principal = "acs:ram::150910xxxxxxxxxx:root"
    statement = {"Effect": "Allow", "Action": "sts:AssumeRole",
                 "Principal": {"RAM": [f"acs:ram::{ACCOUNT}:user/alice", principal]}}
    text = policy_text(statement)
    finding = only(lint(text, kind="trust"), "account-id")
    assert finding.severity == "error" and "placeholder" in finding.message
    assert finding.path == "/Statement/0/Principal/RAM/1"
    assert (finding.line, finding.column) == position(text, f'"{principal}"')


def test_service_principals_are_not_read_as_arns():
    statement = {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "imm.aliyuncs.com"}}
    assert lint(policy_text(statement), kind="trust") == []


def test_a_parsed_trust_policy_is_linted_as_a_trust_policy():
    policy = Policy.parse(policy_text(TRUST_ROOT, dict(TRUST_ROOT, Action="sts:*")), kind="trust")
    assert lint(policy) == []


def test_a_trust_policy_linted_as_an_identity_policy_reports_its_grammar_problems():
    findings = lint(policy_text(TRUST_ROOT))
    assert {"PrincipalNotAllowed", "MissingResource"} <= set(codes(findings))
    assert {f.severity for f in findings} == {"error"}


# --- broken documents and the system policies -------------------------------------------------------

def test_a_broken_document_gives_its_grammar_problems_as_error_findings_with_locations():
    text = '{\n  "Version": "1",\n  "Statement": [{"Effect": "allow", "Action": "imm:GetProject"}]\n}'
    findings = lint(text)
    assert [(f.severity, f.code) for f in findings] == [("error", "InvalidEffect"), ("error", "MissingResource")]
    effect = findings[0]
    assert effect.path == "/Statement/0/Effect"
    assert (effect.line, effect.column) == position(text, '"allow"')


def test_invalid_json_is_an_error_finding_naming_line_and_column():
    findings = lint('{"Version": "1",\n  "Statement": [\n')
    assert len(findings) == 1
    assert (findings[0].severity, findings[0].code) == ("error", "InvalidJSON")
    assert findings[0].line == 3


@pytest.mark.parametrize(("name", "expected"), [
    ("AliyunIMMFullAccess", [("security-warning", "full-access")]),
    ("AliyunIMMReadOnlyAccess", []),
    ("AliyunSTSAssumeRoleAccess", []),
    ("AliyunRAMReadOnlyAccess", []),
    ("AliyunRAMFullAccess", [("security-warning", "pass-any-role")]),
    ("AdministratorAccess", [("security-warning", "full-access")]),
])
def test_system_policies_give_the_expected_findings(name, expected):
    assert [(f.severity, f.code) for f in lint(catalog.system_policy(name))] == expected


def test_every_known_system_policy_has_an_expectation_above():
    assert set(catalog.system_policies()) == {
        "AliyunIMMFullAccess", "AliyunIMMReadOnlyAccess", "AliyunSTSAssumeRoleAccess", "AliyunRAMReadOnlyAccess",
        "AliyunRAMFullAccess", "AdministratorAccess"}


# --- the shape of findings ----------------------------------------------------------------------------

def test_findings_come_most_severe_first_then_in_text_order():
    text = policy_text(
        allow("imm:GetProject", PROJECT, Condition={"IpAddress": {"acs:sourceip": "10.0.0.0/8"}}),  # warning
        allow("imm:CreateFigureClusteringTask", PROJECT),  # suggestion
        allow("imm:*"),  # security-warning
        allow("imm:ListProject"),  # error
        allow("imm:GetDatset", PROJECT),  # error, later in the text
    )
    findings = lint(text)
    assert [f.severity for f in findings] == sorted((f.severity for f in findings), key=SEVERITIES.index)
    errors = [f for f in findings if f.severity == "error"]
    assert [f.path for f in errors] == ["/Statement/3/Action", "/Statement/4/Action"]


def test_dict_input_gives_paths_without_lines():
    finding = only(lint({"Version": "1", "Statement": [allow("imm:ListProject")]}), "unknown-action")
    assert (finding.path, finding.line, finding.column) == ("/Statement/0/Action", None, None)


def test_a_finding_reads_as_place_severity_message_and_code():
    text = policy_text(allow("imm:ListProject"))
    finding = only(lint(text), "unknown-action")
    line, column = position(text, '"imm:ListProject"')
    assert str(finding).startswith(f"line {line}, column {column}: error: ")
    assert str(finding).endswith("[unknown-action]")
