"""PolicyPlayground, driven headless: set attributes, read `decisions`, `error` and the rendered HTML."""

from __future__ import annotations

import re

import pytest
from widget_policies import ACCOUNT, allow, deny, policy_text

from immplay import Policy, Request, catalog
from immplay.widgets import PolicyPlayground

LIST_ONLY = policy_text(allow("imm:ListDatasets", f"acs:imm:*:{ACCOUNT}:project/p"))
ALL_IMM = policy_text(allow("imm:*"))


def test_decisions_follow_each_edit_of_the_policy_text():
    pg = PolicyPlayground(LIST_ONLY, requests=[("ListDatasets", "p"), ("GetDataset", "p", "d")])
    assert [d.effect for d in pg.decisions] == ["Allow", "ImplicitDeny"]
    pg.policy_text = ALL_IMM
    assert [d.effect for d in pg.decisions] == ["Allow", "Allow"]
    assert pg.error is None
    assert pg.editor.value == ALL_IMM


def test_the_table_names_statements_that_share_a_line_by_their_position_too():
    text = ('{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:*", "Resource": "*"}, '
            '{"Effect": "Deny", "Action": "imm:Delete*", "Resource": "*"}]}')
    pg = PolicyPlayground(text, requests=[("DeleteDataset", "p", "d")], name="minified")
    assert "minified, statement at line 1, position 89 (Deny)" in pg.table.value
    assert str(pg.decisions[0].deciding[0]) == "minified, statement at line 1, position 89 (Deny)"


def test_typing_in_the_editor_reevaluates_like_setting_policy_text():
    pg = PolicyPlayground(LIST_ONLY, requests=[("GetDataset", "p", "d")])
    pg.editor.value = ALL_IMM  # what the browser's editor sends on every keystroke
    assert pg.decisions[0].effect == "Allow"


def test_table_shows_each_decision_as_symbol_word_and_colour_with_its_deciding_statement():
    text = policy_text(allow("imm:*"), deny("imm:DeleteDataset"))
    pg = PolicyPlayground(text, requests=[("GetDataset", "p", "d"), ("DeleteDataset", "p", "d"), "ListProjects"],
                          name="mine")
    table = pg.table.value
    assert "✔ Allow" in table and "✖ ExplicitDeny" in table
    # one way of pointing, the engine's (str of a StatementRef): the line as the editor shows it (a
    # position only when two statements open on one line); a link selects the statement
    assert re.search(r"mine, statement at line \d+ \(Deny\)", table)  # the Deny decided DeleteDataset
    assert 'data-immplay-line="4" data-immplay-column="5"' in table
    assert "mine, statement at line 4 (Allow)" in table
    assert str(pg.decisions[0].deciding[0]) == "mine, statement at line 4 (Allow)"
    pg.policy_text = policy_text(allow("imm:Get*"))
    assert "∅ ImplicitDeny" in pg.table.value and "no statement matched" in pg.table.value
    # colour is never alone: every badge carries its symbol and its word
    for badge in re.findall(r'<span class="immplay-decision"[^>]*>([^<]*)</span>', pg.table.value):
        assert re.fullmatch(r"(✔ Allow|✖ ExplicitDeny|∅ ImplicitDeny)", badge)


def test_invalid_json_shows_line_and_column_keeps_the_text_and_the_last_good_decisions_marked_stale():
    pg = PolicyPlayground(ALL_IMM, requests=[("GetDataset", "p", "d")])
    broken = ALL_IMM.replace('"Effect": "Allow",', '"Effect": "Allow"')  # a missing comma on line 5
    pg.policy_text = broken
    assert pg.policy_text == broken and pg.editor.value == broken
    assert pg.error is not None and pg.error.problems[0].code == "InvalidJSON"
    [d] = pg.editor.diagnostics
    assert (d["line"], d["severity"], d["code"]) == (6, "error", "InvalidJSON")
    assert "a comma (or a closing ] or }) is missing before" in d["message"]
    assert [d.effect for d in pg.decisions] == ["Allow"]  # the last good result is kept...
    assert "◐ stale" in pg.table.value  # ...and visibly marked stale
    assert 'class="immplay-stale-row' in pg.table.value  # greyed rows
    pg.policy_text = ALL_IMM
    assert pg.error is None and "◐ stale" not in pg.table.value and 'class="immplay-stale-row' not in pg.table.value


def test_grammar_error_names_line_column_and_json_pointer():
    pg = PolicyPlayground(ALL_IMM, requests=["ListProjects"])
    pg.policy_text = ALL_IMM.replace('"Allow"', '"allow"')
    assert pg.error.problems[0].path == "/Statement/0/Effect"
    [d] = pg.editor.diagnostics
    assert (d["line"], d["column"], d["severity"]) == (5, 17, "error")
    assert "line 5, position 17" in pg.static_html()


