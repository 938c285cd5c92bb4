"""serve(): the emulator on loopback, for clients responses cannot intercept.

The new family's ``*_async`` methods (aiohttp) and an independent client from the npm registry
(``@alicloud/pop-core``, Alibaba's Node SDK core, v1 signatures in a POST form body), installed from
``node/package-lock.json`` with ``npm ci`` (skipped, with the reason, when the registry is unreachable).
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from alibabacloud_imm20200930 import models as imm_models
from alibabacloud_tea_openapi.exceptions import ClientException
from new_sdk import Key, imm
from node_install import install_from_lockfile

from immplay.stub.server import serve

NODE_DIR = Path(__file__).parent / "node"
READ = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:List*", "Resource": "*"}]}


@pytest.fixture
def server():
    with serve(seed=0) as running:
        yield running


def loopback(server) -> dict:
    """Config arguments that point a new-family client at the loopback server."""
    return {"endpoint": server.endpoint, "protocol": "HTTP"}


def test_async_client_lists_projects_through_the_server(server):
    root = Key(*server.cloud.root_access_key)
    client = imm(root, **loopback(server))

    async def scenario() -> list[str]:
        await client.create_project_async(imm_models.CreateProjectRequest(
            project_name="async-p", service_role="AliyunIMMDefaultRole"))
        body = (await client.list_projects_async(imm_models.ListProjectsRequest())).body
        return [project.project_name for project in body.projects]

    assert asyncio.run(scenario()) == ["async-p"]
    assert server.cloud.trail[-1].action == "imm:ListProjects"


def test_async_client_sees_denials_with_access_denied_detail(server):
    root = Key(*server.cloud.root_access_key)
    alice = create_user_with_key_on(server, root, "alice")
    client = imm(alice, **loopback(server))
    with pytest.raises(ClientException) as caught:
        asyncio.run(client.list_projects_async(imm_models.ListProjectsRequest()))
    assert (caught.value.status_code, caught.value.code) == (403, "Forbidden.RAM")
    assert caught.value.access_denied_detail["AuthAction"] == "imm:ListProjects"


def create_user_with_key_on(server, root: Key, name: str) -> Key:
    """create_user_with_key, but the RAM client talks to the loopback server."""
    from alibabacloud_ram20150501 import models as ram_models
    from alibabacloud_ram20150501.client import Client as RamClient

    client = RamClient(root.config(endpoint=server.endpoint, protocol="HTTP"))
    client.create_user(ram_models.CreateUserRequest(user_name=name))
    key = client.create_access_key(ram_models.CreateAccessKeyRequest(user_name=name)).body.access_key
    return Key(key.access_key_id, key.access_key_secret)


# -- an independent client: Alibaba's Node SDK core from npm -----------------------------------------

@pytest.fixture(scope="module")
def pop_core() -> Path:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node and npm are not on PATH: the @alicloud/pop-core server-mode test needs them "
                    "(install Node.js >= 18; CI has it)")
    # A lock, so that pytest-xdist workers do not run `npm ci` into the same folder at once.
    with open(NODE_DIR / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        install_from_lockfile(NODE_DIR, npm, "@alicloud/pop-core")  # skips when the registry is unreachable
    return Path(node)


def node_call(node: Path, server, key: Key, version: str, action: str, method: str = "POST", **params: str) -> dict:
    """Run one pop-core call (POST: parameters in a form body; GET: in the query)."""
    args = {"endpoint": server.url, "accessKeyId": key.access_key_id, "accessKeySecret": key.secret,
            "securityToken": key.token, "apiVersion": version, "action": action, "params": params,
            "method": method}
    done = subprocess.run([str(node), "call.js", json.dumps(args)], cwd=NODE_DIR, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_pop_core_walks_user_role_and_imm_against_the_server(pop_core, server):
    cloud = server.cloud
    root = Key(*cloud.root_access_key)
    created = node_call(pop_core, server, root, "2015-05-01", "CreateUser", UserName="alice")
    assert created["ok"]["User"]["UserName"] == "alice"
    key = node_call(pop_core, server, root, "2015-05-01", "CreateAccessKey", UserName="alice")["ok"]["AccessKey"]
    alice = Key(key["AccessKeyId"], key["AccessKeySecret"])
    node_call(pop_core, server, root, "2020-09-30", "CreateProject", ProjectName="photos",
              ServiceRole="AliyunIMMDefaultRole")

    denied = node_call(pop_core, server, alice, "2020-09-30", "ListProjects")
    assert denied["error"]["code"] == "Forbidden.RAM"
    assert denied["error"]["data"]["AccessDeniedDetail"]["AuthAction"] == "imm:ListProjects"

    arn = create_role_on(server, root, cloud.account_id)
    assumed = node_call(pop_core, server, alice, "2015-04-01", "AssumeRole", RoleArn=arn,
                        RoleSessionName="node-session")["ok"]["Credentials"]
    temp = Key(assumed["AccessKeyId"], assumed["AccessKeySecret"], assumed["SecurityToken"])
    listed = node_call(pop_core, server, temp, "2020-09-30", "ListProjects")
    assert [p["ProjectName"] for p in listed["ok"]["Projects"]] == ["photos"]
    by_get = node_call(pop_core, server, temp, "2020-09-30", "ListProjects", method="GET")
    assert [p["ProjectName"] for p in by_get["ok"]["Projects"]] == ["photos"]


def create_role_on(server, root: Key, account: str) -> str:
    """The role alice may assume, created over the loopback server with the Python SDK."""
    from alibabacloud_ram20150501 import models as ram_models
    from alibabacloud_ram20150501.client import Client as RamClient

    client = RamClient(root.config(endpoint=server.endpoint, protocol="HTTP"))
    trust = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                            "Principal": {"RAM": [f"acs:ram::{account}:user/alice"]}}]}
    arn = client.create_role(ram_models.CreateRoleRequest(
        role_name="reader", assume_role_policy_document=json.dumps(trust))).body.role.arn
    client.create_policy(ram_models.CreatePolicyRequest(policy_name="reader", policy_document=json.dumps(READ)))
    client.attach_policy_to_role(ram_models.AttachPolicyToRoleRequest(
        policy_type="Custom", policy_name="reader", role_name="reader"))
    client.attach_policy_to_user(ram_models.AttachPolicyToUserRequest(
        policy_type="System", policy_name="AliyunSTSAssumeRoleAccess", user_name="alice"))
    return arn


def test_pop_core_wrong_secret_is_signature_does_not_match(pop_core, server):
    root = Key(server.cloud.root_access_key[0], "wrong-secret")
    answer = node_call(pop_core, server, root, "2020-09-30", "ListProjects")
    assert answer["error"]["code"] == "SignatureDoesNotMatch"
    assert answer["error"]["data"]["HostId"] == "127.0.0.1"


def test_legacy_client_reaches_the_server_through_add_endpoint(server):
    """The README's recipe: client.add_endpoint(region, product, "http://127.0.0.1:PORT")."""
    from aliyunsdkcore.auth.credentials import AccessKeyCredential
    from aliyunsdkcore.client import AcsClient
    from aliyunsdkimm.request.v20200930.ListProjectsRequest import ListProjectsRequest
    from aliyunsdksts.request.v20150401.GetCallerIdentityRequest import GetCallerIdentityRequest

    client = AcsClient(region_id="cn-shanghai", credential=AccessKeyCredential(*server.cloud.root_access_key))
    client.add_endpoint("cn-shanghai", "imm", server.url)
    client.add_endpoint("cn-shanghai", "Sts", server.url)
    assert json.loads(client.do_action_with_exception(ListProjectsRequest()))["Projects"] == []
    identity = json.loads(client.do_action_with_exception(GetCallerIdentityRequest()))
    assert identity["AccountId"] == server.cloud.account_id
    assert server.cloud.trail[-1].action == "sts:GetCallerIdentity"
