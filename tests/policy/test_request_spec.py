"""``build_request``: one way to name a request, with wrong input refused naming the option.

Each test pins what a user sees: the ``Request`` built, the warnings, or the ``RequestSpecError``'s
``option`` and message.
"""

from __future__ import annotations

import pytest

import immplay
from immplay import RequestSpecError, build_request


def refused(**spec) -> RequestSpecError:
    action = spec.pop("action", "ListProjects")
    with pytest.raises(RequestSpecError) as caught:
        build_request(action, **spec)
    return caught.value


def test_a_bare_imm_name_gets_the_imm_prefix_whatever_names_the_resource():
    by_resource, _ = build_request("ListProjects", resource="*")
    by_catalog, _ = build_request("ListProjects")
    assert by_resource.action == by_catalog.action == "imm:ListProjects"
    assert by_resource.resource == by_catalog.resource == "*"


def test_an_unknown_imm_operation_is_refused_with_suggestions_also_with_a_resource():
    err = refused(action="imm:GetTaskk", resource="*")
    assert err.option == "action"
    assert 'no operation "imm:GetTaskk"' in str(err) and 'did you mean "GetTask"' in str(err)


def test_a_service_prefix_one_typo_from_a_known_code_is_refused_with_suggestions():
    err = refused(action="imn:GetTask")
    assert err.option == "action"
    assert str(err).startswith('"imn" is not a RAM service code (did you mean "imm"')


def test_other_services_actions_pass_through_and_an_unlisted_service_only_warns():
    request, warnings = build_request("oss:GetObject", resource="acs:oss:*:*:media-bucket/a.jpg")
    assert (request.action, request.resource, warnings) == ("oss:GetObject", "acs:oss:*:*:media-bucket/a.jpg", [])
    request, warnings = build_request("quokka:Hop", resource="*")
    assert request.action == "quokka:Hop"
    assert warnings == ['"quokka" is not a RAM service code immplay knows; the action is checked as given']


def test_a_wildcard_action_is_refused():
    assert refused(action="imm:List*").option == "action"


def test_an_account_that_is_not_16_digits_is_refused():
    err = refused(action="GetProject", project="p", account="123")
    assert (err.option, str(err)) == ("account", '"123" is not an account ID: Alibaba Cloud account IDs have 16 digits')


def test_a_region_that_is_not_an_alibaba_cloud_region_is_refused_with_a_suggestion():
    err = refused(action="GetProject", project="p", region="cn-shangai")
    assert err.option == "region"
    assert str(err) == '"cn-shangai" is not an Alibaba Cloud region id (did you mean "cn-shanghai" or "cn-zhangbei"?)'


def test_region_and_account_are_checked_even_when_the_resource_is_given():
    assert refused(resource="*", region="cn-shangai").option == "region"
    assert refused(resource="*", account="42").option == "account"


@pytest.mark.parametrize(("key", "value", "kind"), [
    ("acs:SourceIp", "notanip", "IP address"),
    ("acs:SourceIp", "10.0.0.0/8", "IP address"),
    ("acs:CurrentTime", "yesterday", "date"),
    ("acs:SecureTransport", "yes", "boolean"),
])
def test_a_malformed_value_of_a_known_context_key_is_refused(key, value, kind):
    err = refused(context={key: value})
    assert err.option == "context"
    assert str(err).startswith(f'{key}="{value}" is not a valid {kind}')


def test_well_formed_known_context_values_and_lists_are_accepted():
    request, warnings = build_request("ListProjects", context={
        "acs:SourceIp": ["10.0.0.1", "2001:db8::1"], "acs:CurrentTime": "2026-11-11T23:59:59Z",
        "acs:SecureTransport": True, "team": "media"})
    assert request.context["acs:SourceIp"] == ["10.0.0.1", "2001:db8::1"]
    assert warnings == []


def test_a_context_key_differing_only_in_case_from_a_known_key_is_a_warning():
    request, warnings = build_request("ListProjects", context={"acs:sourceip": "10.0.0.1"})
    assert request.context == {"acs:sourceip": "10.0.0.1"}
    assert warnings == ['condition keys are case-sensitive: "acs:sourceip" is not "acs:SourceIp", so a policy '
                        "condition on acs:SourceIp does not see this value"]


def test_a_project_operation_without_a_project_names_the_project_option_in_plain_words():
    err = refused(action="GetProject")
    assert (err.option, str(err)) == ("project", "GetProject is authorized on a project: name the project")


def test_a_trigger_operation_without_a_project_says_what_it_is_authorized_on():
    op = next(o for o in immplay.catalog.operations() if o.resource_type == "trigger")
    assert str(refused(action=op.name)) == f"{op.name} is authorized on the triggers of a project: name the project"


def test_a_dataset_operation_names_the_dataset_option():
    assert refused(action="GetDataset", project="p").option == "dataset"
    assert refused(action="GetProject", project="p", dataset="d").option == "dataset"
    assert refused(action="GetDataset", project="p", dataset="bad name").option == "dataset"
    assert refused(action="GetProject", project="1bad").option == "project"


def test_resource_and_project_together_are_refused():
    assert refused(action="GetProject", resource="*", project="p").option == "resource"


@pytest.mark.parametrize("resource", ["project/p", "acs:imm:cn-shanghai:1509100000000000", "acs:imm:cn-shangai:"
                                      "1509100000000000:project/p", "acs:imm:cn-shanghai:123:project/p", ""])
def test_a_resource_that_is_not_a_well_formed_arn_is_refused(resource):
    assert refused(action="GetProject", resource=resource).option == "resource"


def test_a_project_for_another_service_is_refused():
    assert refused(action="oss:GetObject", project="p").option == "project"


def test_a_star_level_operation_warns_that_project_and_resource_are_not_part_of_the_request():
    request, warnings = build_request("ListProjects", project="p")
    assert request.resource == "*" and "not part of the request" in warnings[0]
    _, warnings = build_request("ListProjects", resource="acs:imm:cn-shanghai:1509100000000000:project/p")
    assert warnings == ['imm:ListProjects is authorized on the resource "*"; RAM never checks it against '
                        '"acs:imm:cn-shanghai:1509100000000000:project/p"']


def test_another_services_arn_keeps_its_own_region_field():
    request, _ = build_request("oss:GetObject", resource="acs:oss:oss-cn-hangzhou:1509100000000000:bucket/a.jpg")
    assert request.resource == "acs:oss:oss-cn-hangzhou:1509100000000000:bucket/a.jpg"
