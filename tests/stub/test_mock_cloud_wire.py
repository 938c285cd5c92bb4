"""The wire behind mock_cloud, with the real SDKs of both families and a stand-in cloud.

Every test asserts on what a user of the SDK sees: the exception's code, status and message, or the
parsed response fields (the new family turns a wrong shape into ``body is None`` silently).
"""

from __future__ import annotations

import asyncio
import json

import pytest
import requests
from fake_cloud import ACCOUNT, ROOT_ID, ROOT_SECRET
from sdk_calls import legacy_client, legacy_common_request, new_generic_call, new_sts_client

from immplay.stub.mock import UnemulatedRequest, mock_cloud

OFFICIAL_URL = ("https://ram.aliyuncs.com/?AccessKeyId=testid&Action=CreateUser&Format=JSON"
                "&SignatureMethod=HMAC-SHA1&SignatureNonce=6a6e0ca6-4557-11e5-86a2-b8e8563dc8d2"
                "&SignatureVersion=1.0&Timestamp=2015-08-18T03%3A15%3A45Z&UserName=test&Version=2015-05-01"
                "&Signature=kRA2cnpJVacIhDMzXnoNZG9tDCI%3D")


def test_new_family_call_reaches_the_cloud_as_one_api_call(fake_cloud):
    with mock_cloud(cloud=fake_cloud):
        response = new_sts_client(ROOT_ID, ROOT_SECRET).get_caller_identity()
    assert response.body.arn == f"acs:ram::{ACCOUNT}:root"
    assert response.body.request_id == "00000000-0000-0000-0000-000000000001"
    call = fake_cloud.calls[-1]
    assert (call.service, call.action, call.version, call.access_key_id) == (
        "sts", "GetCallerIdentity", "2015-04-01", ROOT_ID)
    assert call.region == "cn-shanghai" and call.secure_transport and call.security_token is None
    assert call.request_id == response.body.request_id


def test_new_family_security_token_travels_to_the_cloud(fake_cloud):
    with mock_cloud(cloud=fake_cloud):
        new_sts_client(ROOT_ID, ROOT_SECRET, token="tok-123").get_caller_identity()
    assert fake_cloud.calls[-1].security_token == "tok-123"


def test_legacy_call_is_signed_v1_and_common_params_are_stripped(fake_cloud):
    client = legacy_client(ROOT_ID, ROOT_SECRET)
    with mock_cloud(cloud=fake_cloud):
        body = json.loads(client.do_action_with_exception(
            legacy_common_request("sts.aliyuncs.com", "GetCallerIdentity", Extra="a b*c")))
    assert body["Arn"] == f"acs:ram::{ACCOUNT}:root"
    call = fake_cloud.calls[-1]
    assert call.params == {"Extra": "a b*c"}
    assert call.region == "cn-shanghai"        # from the legacy RegionId (sts.aliyuncs.com has none)


def test_legacy_wrong_secret_is_reported_by_the_sdk_as_invalid_secret(fake_cloud):
    """The legacy SDK compares our string-to-sign with its own, then says InvalidAccessKeySecret."""
    from aliyunsdkcore.acs_exception.exceptions import ServerException
    from aliyunsdksts.request.v20150401.GetCallerIdentityRequest import GetCallerIdentityRequest

    client = legacy_client(ROOT_ID, "not-the-secret")
    with mock_cloud(cloud=fake_cloud), pytest.raises(ServerException) as caught:
        client.do_action_with_exception(GetCallerIdentityRequest())
    assert caught.value.get_error_code() == "InvalidAccessKeySecret"
    assert caught.value.get_http_status() == 400
    assert fake_cloud.rejected[-1] == (ROOT_ID, "sts", "GetCallerIdentity", "SignatureDoesNotMatch")


def test_legacy_common_request_wrong_secret_keeps_the_server_code(fake_cloud):
    """CommonRequest never records its string-to-sign (an SDK quirk), so the server's code shows."""
    from aliyunsdkcore.acs_exception.exceptions import ServerException

    client = legacy_client(ROOT_ID, "not-the-secret")
    with mock_cloud(cloud=fake_cloud), pytest.raises(ServerException) as caught:
        client.do_action_with_exception(legacy_common_request("sts.aliyuncs.com", "GetCallerIdentity"))
    assert caught.value.get_error_code() == "SignatureDoesNotMatch"
    assert "server string to sign is:POST&%2F&AccessKeyId%3D" in caught.value.get_error_msg()


