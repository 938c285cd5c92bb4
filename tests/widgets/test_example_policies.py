"""The guide's four example policies ship as data files and mean what the guide says."""

from __future__ import annotations

import pytest

from immplay import Policy, evaluate, imm_request
from immplay.widgets.policy_menu import example_policies, menu_entries


def decide(title: str, operation: str, project=None, dataset=None, region="cn-shanghai") -> str:
    example = next(e for e in example_policies() if e.title == title)
    policy = Policy.parse(example.document, name=example.slug)
    return evaluate(imm_request(operation, region=region, project=project, dataset=dataset), [policy]).effect


def test_the_four_examples_are_listed_in_the_guides_order_with_their_source():
    examples = example_policies()
    assert [e.title for e in examples] == ["full access", "wildcard characters", "specific projects",
                                           "specific datasets"]
    for e in examples:
        assert e.source.startswith("https://") and e.status  # verbatim or reconstructed: said, not hidden
        Policy.parse(e.document)


@pytest.mark.parametrize(("title", "operation", "project", "dataset", "region", "effect"), [
    ("full access", "DeleteProject", "any", None, "cn-shanghai", "Allow"),
    ("wildcard characters", "GetProject", "imm-test-doc-1", None, "cn-beijing", "Allow"),
    ("wildcard characters", "ListDatasets", "other", None, "cn-shanghai", "ImplicitDeny"),
    ("wildcard characters", "ListProjects", None, None, "cn-shanghai", "ImplicitDeny"),  # authorized on *
    ("specific projects", "CreateFigureClusteringTask", "imm-test-media-proj", "faces", "cn-shanghai", "Allow"),
    ("specific projects", "CreateFigureClusteringTask", "imm-test-media-proj", "faces", "cn-beijing", "ImplicitDeny"),
    ("specific datasets", "CreateFigureClusteringTask", "imm-test-media-proj", "imm-test-dataset", "cn-shanghai", "Allow"),
    ("specific datasets", "CreateFigureClusteringTask", "imm-test-media-proj", "faces", "cn-shanghai", "ImplicitDeny"),
])
def test_each_example_grants_what_the_guide_describes(title, operation, project, dataset, region, effect):
    assert decide(title, operation, project, dataset, region) == effect


def test_the_menu_lists_examples_then_system_policies_and_flags_unconfirmed_ones():
    entries = menu_entries()
    assert [e.label for e in entries[:4]] == ["Example: full access", "Example: wildcard characters",
                                              "Example: specific projects", "Example: specific datasets"]
    system = [e.label for e in entries[4:]]
    assert "System policy: AliyunIMMFullAccess" in system
    assert any("(unconfirmed: a guess)" in label for label in system)  # AdministratorAccess is a guess
