"""IMM 2020-09-30: every catalog operation is authorized; projects, datasets and tasks have state."""

from __future__ import annotations

import json

import pytest
from cloud_clients import Client, allow, make_user

from immplay import catalog
from immplay.cloud.imm import IMM_DENIED_CODE, IMM_DENIED_MESSAGE

ACCOUNT = "1509100000000000"


@pytest.fixture
def full(root):
    return make_user(root, "full", "AliyunIMMFullAccess")


@pytest.fixture
def reader(root):
    return make_user(root, "reader", "AliyunIMMReadOnlyAccess")


def _params(op) -> dict[str, str]:
    """Plausible values for every required parameter of ``op``."""
    values = {"ProjectName": "p", "DatasetName": "d"}
    out = {"ProjectName": "p"} if op.resource_type != "*" else {}
    if op.resource_type == "dataset":
        out["DatasetName"] = "d"
    for name in op.required_params:
        if name in values:
            out[name] = values[name]
        elif name in op.json_encoded_params:
            out[name] = "[]" if name.endswith("s") else "{}"
        else:
            out[name] = "x"
    return out


@pytest.mark.parametrize("op", catalog.operations(), ids=lambda op: op.name)
def test_every_catalog_operation_reaches_authorization(cloud, root, full, op):
    """A full-access user gets a body or OperationNotEmulated (or a state error such as
    ResourceNotFound), never a 403 and never an exception other than CloudError."""
    from immplay.cloud import CloudError
    try:
        body = full("imm", op.name, **_params(op))
    except CloudError as error:
        assert error.http_status != 403
        assert error.code in {"OperationNotEmulated", "ResourceNotFound", "InvalidArgument", "InvalidJSON",
                              "MissingSourceURI", "MissingFrom"}, (error.code, error.message)
    else:
        assert isinstance(body, dict)
    event = cloud.trail[-1]
    assert (event.action, event.decision) == (op.action, "Allow")
    expected = catalog.imm_request(op.name, region="cn-shanghai", account=ACCOUNT,
                                   project="p" if op.resource_type != "*" else None,
                                   dataset="d" if op.resource_type == "dataset" else None)
    assert event.resource == expected.resource


def test_catalog_has_105_operations_and_all_are_routed(cloud):
    assert len(catalog.operations()) == 105
    assert set(cloud._routes["imm"]) == {op.name for op in catalog.operations()}


def test_not_emulated_operation_says_so_after_authorization(full):
    error = full.fails("imm", "DetectImageFaces", ProjectName="p", SourceURI="oss://b/x.jpg")
    assert (error.code, error.http_status) == ("OperationNotEmulated", 400)
    assert "DetectImageFaces" in error.message and "authorized" in error.message


def test_not_emulated_operation_is_still_denied_without_permission(reader):
    error = reader.fails("imm", "DetectImageFaces", ProjectName="p", SourceURI="oss://b/x.jpg")
    assert (error.code, error.http_status, error.message) == (IMM_DENIED_CODE, 403, IMM_DENIED_MESSAGE)


def test_missing_required_imm_parameter(full):
    error = full.fails("imm", "CreateProject")
    assert (error.code, error.http_status) == ("MissingProjectName", 400)


def test_a_dataset_operation_without_dataset_name_cannot_be_authorized(full):
    error = full.fails("imm", "GetBinding", ProjectName="p")
    assert (error.code, error.http_status) == ("MissingDatasetName", 400)


def test_read_only_access_allows_get_and_list_but_not_simple_query_or_create(root, reader):
    root("imm", "CreateProject", ProjectName="p")
    assert reader("imm", "GetProject", ProjectName="p")["Project"]["ProjectName"] == "p"
    assert [p["ProjectName"] for p in reader("imm", "ListProjects")["Projects"]] == ["p"]
    for action, params in (("SimpleQuery", {"ProjectName": "p", "DatasetName": "d"}),
                           ("CreateProject", {"ProjectName": "q"})):
        error = reader.fails("imm", action, **params)
        assert (error.code, error.http_status) == (IMM_DENIED_CODE, 403)
        detail = error.access_denied_detail
        assert detail["AuthAction"] == f"imm:{action}" and detail["NoPermissionType"] == "ImplicitDeny"
        assert detail["AuthPrincipalType"] == "SubUser" and detail["AuthPrincipalDisplayName"] == "reader"


