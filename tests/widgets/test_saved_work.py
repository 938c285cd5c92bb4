"""Work is not lost: export/import as JSON and a file, share codes, and restore when a cell is re-run."""

from __future__ import annotations

import json

import pytest
from widget_policies import allow, policy_text

from immplay.widgets import PolicyPlayground, saved_work

START = policy_text(allow("imm:ListDatasets", "acs:imm:*:*:project/p"))
EDITED = policy_text(allow("imm:*"))
REQUESTS = [("ListDatasets", "p"), ("GetDataset", "p", "d", {"acs:SourceIp": "10.0.0.1"}), "ListProjects"]


def edited_playground() -> PolicyPlayground:
    pg = PolicyPlayground(START, requests=REQUESTS, name="team-policy")
    pg.policy_text = EDITED
    pg.add_request(("CreateFigureClusteringTask", "p", "d"))
    return pg


def test_export_state_is_json_with_the_policy_text_and_requests_and_imports_back():
    pg = edited_playground()
    state = json.loads(pg.export_state())
    assert state["format"] == "immplay-playground" and state["policy_text"] == EDITED
    assert state["requests"][1] == {"operation": "GetDataset", "project": "p", "dataset": "d",
                                    "context": {"acs:SourceIp": "10.0.0.1"}}
    again = PolicyPlayground.from_state(pg.export_state())
    assert again.policy_text == EDITED and again.model.name == "team-policy"
    assert [s.label() for s in again.samples] == [s.label() for s in pg.samples]
    assert [d.effect for d in again.decisions] == [d.effect for d in pg.decisions] == ["Allow"] * 4


def test_save_and_load_round_trip_through_a_file(tmp_path):
    pg = edited_playground()
    path = pg.save(tmp_path / "work.json")
    loaded = PolicyPlayground.load(path)
    assert loaded.policy_text == EDITED and len(loaded.samples) == 4


def test_an_invalid_policy_text_is_saved_as_typed():
    pg = PolicyPlayground(START, requests=REQUESTS)
    pg.policy_text = START[:-5]
    loaded = PolicyPlayground.from_state(pg.export_state())
    assert loaded.policy_text == START[:-5] and loaded.error is not None


def test_share_code_is_url_safe_and_round_trips():
    pg = edited_playground()
    code = pg.share_code
    assert set(code) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    wrapped = "\n".join(code[i:i + 40] for i in range(0, len(code), 40))  # as pasted from an e-mail
    again = PolicyPlayground.from_share_code(wrapped)
    assert again.policy_text == EDITED
    assert [s.label() for s in again.samples] == [s.label() for s in pg.samples]


def test_a_damaged_share_code_is_refused_with_a_clear_message():
    code = edited_playground().share_code
    with pytest.raises(ValueError, match="damaged or incomplete"):
        PolicyPlayground.from_share_code(code[: len(code) // 2])


def test_the_share_box_in_the_widget_shows_and_loads_a_code():
    source = edited_playground()
    target = PolicyPlayground(START, requests=["ListProjects"])
    source.share_button.click()
    assert source.share_box.value == source.share_code
    target.share_box.value = source.share_box.value
    target.load_share_button.click()
    assert target.policy_text == EDITED and len(target.samples) == 4
    assert "loaded 4 request(s)" in target.share_message.value
    target.share_box.value = "not a code"
    target.load_share_button.click()
    assert "✖" in target.share_message.value and target.policy_text == EDITED


def test_rerunning_the_cell_restores_the_last_edited_text():
    first = PolicyPlayground(START, requests=REQUESTS)
    first.policy_text = EDITED
    rerun = PolicyPlayground(START, requests=REQUESTS)  # the same cell, run again in the same kernel
    assert rerun.policy_text == EDITED and rerun.restored
    assert rerun.decisions[1].effect == "Allow"


def test_a_restored_playground_says_so_and_goes_back_to_the_original_on_request():
    first = PolicyPlayground(START, requests=REQUESTS, key="restore-notice")
    assert first.restore_row.layout.display == "none"  # nothing restored, nothing said
    first.policy_text = '{"Version": "1", "Statement": ['  # even broken work comes back...
    rerun = PolicyPlayground(START, requests=REQUESTS, key="restore-notice")
    assert rerun.restored and rerun.restore_row.layout.display == "flex"
    assert "your last text is back (even if it does not parse)" in rerun.restore_note.value
    rerun.original_button.click()  # ...and the original is one click away
    assert rerun.policy_text == START and rerun.editor.value == START and rerun.error is None
    assert rerun.restore_row.layout.display == "none"


def test_restore_uses_the_key_and_can_be_turned_off():
    a = PolicyPlayground(START, key="exercise-1")
    a.policy_text = EDITED
    assert PolicyPlayground(EDITED.replace("imm:*", "imm:Get*"), key="exercise-1").policy_text == EDITED
    assert PolicyPlayground(START, key="exercise-2").policy_text == START
    assert PolicyPlayground(START, key="exercise-1", restore=False).policy_text == START
    assert saved_work.recall("exercise-1") == START  # the newest playground under the key wins


def test_a_different_initial_policy_is_a_different_playground():
    PolicyPlayground(START).policy_text = EDITED
    other = policy_text(allow("imm:GetProject"))
    assert PolicyPlayground(other).policy_text == other