def test_new_family_wrong_secret_is_signature_does_not_match(fake_cloud):
    from alibabacloud_tea_openapi.exceptions import ClientException

    with mock_cloud(cloud=fake_cloud), pytest.raises(ClientException) as caught:
        new_sts_client(ROOT_ID, "not-the-secret").get_caller_identity()
    assert caught.value.code == "SignatureDoesNotMatch"
    assert caught.value.status_code == 400
    assert "Specified signature is not matched with our calculation." in caught.value.message
    assert "server string to sign is:ACS3-HMAC-SHA256\n" in caught.value.message


def test_unknown_access_key_is_not_found(fake_cloud):
    from alibabacloud_tea_openapi.exceptions import ClientException

    with mock_cloud(cloud=fake_cloud), pytest.raises(ClientException) as caught:
        new_sts_client("LTAInobody", "x").get_caller_identity()
    assert (caught.value.code, caught.value.status_code) == ("InvalidAccessKeyId.NotFound", 400)


def test_a_bug_in_the_cloud_is_a_json_500_for_both_families(fake_cloud):
    from alibabacloud_tea_openapi.exceptions import ServerException as NewServerException
    from aliyunsdkcore.acs_exception.exceptions import ServerException as LegacyServerException

    with mock_cloud(cloud=fake_cloud):
        with pytest.raises(NewServerException) as new:
            new_generic_call(new_sts_client(ROOT_ID, ROOT_SECRET), "Boom")
        with pytest.raises(LegacyServerException) as legacy:
            legacy_client(ROOT_ID, ROOT_SECRET).do_action_with_exception(
                legacy_common_request("sts.aliyuncs.com", "Boom"))
    assert (new.value.code, new.value.status_code) == ("InternalError", 500)
    assert "ZeroDivisionError" in new.value.message
    assert (legacy.value.get_error_code(), legacy.value.get_http_status()) == ("InternalError", 500)


def test_a_403_carries_access_denied_detail_to_the_new_sdk(fake_cloud):
    from alibabacloud_tea_openapi.exceptions import ClientException

    with mock_cloud(cloud=fake_cloud), pytest.raises(ClientException) as caught:
        new_generic_call(new_sts_client(ROOT_ID, ROOT_SECRET), "Deny")
    assert caught.value.status_code == 403
    assert caught.value.access_denied_detail == {"AuthAction": "sts:Deny", "NoPermissionType": "ImplicitDeny"}


def test_error_body_has_the_real_shape_and_json_content_type(fake_cloud):
    with mock_cloud(cloud=fake_cloud):
        answer = requests.post("https://sts.cn-shanghai.aliyuncs.com/?Action=GetCallerIdentity"
                               "&Version=2015-04-01&Format=JSON")
    assert answer.status_code == 400
    assert answer.headers["Content-Type"].startswith("application/json")
    body = answer.json()
    assert set(body) == {"RequestId", "HostId", "Code", "Message", "Recommend"}
    assert body["Code"] == "MissingParameter" and '"AccessKeyId"' in body["Message"]
    assert body["HostId"] == "sts.cn-shanghai.aliyuncs.com"
    assert body["Recommend"] == "https://next.api.aliyun.com/troubleshoot?q=MissingParameter&product=Sts"


def test_reused_signature_nonce_is_refused(fake_cloud):
    mock = mock_cloud(cloud=fake_cloud)
    with mock:
        new_sts_client(ROOT_ID, ROOT_SECRET).get_caller_identity()
        replay = mock.registry.calls[-1].request.copy()
        answer = requests.Session().send(replay)
    assert answer.status_code == 400
    assert answer.json()["Code"] == "SignatureNonceUsed"
    assert answer.json()["Message"].startswith("Specified signature nonce was used already.")
    assert fake_cloud.rejected[-1][-1] == "SignatureNonceUsed"


def test_stale_timestamp_is_refused_against_wall_time(fake_cloud):
    with mock_cloud(cloud=fake_cloud):
        body = requests.get(OFFICIAL_URL).json()
    assert body["Code"] == "InvalidTimeStamp.Expired"
    assert "2015-08-18T03:15:45Z" in body["Message"]