def test_project_lifecycle_and_errors(full):
    project = full("imm", "CreateProject", ProjectName="p", Description="demo")["Project"]
    assert project["ServiceRole"] == "AliyunIMMDefaultRole" and project["Description"] == "demo"
    assert project["CreateTime"] == "2026-01-01T08:00:00.000000000+08:00"
    error = full.fails("imm", "CreateProject", ProjectName="p")
    assert (error.code, error.http_status, error.message) == (
        "ResourceAlreadyExists", 400, "The specified resource project already exists.")
    updated = full("imm", "UpdateProject", ProjectName="p", Description="new")["Project"]
    assert updated["Description"] == "new"
    assert full("imm", "DeleteProject", ProjectName="p") == {}
    error = full.fails("imm", "GetProject", ProjectName="p")
    assert (error.code, error.http_status, error.message) == (
        "ResourceNotFound", 400, "The specified resource project is not found.")


def test_project_name_rule_is_invalid_argument(full):
    error = full.fails("imm", "CreateProject", ProjectName="1starts-with-digit")
    assert (error.code, error.http_status) == ("InvalidArgument", 400)
    assert error.message == ("The parameter ProjectName is invalid: '1starts-with-digit' must be 1-128 characters "
                             "of letters, digits, '_' and '-', starting with a letter or '_'.")


def test_dataset_name_rule_is_invalid_argument_naming_the_dataset_parameter(full):
    error = full.fails("imm", "GetDataset", ProjectName="p", DatasetName="a/b")
    assert (error.code, error.http_status) == ("InvalidArgument", 400)
    assert error.message.startswith("The parameter DatasetName is invalid: 'a/b' must be 1-128 characters")


def test_list_projects_pages_with_next_token_and_prefix(full):
    for name in ("a1", "a2", "a3", "b1"):
        full("imm", "CreateProject", ProjectName=name)
    first = full("imm", "ListProjects", MaxResults=2, Prefix="a")
    assert [p["ProjectName"] for p in first["Projects"]] == ["a1", "a2"]
    rest = full("imm", "ListProjects", MaxResults=2, Prefix="a", NextToken=first["NextToken"])
    assert [p["ProjectName"] for p in rest["Projects"]] == ["a3"] and "NextToken" not in rest


def test_projects_belong_to_the_region_of_the_call(cloud, root):
    hangzhou = Client(cloud, root.key_id, region="cn-hangzhou")
    hangzhou("imm", "CreateProject", ProjectName="p")
    assert root("imm", "ListProjects") == {"Projects": []}
    assert [p["ProjectName"] for p in hangzhou("imm", "ListProjects")["Projects"]] == ["p"]


def test_region_scoped_grant_authorizes_only_that_region(cloud, root):
    shanghai_only = make_user(root, "sh", custom=allow("imm:*", f"acs:imm:cn-shanghai:{ACCOUNT}:project/*"))
    assert shanghai_only("imm", "CreateProject", ProjectName="p")["Project"]
    elsewhere = Client(cloud, shanghai_only.key_id, region="cn-beijing")
    error = elsewhere.fails("imm", "CreateProject", ProjectName="p")
    assert error.http_status == 403
    assert error.access_denied_detail["AuthAction"] == "imm:CreateProject"