def test_a_policy_that_never_parsed_shows_no_result_instead_of_inventing_one():
    pg = PolicyPlayground('{"Version": "1", "Statement": [', requests=["ListProjects"])
    assert pg.decisions == []
    assert "No result yet" in pg.table.value
    assert [(d["line"], d["code"]) for d in pg.editor.diagnostics] == [(1, "InvalidJSON")]


def test_lint_findings_are_in_the_editor_at_their_place_in_document_order_after_every_edit():
    pg = PolicyPlayground(policy_text(allow("imm:*"), allow("imm:ListProjectz")), requests=["ListProjects"])
    from immplay.lint import lint

    findings = lint(Policy.parse(pg.policy_text))
    assert findings, "this policy is expected to draw lint findings"
    shown = pg.editor.diagnostics
    assert sorted((d["line"], d["column"], d["code"]) for d in shown) == sorted(
        (f.line, f.column, f.code) for f in findings)
    assert [(d["line"], d["column"]) for d in shown] == sorted((d["line"], d["column"]) for d in shown)
    pg.editor.value = pg.policy_text.replace("imm:ListProjectz", "imm:ListProjects")  # a keystroke
    assert "unknown-action" not in {d["code"] for d in pg.editor.diagnostics}


def test_selecting_a_request_shows_its_explanation():
    text = policy_text(allow("imm:GetDataset", f"acs:imm:*:{ACCOUNT}:project/p/dataset/other"))
    pg = PolicyPlayground(text, requests=["ListProjects", ("GetDataset", "p", "d")])
    pg.request_picker.value = 1
    assert "GetDataset on p/d" in pg.explanation.value
    assert pg.decisions[1].explain().splitlines()[0] in pg.explanation.value
    assert "Resource: no match" in pg.explanation.value


def test_requests_are_accepted_as_requests_tuples_dicts_and_names():
    pg = PolicyPlayground(ALL_IMM, requests=[
        Request("imm:GetProject", f"acs:imm:cn-shanghai:{ACCOUNT}:project/p"),
        catalog.imm_request("GetDataset", project="p", dataset="d"),
        ("CreateFigureClusteringTask", "p", "d", {"acs:SourceIp": "10.0.0.1"}),
        {"operation": "ListDatasets", "project": "p", "region": "cn-beijing"},
        "ListProjects",
    ])
    assert [s.resource for s in pg.samples] == [
        f"acs:imm:cn-shanghai:{ACCOUNT}:project/p",
        f"acs:imm:cn-shanghai:{ACCOUNT}:project/p/dataset/d",
        f"acs:imm:cn-shanghai:{ACCOUNT}:project/p/dataset/d",
        f"acs:imm:cn-beijing:{ACCOUNT}:project/p",
        "*",
    ]
    assert pg.samples[2].context_dict == {"acs:SourceIp": "10.0.0.1"}
    assert len(pg.decisions) == 5 and all(d.effect == "Allow" for d in pg.decisions)


def test_an_unknown_operation_fails_loudly_naming_the_closest_one():
    with pytest.raises(catalog.UnknownOperation, match="ListProjects"):
        PolicyPlayground(ALL_IMM, requests=["ListProject"])


def test_policy_may_be_given_as_dict_or_policy_object():
    doc = {"Version": "1", "Statement": [allow("imm:List*")]}
    assert PolicyPlayground(doc, requests=["ListProjects"]).decisions[0].allowed
    pg = PolicyPlayground(Policy.parse(doc, name="named"), requests=["ListProjects"])
    assert pg.decisions[0].allowed and "named, statement at line 4" in pg.table.value


def test_requests_can_be_added_and_removed_in_the_widget():
    pg = PolicyPlayground(ALL_IMM, requests=["ListProjects"])
    pg.add_operation.value = "GetDataset"
    pg.add_project.value = "p"
    pg.add_dataset.value = "d"
    pg.add_context.value = "acs:SourceIp=10.0.0.1"
    pg.add_button.click()
    assert [s.label() for s in pg.samples] == ["ListProjects on *", "GetDataset on p/d [acs:SourceIp=10.0.0.1]"]
    assert [d.effect for d in pg.decisions] == ["Allow", "Allow"]
    assert "GetDataset" in pg.table.value and "added #2" in pg.form_message.value
    pg.request_picker.value = 0
    pg.remove_button.click()
    assert [s.operation for s in pg.samples] == ["GetDataset"]
    assert "ListProjects" not in pg.table.value


def test_adding_a_request_the_catalog_refuses_explains_why_in_the_form():
    pg = PolicyPlayground(ALL_IMM, requests=[])
    pg.add_operation.value = "GetDataset"
    pg.add_project.value = "p"  # no dataset: GetDataset is authorized on a dataset
    pg.add_button.click()
    assert pg.samples == []
    assert "dataset" in pg.form_message.value and "✖" in pg.form_message.value
    pg.add_context.value = "no-equals-sign"
    pg.add_dataset.value = "d"
    pg.add_button.click()
    assert "key=value" in pg.form_message.value


