"""serve(): the same wire handler on a loopback port, for clients responses cannot reach."""

from __future__ import annotations

import asyncio

import pytest
import requests
from fake_cloud import ACCOUNT, ROOT_ID, ROOT_SECRET
from sdk_calls import new_generic_call, new_sts_client

from immplay.stub.server import serve


@pytest.fixture
def server(fake_cloud):
    with serve(cloud=fake_cloud) as running:
        yield running


def test_server_answers_the_new_sdk_pointed_at_its_endpoint(server, fake_cloud):
    client = new_sts_client(ROOT_ID, ROOT_SECRET, endpoint=server.endpoint, protocol="HTTP")
    assert client.get_caller_identity().body.arn == f"acs:ram::{ACCOUNT}:root"
    call = fake_cloud.calls[-1]
    assert (call.service, call.secure_transport, call.source_ip) == ("sts", False, "127.0.0.1")


def test_server_answers_the_async_client(server):
    client = new_sts_client(ROOT_ID, ROOT_SECRET, endpoint=server.endpoint, protocol="HTTP")
    response = asyncio.run(client.get_caller_identity_async())
    assert response.body.account_id == ACCOUNT


def test_server_picks_the_service_by_version_on_loopback(server):
    body = requests.post(f"{server.url}/?Action=ListProjects&Version=1999-01-01").json()
    assert body["Code"] == "InvalidVersion"
    assert "RAM 2015-05-01, STS 2015-04-01, IMM 2020-09-30" in body["Message"]


def test_server_errors_are_json_with_status(server):
    answer = requests.post(f"{server.url}/?Action=GetCallerIdentity&Version=2015-04-01")
    assert answer.status_code == 400
    assert answer.headers["Content-Type"].startswith("application/json")
    assert answer.json()["Code"] == "MissingParameter"


def test_server_turns_a_cloud_bug_into_a_json_500(server):
    from alibabacloud_tea_openapi.exceptions import ServerException

    client = new_sts_client(ROOT_ID, ROOT_SECRET, endpoint=server.endpoint, protocol="HTTP")
    with pytest.raises(ServerException) as caught:
        new_generic_call(client, "Boom")
    assert (caught.value.code, caught.value.status_code) == ("InternalError", 500)


def test_server_stops_cleanly_and_frees_its_port(fake_cloud):
    running = serve(cloud=fake_cloud)
    url = running.url
    running.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(url, timeout=2)


def test_run_server_prints_its_url_and_root_key_then_serves(tmp_path):
    """What ``immplay serve`` runs: blocks, prints the URL; the printed key works against it."""
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-c", "from immplay.stub.server import run_server; run_server(port=0, seed=3)"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = process.stdout.readline()
        second = process.stdout.readline()
        assert first.startswith("immplay emulator (RAM, STS, IMM) listening on http://127.0.0.1:")
        url = first.rsplit(" ", 1)[1].strip()
        fields = dict(item.split("=", 1) for item in second.split()[1:])
        client = new_sts_client(fields["AccessKeyId"], fields["AccessKeySecret"],
                                endpoint=url.removeprefix("http://"), protocol="HTTP")
        assert client.get_caller_identity().body.account_id == fields["account"]
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_in_the_browser_says_it_is_unavailable_there_and_points_to_mock_cloud(monkeypatch):
    monkeypatch.setattr("sys.platform", "emscripten")  # what Pyodide (the JupyterLite kernel) reports
    with pytest.raises(RuntimeError, match=r"^immplay\.serve is not available in the browser \(JupyterLite\)") as error:
        serve()
    assert "mock_cloud works here" in str(error.value)
