"""The IMM catalog: the 105 operations, the resource each is authorized on, and the system policies.

Counts and statuses are the reference's (``reference/imm-actions.json``): only 10 resources come from
Alibaba's RAM tables, the batch operations' resource is a guess, the rest are inferred.
"""

from __future__ import annotations

from collections import Counter

import pytest

import immplay
from immplay import catalog
from immplay.policy import Policy, Request

REGION, ACCOUNT = "cn-shanghai", "1509100000000000"


def test_the_catalog_has_the_105_operations_of_imm_2020_09_30_once_each():
    names = [op.name for op in catalog.operations()]
    assert len(names) == 105
    assert len(set(names)) == 105
    assert all(op.action == f"imm:{op.name}" for op in catalog.operations())
    assert catalog.action_names() == [op.action for op in catalog.operations()]


def test_operations_per_resource_type_match_the_reference():
    counts = Counter(op.resource_type for op in catalog.operations())
    assert counts == {"project": 45, "dataset": 41, "trigger": 7, "batch": 7, "*": 5}


def test_ten_resources_are_verified_and_the_seven_batch_ones_are_guesses():
    statuses = Counter(op.status for op in catalog.operations())
    assert statuses == {"verified": 10, "guess": 7, "inferred": 88}
    assert {op.name for op in catalog.operations() if op.status == "guess"} == {
        op.name for op in catalog.operations() if op.resource_type == "batch"}


def test_every_operation_says_where_its_resource_comes_from():
    for op in catalog.operations():
        assert op.source.strip(), op.name
        assert op.source.lower().startswith(op.status) or (op.status == "guess" and op.source.startswith("GUESS")), op
        if op.status == "verified":
            assert "https://" in op.source, op.name


def test_every_operation_carries_its_parameters_and_sdk_method():
    for op in catalog.operations():
        assert set(op.required_params) <= set(op.params), op.name
        assert set(op.json_encoded_params) <= set(op.params), op.name
        assert op.sdk_method and op.sdk_method == op.sdk_method.lower(), op.name
        if op.resource_type in ("project", "dataset", "trigger", "batch"):
            assert "ProjectName" in op.params, op.name
        if op.resource_type == "dataset":
            assert "DatasetName" in op.params, op.name


@pytest.mark.parametrize(("name", "expected"), [
    ("CreateProject", f"acs:imm:{REGION}:{ACCOUNT}:project/p"),
    ("CreateFigureClusteringTask", f"acs:imm:{REGION}:{ACCOUNT}:project/p/dataset/d"),
    ("UpdateTrigger", f"acs:imm:{REGION}:{ACCOUNT}:project/p/trigger/*"),
    ("CreateBatch", f"acs:imm:{REGION}:{ACCOUNT}:project/p/batch/*"),
    ("ListProjects", "*"),
])
def test_imm_request_builds_the_arn_of_each_resource_type(name, expected):
    dataset = "d" if catalog.operation(name).resource_type == "dataset" else None
    project = None if expected == "*" else "p"
    req = catalog.imm_request(name, region=REGION, account=ACCOUNT, project=project, dataset=dataset)
    assert req == Request(f"imm:{name}", expected)


def test_imm_request_builds_a_resource_for_every_operation_following_its_template():
    for op in catalog.operations():
        dataset = "d1" if op.resource_type == "dataset" else None
        project = None if op.resource_type == "*" else "p1"
        req = immplay.imm_request(op.name, region="cn-beijing", account=ACCOUNT, project=project, dataset=dataset,
                                  context={"acs:SourceIp": "10.0.0.1"})
        expected = (op.arn_template.replace("{regionId}", "cn-beijing").replace("{accountId}", ACCOUNT)
                    .replace("{ProjectName}", "p1").replace("{DatasetName}", "d1"))
        assert (req.action, req.resource, req.context) == (op.action, expected, {"acs:SourceIp": "10.0.0.1"})


def test_contextual_retrieval_authorizes_on_star_even_with_a_project():
    op = catalog.operation("ContextualRetrieval")
    assert (op.resource_type, op.status) == ("*", "verified")
    assert catalog.imm_request("ContextualRetrieval").resource == "*"


def test_operation_accepts_the_action_form_of_the_name():
    assert catalog.operation("imm:ListProjects") is catalog.operation("ListProjects")


def test_unknown_operation_raises_naming_the_closest_real_operations():
    with pytest.raises(catalog.UnknownOperation) as caught:
        catalog.operation("ListProject")
    assert "ListProjects" in caught.value.suggestions
    assert "ListProjects" in str(caught.value) and '"ListProject"' in str(caught.value)
    assert isinstance(caught.value, KeyError) and isinstance(caught.value, ValueError)


def test_unknown_operation_in_imm_request_raises_the_same_error():
    with pytest.raises(catalog.UnknownOperation, match="CreateFigureClusteringTask"):
        immplay.imm_request("CreateFigureClusterTask", project="p", dataset="d")