def test_menu_loads_the_guide_examples_and_system_policies():
    labels = list(PolicyPlayground(ALL_IMM).menu.options)
    assert {"Example: full access", "Example: wildcard characters", "Example: specific projects",
            "Example: specific datasets"} <= set(labels)
    assert "System policy: AliyunIMMReadOnlyAccess" in labels
    pg = PolicyPlayground(ALL_IMM, requests=[("CreateFigureClusteringTask", "imm-test-media-proj", "faces"),
                                             ("GetProject", "imm-test-doc-1")])
    pg.menu.value = "Example: specific projects"
    assert "imm-test-media-proj" in pg.policy_text
    assert [d.effect for d in pg.decisions] == ["Allow", "ImplicitDeny"]
    assert pg.menu.value == "Load a policy…" and "Source:" in pg.menu_note.value
    pg.menu.value = "System policy: AliyunIMMReadOnlyAccess"
    assert [d.effect for d in pg.decisions] == ["ImplicitDeny", "Allow"]


def test_two_thousand_requests_render_one_page_and_a_summary_of_all():
    ops = [op.name for op in catalog.operations() if op.resource_type == "project"][:40]
    requests = [(op, f"p{i}") for op in ops for i in range(50)]
    pg = PolicyPlayground(policy_text(allow("imm:Get*")), requests=requests)
    assert len(requests) == 2000
    assert pg.table.value.count("<tr data-row=") == 25
    counts = pg.model.counts()
    assert sum(counts.values()) == 2000
    assert f"{counts['Allow']}" in pg.table.value and "2000 sample requests" in pg.table.value
    assert pg.page_label.value == "rows 1–25 of 2000 (page 1/80)"
    pg.next_button.click()
    assert pg.page_label.value.startswith("rows 26–50")
    assert '<tr data-row="25"' in pg.table.value


def test_the_starter_policy_is_used_when_none_is_given():
    pg = PolicyPlayground(requests=[("ListDatasets", "my-project")])
    assert pg.error is None and pg.decisions[0].effect == "Allow"


def test_a_keystroke_from_the_browser_reevaluates_and_is_not_echoed_back():
    pg = PolicyPlayground(LIST_ONLY, requests=[("GetDataset", "p", "d")])
    sent = []
    pg.editor._send = lambda msg, buffers=None: sent.append(msg)  # what would go to the browser
    pg.editor.set_state({"value": ALL_IMM})  # the frontend's update message for one keystroke
    assert pg.decisions[0].effect == "Allow"
    assert [m for m in sent if m.get("method") == "echo_update"] == []  # one message less per keystroke


def test_requests_differing_only_by_region_or_account_read_differently_in_the_table():
    pg = PolicyPlayground(ALL_IMM, requests=[
        {"operation": "ListDatasets", "project": "p"},
        {"operation": "ListDatasets", "project": "p", "region": "cn-hangzhou"},
        {"operation": "ListDatasets", "project": "p", "account": "1234567890123456"},
    ])
    table = pg.table.value
    assert "ListDatasets on p</td>" in table
    assert "ListDatasets on p in cn-hangzhou</td>" in table
    assert "ListDatasets on p of account 1234567890123456</td>" in table


def test_the_stale_state_is_marked_in_place_in_a_summary_of_constant_height():
    pg = PolicyPlayground(ALL_IMM, requests=["ListProjects"])
    fresh = pg.table.value
    pg.policy_text = ALL_IMM[:-3]
    stale = pg.table.value
    assert "Decisions follow the policy text as you type." in fresh and "◐ stale" in stale
    line = re.compile(r'<div style="font-size:12px;min-height:1.45em">')
    assert line.search(fresh) and line.search(stale)  # the same two-line slot either way


def test_decisions_are_announced_to_screen_readers_through_the_editor_status():
    pg = PolicyPlayground(ALL_IMM, requests=["ListProjects", ("GetDataset", "p", "d")])
    assert pg.editor.announcement == "2 sample requests: 2 Allow, 0 ExplicitDeny, 0 ImplicitDeny."
    pg.policy_text = "{"
    assert pg.editor.announcement.endswith("(stale: the text does not parse).")


def test_loading_from_the_menu_renames_the_policy_everywhere_it_is_named():
    pg = PolicyPlayground(ALL_IMM, requests=["ListProjects"], name="before")
    assert "before, statement" in pg.table.value
    pg.load_policy("System policy: AliyunIMMReadOnlyAccess")
    assert "before," not in pg.table.value and "AliyunIMMReadOnlyAccess, statement" in pg.table.value
    assert "AliyunIMMReadOnlyAccess" in pg.menu_note.value
