"""The guide's steps with the new SDK family (alibabacloud_*20xx clients over tea-openapi)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from alibabacloud_imm20200930 import models as imm_models
from alibabacloud_imm20200930.client import Client as ImmClient
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_sts20150401 import models as sts_models
from alibabacloud_sts20150401.client import Client as StsClient
from alibabacloud_tea_openapi.models import Config

REGION = "cn-shanghai"
TRUST_ALICE = "acs:ram::{account}:user/alice"


@dataclass
class Key:
    """Credentials as a trainee holds them: an AccessKey pair, plus a token for STS keys."""

    access_key_id: str
    secret: str
    token: str | None = None

    def config(self, **extra: Any) -> Config:
        return Config(access_key_id=self.access_key_id, access_key_secret=self.secret,
                      security_token=self.token, region_id=REGION, **extra)


def ram(key: Key, **extra: Any) -> RamClient:
    return RamClient(key.config(**extra))


def sts(key: Key, **extra: Any) -> StsClient:
    return StsClient(key.config(**extra))


def imm(key: Key, **extra: Any) -> ImmClient:
    return ImmClient(key.config(**extra))


def create_user_with_key(root: Key, name: str) -> Key:
    client = ram(root)
    created = client.create_user(ram_models.CreateUserRequest(user_name=name, display_name=name))
    assert created.body.user.user_name == name
    body = client.create_access_key(ram_models.CreateAccessKeyRequest(user_name=name)).body
    assert body.access_key.status == "Active"
    return Key(body.access_key.access_key_id, body.access_key.access_key_secret)


def attach_system_policy(root: Key, user: str, policy: str) -> None:
    ram(root).attach_policy_to_user(ram_models.AttachPolicyToUserRequest(
        policy_type="System", policy_name=policy, user_name=user))


def detach_system_policy(root: Key, user: str, policy: str) -> None:
    ram(root).detach_policy_from_user(ram_models.DetachPolicyFromUserRequest(
        policy_type="System", policy_name=policy, user_name=user))


def create_role(root: Key, account: str, name: str, trusted_user: str, policy_document: dict) -> str:
    """A role trusting ``trusted_user`` with one custom policy; returns the role ARN."""
    client = ram(root)
    trust = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                            "Principal": {"RAM": [f"acs:ram::{account}:user/{trusted_user}"]}}]}
    role = client.create_role(ram_models.CreateRoleRequest(
        role_name=name, assume_role_policy_document=json.dumps(trust))).body.role
    assert role.arn == f"acs:ram::{account}:role/{name}"
    policy_name = f"{name}-policy"
    client.create_policy(ram_models.CreatePolicyRequest(policy_name=policy_name,
                                                        policy_document=json.dumps(policy_document)))
    client.attach_policy_to_role(ram_models.AttachPolicyToRoleRequest(
        policy_type="Custom", policy_name=policy_name, role_name=name))
    return role.arn


def assume_role(caller: Key, role_arn: str, session: str = "s1", policy: dict | None = None,
                duration: int | None = None) -> tuple[Key, Any]:
    request = sts_models.AssumeRoleRequest(role_arn=role_arn, role_session_name=session,
                                           policy=json.dumps(policy) if policy else None,
                                           duration_seconds=duration)
    body = sts(caller).assume_role(request).body
    credentials = body.credentials
    return Key(credentials.access_key_id, credentials.access_key_secret, credentials.security_token), body


def create_project(key: Key, name: str) -> Any:
    return imm(key).create_project(imm_models.CreateProjectRequest(
        project_name=name, service_role="AliyunIMMDefaultRole")).body


def list_projects(key: Key) -> list[str]:
    body = imm(key).list_projects(imm_models.ListProjectsRequest()).body
    return [project.project_name for project in body.projects]


def get_project(key: Key, name: str) -> Any:
    return imm(key).get_project(imm_models.GetProjectRequest(project_name=name)).body