def test_timestamp_check_can_be_switched_off(fake_cloud):
    """With the check off, the official 2015 vector verifies and reaches the cloud."""
    with mock_cloud(cloud=fake_cloud, check_timestamps=False):
        answer = requests.get(OFFICIAL_URL)
    assert answer.json()["Code"] == "InvalidApi.NotFound"          # the fake knows no CreateUser
    assert fake_cloud.calls[-1].params == {"UserName": "test"}


def test_wrong_version_for_the_host_is_invalid_version(fake_cloud):
    client = legacy_client(ROOT_ID, ROOT_SECRET)
    from aliyunsdkcore.acs_exception.exceptions import ServerException

    with mock_cloud(cloud=fake_cloud), pytest.raises(ServerException) as caught:
        client.do_action_with_exception(legacy_common_request("ram.aliyuncs.com", "ListUsers", version="2020-09-30"))
    assert caught.value.get_error_code() == "InvalidVersion"
    assert "2020-09-30" in caught.value.get_error_msg()


def test_xml_format_is_refused_loudly(fake_cloud):
    with mock_cloud(cloud=fake_cloud):
        body = requests.get("https://ram.aliyuncs.com/?Action=ListUsers&Version=2015-05-01&Format=XML").json()
    assert body["Code"] == "InvalidParameter" and "JSON only" in body["Message"]


def test_unsupported_method_is_refused(fake_cloud):
    with mock_cloud(cloud=fake_cloud):
        answer = requests.put("https://ram.aliyuncs.com/?Action=ListUsers&Version=2015-05-01")
    assert (answer.status_code, answer.json()["Code"]) == (403, "UnsupportedHTTPMethod")


def test_another_alibaba_cloud_product_is_not_found(fake_cloud):
    from alibabacloud_tea_openapi.exceptions import ClientException

    with mock_cloud(cloud=fake_cloud), pytest.raises(ClientException) as caught:
        new_sts_client(ROOT_ID, ROOT_SECRET, endpoint="ecs.cn-shanghai.aliyuncs.com").get_caller_identity()
    assert (caught.value.code, caught.value.status_code) == ("InvalidProduct.NotFound", 404)
    assert "ecs.cn-shanghai.aliyuncs.com" in caught.value.message


def test_a_foreign_host_fails_loudly_naming_the_url(fake_cloud):
    with mock_cloud(cloud=fake_cloud), pytest.raises(UnemulatedRequest) as caught:
        requests.get("https://example.com/data?x=1")
    assert "GET https://example.com/data?x=1" in str(caught.value)
    assert isinstance(caught.value, requests.ConnectionError)


def test_ecs_metadata_address_never_leaves_the_machine(fake_cloud):
    with mock_cloud(cloud=fake_cloud), pytest.raises(UnemulatedRequest) as caught:
        requests.get("http://100.100.100.200/latest/meta-data/ram/security-credentials/", timeout=1)
    assert "metadata" in str(caught.value) and "Nothing was sent" in str(caught.value)


def test_credentials_default_chain_cannot_reach_the_metadata_address(fake_cloud, monkeypatch, tmp_path):
    """A bare credentials client walks env, files, then ECS metadata: that last step is refused."""
    from alibabacloud_credentials.client import Client as CredentialClient

    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_ECS_METADATA",
                 "ALIBABA_CLOUD_CREDENTIALS_FILE", "ALIBABA_CLOUD_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    mock = mock_cloud(cloud=fake_cloud)
    with mock, pytest.raises(Exception) as caught:  # noqa: B017 - the SDK wraps it in its own type
        CredentialClient().get_credential()
    calls = mock.last_registry.calls
    assert calls and all(str(call.request.url).startswith("http://100.100.100.200/") for call in calls)
    assert all(isinstance(call.response, UnemulatedRequest) for call in calls)
    assert "ECS instance metadata" in str(caught.value)


def test_legacy_unknown_region_does_not_reach_the_location_service(fake_cloud):
    from aliyunsdkcore.acs_exception.exceptions import ClientException

    request = legacy_common_request("", "GetCallerIdentity")
    request.set_domain(None)
    request.set_product("Sts")
    request.set_location_service_code("sts")
    with mock_cloud(cloud=fake_cloud), pytest.raises(ClientException) as caught:
        legacy_client(ROOT_ID, ROOT_SECRET, region="xx-nowhere-1").do_action_with_exception(request)
    message = caught.value.get_error_msg()
    assert "location" in message


