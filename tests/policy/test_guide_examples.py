"""The IMM guide's four example policies, each against the requests a trainee would try.

The documents are the guide's ("Grant permissions to a RAM user", section "Examples"), key order
included, with the placeholder account ID 150910xxxxxxxxxx replaced by the emulator's 1509100000000000
(tests/widgets/test_example_policies.py compares the shipped files with the guide's text).
"""

from __future__ import annotations

import pytest

from immplay import Policy, evaluate, imm_request

UID = "1509100000000000"

FULL_ACCESS = {"Version": "1", "Statement": [{"Action": "imm:*", "Resource": "*", "Effect": "Allow"}]}

WILDCARD_CHARACTERS = {"Statement": [{"Effect": "Allow", "Action": ["imm:List*", "imm:Get*"],
                                      "Resource": f"acs:imm:*:{UID}:project/imm-test-doc*"}], "Version": "1"}

SPECIFIC_PROJECTS = {"Statement": [
    {"Effect": "Allow", "Action": ["imm:ListProjects"], "Resource": "*"},
    {"Effect": "Allow", "Action": ["imm:CreateOfficeConversionTask"],
     "Resource": f"acs:imm:cn-shanghai:{UID}:project/imm-test-doc-proj"},
    {"Effect": "Allow", "Action": ["imm:CreateFigureClusteringTask", "imm:CreateFigureClustersMergingTask"],
     "Resource": f"acs:imm:cn-shanghai:{UID}:project/imm-test-media-proj"}], "Version": "1"}

SPECIFIC_DATASETS = {"Statement": [
    {"Effect": "Allow", "Action": ["imm:ListDatasets"], "Resource": "*"},
    {"Effect": "Allow", "Action": ["imm:IndexFileMeta"],
     "Resource": f"acs:imm:cn-shanghai:{UID}:project/imm-test-doc-proj/dataset/dataset1"},
    {"Effect": "Allow", "Action": ["imm:CreateFigureClusteringTask", "imm:CreateFigureClustersMergingTask"],
     "Resource": f"acs:imm:cn-shanghai:{UID}:project/imm-test-media-proj/dataset/dataset1"}], "Version": "1"}


def decide(document, operation, region="cn-shanghai", project=None, dataset=None):
    return evaluate(imm_request(operation, region=region, account=UID, project=project, dataset=dataset),
                    [Policy.parse(document, name="guide-example")]).effect


@pytest.mark.parametrize(("operation", "project", "dataset", "expected"), [
    ("ListProjects", None, None, "Allow"),
    ("CreateProject", "anything", None, "Allow"),
    ("DeleteDataset", "p", "d", "Allow"),
    ("CreateFigureClusteringTask", "imm-test-media-proj", "dataset1", "Allow"),
])
def test_full_access(operation, project, dataset, expected):
    assert decide(FULL_ACCESS, operation, project=project, dataset=dataset) == expected


@pytest.mark.parametrize(("operation", "region", "project", "dataset", "expected"), [
    ("GetProject", "cn-shanghai", "imm-test-doc", None, "Allow"),
    ("GetProject", "cn-beijing", "imm-test-doc-2024", None, "Allow"),
    ("ListDatasets", "cn-hangzhou", "imm-test-doc1", None, "Allow"),
    ("GetDataset", "cn-shanghai", "imm-test-doc1", "scans", "Allow"),
    ("GetProject", "cn-shanghai", "imm-test-media-proj", None, "ImplicitDeny"),
    ("GetProject", "cn-shanghai", "IMM-TEST-DOC", None, "ImplicitDeny"),
    ("UpdateProject", "cn-shanghai", "imm-test-doc", None, "ImplicitDeny"),
    ("SimpleQuery", "cn-shanghai", "imm-test-doc", "scans", "ImplicitDeny"),
    # ListProjects is authorized on "*", which a project pattern never matches.
    ("ListProjects", "cn-shanghai", None, None, "ImplicitDeny"),
])
def test_wildcard_characters(operation, region, project, dataset, expected):
    assert decide(WILDCARD_CHARACTERS, operation, region, project, dataset) == expected


