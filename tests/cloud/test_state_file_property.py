"""Property: whatever sequence of calls built the account, export then import gives the same state,
and the two clouds keep answering identically (same ids, same errors)."""

from __future__ import annotations

import json

from cloud_clients import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from immplay.cloud import Cloud, CloudError

NAMES = st.sampled_from(["a", "b", "c"])
STEPS = st.lists(st.one_of(
    st.tuples(st.just("ram"), st.just("CreateUser"), st.fixed_dictionaries({"UserName": NAMES})),
    st.tuples(st.just("ram"), st.just("CreateAccessKey"), st.fixed_dictionaries({"UserName": NAMES})),
    st.tuples(st.just("ram"), st.just("CreateGroup"), st.fixed_dictionaries({"GroupName": NAMES})),
    st.tuples(st.just("ram"), st.just("AddUserToGroup"),
              st.fixed_dictionaries({"GroupName": NAMES, "UserName": NAMES})),
    st.tuples(st.just("ram"), st.just("AttachPolicyToUser"),
              st.fixed_dictionaries({"UserName": NAMES, "PolicyType": st.just("System"),
                                     "PolicyName": st.sampled_from(["AliyunIMMFullAccess",
                                                                    "AliyunIMMReadOnlyAccess"])})),
    st.tuples(st.just("imm"), st.just("CreateProject"), st.fixed_dictionaries({"ProjectName": NAMES})),
    st.tuples(st.just("imm"), st.just("CreateDataset"),
              st.fixed_dictionaries({"ProjectName": NAMES, "DatasetName": NAMES})),
    st.tuples(st.just("ram"), st.just("DeleteUser"), st.fixed_dictionaries({"UserName": NAMES})),
), max_size=12)


def _answer(client: Client, service: str, action: str, params: dict) -> str:
    try:
        return json.dumps(client(service, action, **params), sort_keys=True)
    except CloudError as error:
        return f"{error.code} {error.http_status}"


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=STEPS, after=STEPS)
def test_export_import_keeps_state_and_continues_identically(tmp_path, before, after):
    original = Cloud(seed=11)
    root = Client(original, original.root_access_key[0])
    for service, action, params in before:
        _answer(root, service, action, params)
    restored = Cloud.import_state(original.export_state(tmp_path / "state.json"))
    assert restored.state == original.state
    twin = Client(restored, restored.root_access_key[0])
    for service, action, params in after:
        assert _answer(root, service, action, params) == _answer(twin, service, action, params)
