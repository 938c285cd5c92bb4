"""alibabacloud-credentials' RamRoleArn provider against mock_cloud.

The provider signs v1 with ``quote_plus`` (a space becomes ``+``), always uses https GET to STS, and
compares ``Expiration`` with the WALL clock: it needs ``mock_cloud(clock="wall")``.
"""

from __future__ import annotations

import json

import pytest
from alibabacloud_credentials.client import Client as CredentialClient
from alibabacloud_credentials.models import Config as CredentialConfig
from alibabacloud_imm20200930 import models as imm_models
from alibabacloud_imm20200930.client import Client as ImmClient
from alibabacloud_tea_openapi.models import Config
from new_sdk import Key, attach_system_policy, create_project, create_role, create_user_with_key

from immplay.stub.mock import mock_cloud

READ = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:*", "Resource": "*"}]}
# Spaces on purpose: the provider encodes them as '+' when it signs.
ONLY_LIST = json.dumps({"Version": "1", "Statement": [
    {"Effect": "Allow", "Action": "imm:ListProjects", "Resource": "*"}]}, indent=1)


def provider(alice: Key, role_arn: str, policy: str | None = None) -> CredentialClient:
    return CredentialClient(CredentialConfig(
        type="ram_role_arn", access_key_id=alice.access_key_id, access_key_secret=alice.secret,
        role_arn=role_arn, role_session_name="provider-session", policy=policy))


def setup_role(cloud) -> tuple[Key, str]:
    root = Key(*cloud.root_access_key)
    create_project(root, "photos")
    alice = create_user_with_key(root, "alice")
    arn = create_role(root, cloud.account_id, "imm-worker", "alice", READ)
    attach_system_policy(root, "alice", "AliyunSTSAssumeRoleAccess")
    return alice, arn


def test_ram_role_arn_provider_gets_sts_credentials_that_call_imm():
    with mock_cloud(clock="wall") as cloud:
        alice, arn = setup_role(cloud)
        credentials = provider(alice, arn)
        credential = credentials.get_credential()
        assert credential.access_key_id.startswith("STS.")
        assert credential.security_token
        imm = ImmClient(Config(credential=credentials, region_id="cn-shanghai"))
        names = [p.project_name for p in imm.list_projects(imm_models.ListProjectsRequest()).body.projects]
    assert names == ["photos"]
    assume = [event for event in cloud.trail if event.action == "sts:AssumeRole"]
    assert assume[-1].decision == "Allow" and assume[-1].error_code is None


def test_provider_session_policy_with_spaces_verifies_and_narrows():
    from alibabacloud_tea_openapi.exceptions import ClientException

    with mock_cloud(clock="wall") as cloud:
        alice, arn = setup_role(cloud)
        imm = ImmClient(Config(credential=provider(alice, arn, ONLY_LIST), region_id="cn-shanghai"))
        assert [p.project_name for p in imm.list_projects(imm_models.ListProjectsRequest()).body.projects] == [
            "photos"]
        with pytest.raises(ClientException) as caught:
            imm.get_project(imm_models.GetProjectRequest(project_name="photos"))
    assert caught.value.status_code == 403
    assert caught.value.access_denied_detail["PolicyType"] == "SessionPolicy"


def test_provider_rejects_credentials_from_a_fixed_clock_in_the_past():
    """Why ``clock="wall"`` exists: a seeded cloud's Expiration (2026-01-01) is stale to the provider."""
    with mock_cloud() as cloud:
        alice, arn = setup_role(cloud)
        with pytest.raises(Exception) as caught:  # noqa: B017 - the provider raises its own types
            provider(alice, arn).get_credential()
    assert "cached" in str(caught.value).lower() or "expir" in str(caught.value).lower()
