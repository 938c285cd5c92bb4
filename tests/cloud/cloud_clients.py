"""Callers bound to credentials, and small builders, for the cloud tests.

(A uniquely named module rather than conftest, so test folders never import each other's helpers.)
"""

from __future__ import annotations

import json

import pytest

from immplay.cloud import ApiCall, Cloud, CloudError


class Client:
    """Calls the cloud with one set of credentials: ``client("ram", "GetUser", UserName="a")``."""

    def __init__(self, cloud: Cloud, key_id: str, token: str | None = None, region: str = "") -> None:
        self.cloud, self.key_id, self.token, self.region = cloud, key_id, token, region

    def call(self, service: str, action: str, **params) -> ApiCall:
        flat = {k: (json.dumps(v) if isinstance(v, (dict, list)) else str(v)) for k, v in params.items()}
        return ApiCall(service, action, params=flat, access_key_id=self.key_id, security_token=self.token,
                       region=self.region)

    def __call__(self, service: str, action: str, **params) -> dict:
        return self.cloud.dispatch(self.call(service, action, **params))

    def fails(self, service: str, action: str, **params) -> CloudError:
        with pytest.raises(CloudError) as caught:
            self(service, action, **params)
        return caught.value


def make_user(root: Client, name: str, *system_policies: str, custom: dict | None = None) -> Client:
    """A RAM user with an AccessKey and the given system policies (and one custom policy)."""
    root("ram", "CreateUser", UserName=name)
    for policy in system_policies:
        root("ram", "AttachPolicyToUser", PolicyType="System", PolicyName=policy, UserName=name)
    if custom is not None:
        root("ram", "CreatePolicy", PolicyName=f"{name}-policy", PolicyDocument=json.dumps(custom))
        root("ram", "AttachPolicyToUser", PolicyType="Custom", PolicyName=f"{name}-policy", UserName=name)
    key = root("ram", "CreateAccessKey", UserName=name)["AccessKey"]
    return Client(root.cloud, key["AccessKeyId"])


def trust(*principals: str, condition: dict | None = None) -> str:
    statement = {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": list(principals)}}
    if condition:
        statement["Condition"] = condition
    return json.dumps({"Version": "1", "Statement": [statement]})


def allow(action, resource="*") -> dict:
    return {"Version": "1", "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]}


def assume(client: Client, role_arn: str, session: str = "s1", **params) -> Client:
    """AssumeRole through ``client``; a Client bound to the temporary credentials."""
    body = client("sts", "AssumeRole", RoleArn=role_arn, RoleSessionName=session, **params)
    creds = body["Credentials"]
    return Client(client.cloud, creds["AccessKeyId"], creds["SecurityToken"])