@pytest.mark.parametrize(("operation", "region", "project", "dataset", "expected"), [
    ("CreateFigureClusteringTask", "cn-shanghai", "imm-test-media-proj", "dataset1", "Allow"),
    ("CreateFigureClusteringTask", "cn-shanghai", "imm-test-media-proj", "faces", "Allow"),
    ("CreateFigureClustersMergingTask", "cn-shanghai", "imm-test-media-proj", "dataset1", "Allow"),
    ("CreateFigureClusteringTask", "cn-beijing", "imm-test-media-proj", "dataset1", "ImplicitDeny"),
    ("CreateFigureClusteringTask", "cn-shanghai", "imm-test-media-proj2", "dataset1", "ImplicitDeny"),
    ("QueryFigureClusters", "cn-shanghai", "imm-test-media-proj", "dataset1", "ImplicitDeny"),
    ("GetProject", "cn-shanghai", "imm-test-media-proj", None, "ImplicitDeny"),
    ("ListProjects", "cn-shanghai", None, None, "Allow"),
    ("CreateOfficeConversionTask", "cn-shanghai", "imm-test-doc-proj", None, "Allow"),
    ("CreateOfficeConversionTask", "cn-shanghai", "imm-test-media-proj", None, "ImplicitDeny"),
    ("CreateFigureClusteringTask", "cn-shanghai", "imm-test-doc-proj", "dataset1", "ImplicitDeny"),
])
def test_specific_projects(operation, region, project, dataset, expected):
    assert decide(SPECIFIC_PROJECTS, operation, region, project, dataset) == expected


@pytest.mark.parametrize(("operation", "project", "dataset", "expected"), [
    ("CreateFigureClusteringTask", "imm-test-media-proj", "dataset1", "Allow"),
    ("CreateFigureClustersMergingTask", "imm-test-media-proj", "dataset1", "Allow"),
    ("CreateFigureClusteringTask", "imm-test-media-proj", "dataset2", "ImplicitDeny"),
    ("CreateFigureClusteringTask", "imm-test-media-proj", "dataset10", "ImplicitDeny"),
    ("CreateFigureClusteringTask", "other-proj", "dataset1", "ImplicitDeny"),
    ("GetDataset", "imm-test-media-proj", "dataset1", "ImplicitDeny"),
    ("ListDatasets", "imm-test-media-proj", None, "Allow"),
    ("IndexFileMeta", "imm-test-doc-proj", "dataset1", "Allow"),
    ("IndexFileMeta", "imm-test-doc-proj", "dataset2", "ImplicitDeny"),
    ("IndexFileMeta", "imm-test-media-proj", "dataset1", "ImplicitDeny"),
])
def test_specific_datasets(operation, project, dataset, expected):
    assert decide(SPECIFIC_DATASETS, operation, project=project, dataset=dataset) == expected


def test_specific_projects_explanation_names_the_project_arn_that_matched():
    d = evaluate(imm_request("CreateFigureClusteringTask", account=UID, project="imm-test-media-proj",
                             dataset="dataset1"), [Policy.parse(SPECIFIC_PROJECTS, name="specific-projects")])
    assert "its project (a grant on a project covers the project's datasets)" in " ".join(d.explain().split())


def test_widget_menu_examples_match_the_documents_tested_here():
    """The playground's menu ships the same four documents (as data), so the course shows what is tested."""
    import json
    from importlib import resources

    folder = resources.files("immplay.widgets").joinpath("examples")
    shipped = {json.loads(f.read_text())["title"]: json.loads(f.read_text())["document"]
               for f in folder.iterdir() if f.name.endswith(".json")}
    assert shipped["full access"] == FULL_ACCESS
    assert shipped["wildcard characters"] == WILDCARD_CHARACTERS
    assert shipped["specific projects"] == SPECIFIC_PROJECTS
    assert shipped["specific datasets"] == SPECIFIC_DATASETS