def test_dataset_lifecycle(full):
    assert full.fails("imm", "CreateDataset", ProjectName="p", DatasetName="d").message == \
        "The specified resource project is not found."
    full("imm", "CreateProject", ProjectName="p")
    dataset = full("imm", "CreateDataset", ProjectName="p", DatasetName="d")["Dataset"]
    assert (dataset["ProjectName"], dataset["DatasetName"], dataset["FileCount"]) == ("p", "d", 0)
    assert full.fails("imm", "CreateDataset", ProjectName="p", DatasetName="d").code == "ResourceAlreadyExists"
    assert [d["DatasetName"] for d in full("imm", "ListDatasets", ProjectName="p")["Datasets"]] == ["d"]
    assert full("imm", "UpdateDataset", ProjectName="p", DatasetName="d", Description="x")["Dataset"][
        "Description"] == "x"
    assert full("imm", "GetProject", ProjectName="p")["Project"]["DatasetCount"] == 1
    assert full("imm", "DeleteDataset", ProjectName="p", DatasetName="d") == {}
    assert full.fails("imm", "GetDataset", ProjectName="p", DatasetName="d").message == \
        "The specified resource dataset is not found."


def test_dataset_grant_covers_that_dataset_only(root):
    root("imm", "CreateProject", ProjectName="p")
    for name in ("d1", "d2"):
        root("imm", "CreateDataset", ProjectName="p", DatasetName=name)
    user = make_user(root, "u", custom=allow("imm:*", f"acs:imm:*:{ACCOUNT}:project/p/dataset/d1"))
    assert user("imm", "CreateFigureClusteringTask", ProjectName="p", DatasetName="d1")["TaskId"]
    error = user.fails("imm", "CreateFigureClusteringTask", ProjectName="p", DatasetName="d2")
    assert error.http_status == 403
    assert error.access_denied_detail["AuthAction"] == "imm:CreateFigureClusteringTask"


def test_tasks_are_recorded_and_readable(full):
    full("imm", "CreateProject", ProjectName="p")
    full("imm", "CreateDataset", ProjectName="p", DatasetName="d")
    office = full("imm", "CreateOfficeConversionTask", ProjectName="p", TargetType="pdf",
                  SourceURI="oss://bucket/a.docx", UserData="mine")
    assert office["TaskId"].startswith("OfficeConversion-") and office["EventId"]
    clustering = full("imm", "CreateFigureClusteringTask", ProjectName="p", DatasetName="d")
    merging = full("imm", "CreateFigureClustersMergingTask", ProjectName="p", DatasetName="d", To="c1", From="c2")
    assert clustering["TaskId"].startswith("FigureClustering-")
    assert merging["TaskId"].startswith("FigureClustersMerging-")
    task = full("imm", "GetTask", ProjectName="p", TaskId=office["TaskId"], TaskType="OfficeConversion",
                RequestDefinition="true")
    assert (task["Status"], task["UserData"], task["ProjectName"]) == ("Succeeded", "mine", "p")
    assert json.loads(task["TaskRequestDefinition"])["SourceURI"] == "oss://bucket/a.docx"
    assert full.fails("imm", "GetTask", ProjectName="p", TaskId=office["TaskId"],
                      TaskType="FigureClustering").code == "ResourceNotFound"
    listed = full("imm", "ListTasks", ProjectName="p", TaskTypes=json.dumps(["FigureClustering"]))
    assert [t["TaskId"] for t in listed["Tasks"]] == [clustering["TaskId"]]
    assert len(full("imm", "ListTasks", ProjectName="p")["Tasks"]) == 3


def test_index_file_meta_counts_the_file(full):
    full("imm", "CreateProject", ProjectName="p")
    full("imm", "CreateDataset", ProjectName="p", DatasetName="d")
    body = full("imm", "IndexFileMeta", ProjectName="p", DatasetName="d",
                File=json.dumps({"URI": "oss://bucket/cat.jpg", "Size": 10}))
    assert set(body) == {"EventId"}
    dataset = full("imm", "GetDataset", ProjectName="p", DatasetName="d")["Dataset"]
    assert (dataset["FileCount"], dataset["TotalFileSize"]) == (1, 10)
    assert full.fails("imm", "IndexFileMeta", ProjectName="p", DatasetName="d", File="{bad").code == "InvalidJSON"
