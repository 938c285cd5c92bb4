"""The guide's four example policies ship as data files, equal the guide's text and mean what it says.

The comparison with the guide reads its text from `../shared/reference/guide-imm-grant-permissions.txt`
beside the repository (the guide is not part of the repository; the test is skipped without it). Each
example is the JSON block under its heading in the guide's "Examples" section; the committed document
must have the same statements, keys, values and key order, with only the placeholder account ID
`150910xxxxxxxxxx` replaced by the emulated account. Whitespace and a missing closing brace at the end
of the guide's text do not count: documents are compared as parsed JSON, key order included.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from immplay import Policy, evaluate, imm_request
from immplay.widgets.policy_menu import example_policies, menu_entries
from immplay.widgets.samples import DEFAULT_ACCOUNT

GUIDE = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "guide-imm-grant-permissions.txt"
PLACEHOLDER = "150910xxxxxxxxxx"
HEADINGS = {
    "full access": "Grant full access",
    "wildcard characters": "Grant access using wildcard characters",
    "specific projects": "Grant specific access permissions on specific projects",
    "specific datasets": "Grant specific access permissions on specific datasets",
}


def guide_examples() -> dict[str, object]:
    """The guide's example documents by title, parsed in order (key order kept)."""
    if not GUIDE.exists():
        pytest.skip(f"the guide's text is not beside the repository ({GUIDE}); it is never copied into it")
    text = GUIDE.read_text(encoding="utf-8")
    examples = text[text.index("\nExamples\n"):]
    starts = {title: examples.index("\n" + heading + "\n") for title, heading in HEADINGS.items()}
    ordered = sorted(starts.items(), key=lambda item: item[1])
    found = {}
    for i, (title, start) in enumerate(ordered):
        end = ordered[i + 1][1] if i + 1 < len(ordered) else len(examples)
        block = examples[start:end]
        block = block[block.index("{"):block.rindex("}") + 1]
        for closing in ("", "}", "}}"):  # the captured text may stop before its last braces
            try:
                found[title] = json.loads(block + closing)
                break
            except json.JSONDecodeError:
                continue
        else:
            raise AssertionError(f"the guide's {title!r} example does not parse as JSON")
    return found


def ordered_form(document: object) -> str:
    """JSON text that keeps key order, so two documents equal only with the same keys in the same order."""
    return json.dumps(document, separators=(",", ":"))


@pytest.mark.parametrize("title", list(HEADINGS))
def test_each_shipped_example_equals_the_guides_text_key_order_included(title):
    guide = ordered_form(guide_examples()[title]).replace(PLACEHOLDER, DEFAULT_ACCOUNT)
    shipped = next(e for e in example_policies() if e.title == title)
    assert ordered_form(shipped.document) == guide
    assert shipped.status.startswith("verbatim") and PLACEHOLDER in shipped.status


def test_the_guides_specific_examples_have_three_statements_each():
    """The guide's "specific projects" and "specific datasets" list on `*` first, then work on ARNs."""
    guide = guide_examples()
    for title in ("specific projects", "specific datasets"):
        statements = guide[title]["Statement"]
        assert len(statements) == 3 and statements[0]["Resource"] == "*"


def decide(title: str, operation: str, project=None, dataset=None, region="cn-shanghai") -> str:
    example = next(e for e in example_policies() if e.title == title)
    policy = Policy.parse(example.document, name=example.slug)
    return evaluate(imm_request(operation, region=region, project=project, dataset=dataset), [policy]).effect


def test_the_four_examples_are_listed_in_the_guides_order_with_their_source():
    examples = example_policies()
    assert [e.title for e in examples] == ["full access", "wildcard characters", "specific projects",
                                           "specific datasets"]
    for e in examples:
        assert e.source.startswith("https://www.alibabacloud.com/help/en/imm/user-guide/grant-permissions-to-a-ram-user")
        Policy.parse(e.document)


@pytest.mark.parametrize(("title", "operation", "project", "dataset", "region", "effect"), [
    ("full access", "DeleteProject", "any", None, "cn-shanghai", "Allow"),
    ("wildcard characters", "GetProject", "imm-test-doc-1", None, "cn-beijing", "Allow"),
    ("wildcard characters", "ListDatasets", "other", None, "cn-shanghai", "ImplicitDeny"),
    ("wildcard characters", "ListProjects", None, None, "cn-shanghai", "ImplicitDeny"),  # authorized on *
    ("specific projects", "ListProjects", None, None, "cn-shanghai", "Allow"),
    ("specific projects", "CreateOfficeConversionTask", "imm-test-doc-proj", None, "cn-shanghai", "Allow"),
    ("specific projects", "CreateOfficeConversionTask", "imm-test-media-proj", None, "cn-shanghai", "ImplicitDeny"),
    ("specific projects", "CreateFigureClusteringTask", "imm-test-media-proj", "faces", "cn-shanghai", "Allow"),
    ("specific projects", "CreateFigureClusteringTask", "imm-test-media-proj", "faces", "cn-beijing", "ImplicitDeny"),
    ("specific datasets", "ListDatasets", "imm-test-media-proj", None, "cn-shanghai", "Allow"),
    ("specific datasets", "IndexFileMeta", "imm-test-doc-proj", "dataset1", "cn-shanghai", "Allow"),
    ("specific datasets", "IndexFileMeta", "imm-test-media-proj", "dataset1", "cn-shanghai", "ImplicitDeny"),
    ("specific datasets", "CreateFigureClusteringTask", "imm-test-media-proj", "dataset1", "cn-shanghai", "Allow"),
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