def test_proxy_variables_cannot_divert_calls(fake_cloud, monkeypatch):
    for name in ("HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")     # nothing listens there
    with mock_cloud(cloud=fake_cloud):
        new = new_sts_client(ROOT_ID, ROOT_SECRET).get_caller_identity()
        legacy = json.loads(legacy_client(ROOT_ID, ROOT_SECRET).do_action_with_exception(
            legacy_common_request("sts.aliyuncs.com", "GetCallerIdentity")))
    assert new.body.account_id == ACCOUNT and legacy["AccountId"] == ACCOUNT


def test_only_recent_calls_are_kept_by_the_registry(fake_cloud):
    from immplay.stub.mock import RECENT_CALLS

    mock = mock_cloud(cloud=fake_cloud)
    with mock:
        client = new_sts_client(ROOT_ID, ROOT_SECRET)
        for _ in range(3 * RECENT_CALLS):
            client.get_caller_identity()
        assert RECENT_CALLS <= len(mock.registry.calls) < 2 * RECENT_CALLS
        assert all(len(match.calls) < 2 * RECENT_CALLS for match in mock.registry.registered())


def test_no_request_can_pass_through(fake_cloud):
    mock = mock_cloud(cloud=fake_cloud)
    with mock:
        assert mock.registry.passthru_prefixes == ()


def test_async_calls_to_a_remote_host_are_refused_with_advice(fake_cloud):
    with mock_cloud(cloud=fake_cloud), pytest.raises(Exception) as caught:  # noqa: B017 - darabonba wraps it
        asyncio.run(new_sts_client(ROOT_ID, ROOT_SECRET).get_caller_identity_async())
    assert "immplay.serve" in str(caught.value)


def test_interception_ends_with_the_block(fake_cloud):
    from unittest import mock as std_mock

    import aliyunsdkcore.vendored.requests.adapters as vendored

    original = vendored.HTTPAdapter.send
    with mock_cloud(cloud=fake_cloud):
        assert vendored.HTTPAdapter.send is not original
    assert vendored.HTTPAdapter.send is original
    assert not isinstance(requests.adapters.HTTPAdapter.send, std_mock.Mock)


def test_decorator_gives_a_fresh_cloud_to_a_cloud_parameter(fake_cloud):
    @mock_cloud(cloud=fake_cloud)
    def scenario(label, cloud):
        return label, new_sts_client(ROOT_ID, ROOT_SECRET).get_caller_identity().body.arn, cloud

    label, arn, cloud = scenario("x")
    assert (label, arn, cloud) == ("x", f"acs:ram::{ACCOUNT}:root", fake_cloud)
    import inspect

    assert list(inspect.signature(scenario).parameters) == ["label"]


def test_decorator_works_on_coroutines(fake_cloud):
    @mock_cloud(cloud=fake_cloud)
    async def scenario(cloud):
        return new_sts_client(ROOT_ID, ROOT_SECRET).get_caller_identity().body.account_id

    assert asyncio.run(scenario()) == ACCOUNT


def test_ambient_legacy_credentials_are_warned_about(fake_cloud, monkeypatch):
    """ALIYUN_ACCESS_KEY_* override AcsClient(credential=...): the mock says so when it starts."""
    from aliyunsdkcore.acs_exception.exceptions import ServerException

    from immplay.stub.mock import AmbientCredentialsWarning

    monkeypatch.setenv("ALIYUN_ACCESS_KEY_ID", "LTAIfromtheenvironment")
    monkeypatch.setenv("ALIYUN_ACCESS_KEY_SECRET", "secret-from-the-environment")
    with pytest.warns(AmbientCredentialsWarning, match="ALIYUN_ACCESS_KEY_ID"), mock_cloud(cloud=fake_cloud):
        with pytest.raises(ServerException) as caught:
            legacy_client(ROOT_ID, ROOT_SECRET).do_action_with_exception(
                legacy_common_request("sts.aliyuncs.com", "GetCallerIdentity"))
    assert caught.value.get_error_code() == "InvalidAccessKeyId.NotFound"
    assert fake_cloud.rejected[-1][0] == "LTAIfromtheenvironment"