@pytest.mark.parametrize("project", ["", "1p", "p/q", "p q", "a" * 129, "p*"])
def test_invalid_project_names_raise_a_value_error_naming_the_parameter(project):
    with pytest.raises(ValueError, match="project"):
        catalog.imm_request("GetProject", project=project)


def test_invalid_dataset_name_raises_a_value_error_naming_the_parameter():
    with pytest.raises(ValueError, match=r"dataset='d/1'"):
        catalog.imm_request("GetDataset", project="p", dataset="d/1")


def test_a_dataset_on_a_project_level_operation_raises_naming_the_dataset():
    with pytest.raises(ValueError, match="leave the dataset out"):
        catalog.imm_request("CreateProject", project="p", dataset="d")


def test_a_dataset_operation_without_a_dataset_raises():
    with pytest.raises(ValueError, match="name the dataset"):
        catalog.imm_request("GetDataset", project="p")


@pytest.mark.parametrize(("field", "value"), [("region", "cn:shanghai"), ("account", "*")])
def test_invalid_region_or_account_raise_naming_the_field(field, value):
    with pytest.raises(ValueError, match=field):
        catalog.imm_request("GetProject", project="p", **{field: value})


def test_regions_include_the_public_regions_and_the_default():
    regions = catalog.regions()
    assert catalog.DEFAULT_REGION in regions
    assert set(catalog.public_regions()) <= set(regions)
    assert "cn-shangai" not in regions


# --- system policies ----------------------------------------------------------------------------------

def test_system_policies_parse_and_say_whether_their_content_is_confirmed():
    policies = catalog.system_policies()
    confirmed = {name: sp.confirmed for name, sp in policies.items()}
    assert confirmed == {
        "AliyunIMMFullAccess": True, "AliyunIMMReadOnlyAccess": True, "AliyunSTSAssumeRoleAccess": True,
        "AliyunRAMReadOnlyAccess": True, "AliyunRAMFullAccess": False, "AdministratorAccess": False,
    }
    for name, sp in policies.items():
        assert isinstance(sp.policy, Policy) and sp.policy.name == name
        assert sp.policy.document == sp.document
        if sp.confirmed:
            assert sp.source and "https://" in sp.source, name
        else:  # a guess says so where a user can read it
            assert sp.notes.startswith("GUESS"), name


def test_system_policy_returns_the_parsed_policy():
    assert catalog.system_policy("AliyunIMMFullAccess") is catalog.system_policies()["AliyunIMMFullAccess"].policy
    assert immplay.system_policy("AliyunIMMReadOnlyAccess").statements[0].actions == ("imm:Get*", "imm:List*")


def test_unknown_system_policy_raises_naming_the_closest():
    with pytest.raises(catalog.UnknownPolicy, match="AliyunIMMReadOnlyAccess"):
        catalog.system_policy("AliyunIMMReadonlyAccess")


def _request_for(op: catalog.Operation) -> Request:
    project = None if op.resource_type == "*" else "p"
    dataset = "d" if op.resource_type == "dataset" else None
    return catalog.imm_request(op.name, project=project, dataset=dataset)


def test_read_only_policy_covers_exactly_the_operations_the_catalog_flags():
    read_only = catalog.system_policy("AliyunIMMReadOnlyAccess")
    allowed = {op.name for op in catalog.operations() if immplay.evaluate(_request_for(op), [read_only]).allowed}
    flagged = {op.name for op in catalog.operations() if op.covered_by_readonly_policy}
    assert allowed == flagged
    assert len(flagged) == 23


def test_full_access_policy_allows_every_operation_and_passes_roles_only_to_imm():
    full = catalog.system_policy("AliyunIMMFullAccess")
    assert all(immplay.evaluate(_request_for(op), [full]).allowed for op in catalog.operations())
    role = f"acs:ram::{ACCOUNT}:role/imm-worker"
    to_imm = Request("ram:PassRole", role, {"acs:Service": "imm.aliyuncs.com"})
    to_ecs = Request("ram:PassRole", role, {"acs:Service": "ecs.aliyuncs.com"})
    assert immplay.evaluate(to_imm, [full]).effect == "Allow"
    assert immplay.evaluate(to_ecs, [full]).effect == "ImplicitDeny"


@pytest.mark.parametrize(("resource_type", "what"), [
    ("project", "a project"), ("dataset", "a dataset"), ("trigger", "the triggers of a project"),
    ("batch", "the batch jobs of a project")])
def test_an_arn_without_its_project_says_what_the_operation_is_authorized_on(resource_type, what):
    """The message used to read "authorized on a project of a project"."""
    op = next(o for o in catalog.operations() if o.resource_type == resource_type)
    with pytest.raises(ValueError) as caught:
        op.resource_arn()
    assert str(caught.value) == f"{op.name} is authorized on {what}: name the project"