def test_refused_requests_reach_the_trail_with_the_answers_request_id(fake_cloud):
    from alibabacloud_tea_openapi.exceptions import ClientException

    with mock_cloud(cloud=fake_cloud), pytest.raises(ClientException) as caught:
        new_sts_client(ROOT_ID, "not-the-secret").get_caller_identity()
    assert fake_cloud.rejected_request_ids[-1] == caught.value.request_id


def test_v3_date_is_checked_against_the_handlers_wall_clock(fake_cloud):
    """A request signed now is stale to a server whose wall clock runs 20 minutes ahead."""
    import time

    from immplay.stub.handler import WireHandler
    from immplay.stub.wire_request import WireRequest

    mock = mock_cloud(cloud=fake_cloud)
    with mock:
        new_sts_client(ROOT_ID, ROOT_SECRET).get_caller_identity()
        captured = WireRequest.from_prepared(mock.registry.calls[-1].request)
    ahead = WireHandler(fake_cloud, wall=lambda: time.time() + 20 * 60).handle(captured)
    assert (ahead.status, ahead.json()["Code"]) == (400, "InvalidTimeStamp.Expired")
    assert "x-acs-date" in ahead.json()["Message"]
    unchecked = WireHandler(fake_cloud, wall=lambda: time.time() + 20 * 60, check_timestamps=False).handle(captured)
    assert unchecked.status == 200 and unchecked.json()["AccountId"] == ACCOUNT


def test_a_tampered_body_fails_the_content_hash(fake_cloud):
    from immplay.stub.handler import WireHandler

    mock = mock_cloud(cloud=fake_cloud)
    with mock:
        new_sts_client(ROOT_ID, ROOT_SECRET).get_caller_identity()
        from immplay.stub.wire_request import WireRequest

        captured = WireRequest.from_prepared(mock.registry.calls[-1].request)
    captured.body = b"Extra=1"
    answer = WireHandler(fake_cloud).handle(captured)
    assert answer.json()["Code"] == "SignatureDoesNotMatch"
    assert "x-acs-content-sha256" in answer.json()["Message"]


def test_malformed_authorization_is_incomplete_signature(fake_cloud):
    with mock_cloud(cloud=fake_cloud):
        answer = requests.post("https://sts.aliyuncs.com/", headers={
            "Authorization": "ACS3-HMAC-SHA256 Credential=x", "x-acs-action": "GetCallerIdentity",
            "x-acs-version": "2015-04-01"})
    assert (answer.status_code, answer.json()["Code"]) == (400, "IncompleteSignature")
    assert "SignedHeaders, Signature" in answer.json()["Message"]


def test_an_sdk_client_of_a_region_that_does_not_exist_reaches_no_endpoint(fake_cloud):
    """imm.cn-shangai.aliyuncs.com has no DNS record: the call fails with a connection error, no project made."""
    from alibabacloud_imm20200930 import models
    from alibabacloud_imm20200930.client import Client
    from alibabacloud_tea_openapi.models import Config

    client = Client(Config(access_key_id=ROOT_ID, access_key_secret=ROOT_SECRET, region_id="cn-shangai"))
    mock = mock_cloud(cloud=fake_cloud)
    with mock, pytest.raises(Exception) as caught:  # noqa: B017 - the SDK wraps the ConnectionError in its own type
        client.create_project(models.CreateProjectRequest(project_name="p", service_role="AliyunIMMDefaultRole"))
    assert fake_cloud.calls == []
    [call] = mock.last_registry.calls
    assert isinstance(call.response, UnemulatedRequest) and isinstance(call.response, requests.ConnectionError)
    assert ('"cn-shangai" is not an Alibaba Cloud region, so imm.cn-shangai.aliyuncs.com does not exist'
            in str(caught.value))
    assert 'did you mean "cn-shanghai"' in str(caught.value)


def test_a_regional_sts_host_of_a_region_that_does_not_exist_is_refused_too(fake_cloud):
    with mock_cloud(cloud=fake_cloud), pytest.raises(UnemulatedRequest) as caught:
        requests.post("https://sts.xx-nowhere-9.aliyuncs.com/?Action=GetCallerIdentity&Version=2015-04-01")
    assert '"xx-nowhere-9" is not an Alibaba Cloud region' in str(caught.value)
    assert fake_cloud.calls == []
