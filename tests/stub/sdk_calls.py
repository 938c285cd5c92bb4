"""Small constructors for SDK clients and generic calls, shared by the wire tests."""

from __future__ import annotations

from typing import Any


def new_sts_client(ak: str, secret: str, token: str | None = None, **config: Any) -> Any:
    from alibabacloud_sts20150401.client import Client
    from alibabacloud_tea_openapi.models import Config

    return Client(Config(access_key_id=ak, access_key_secret=secret, security_token=token,
                         region_id="cn-shanghai", **config))


def new_generic_call(client: Any, action: str, version: str = "2015-04-01", query: dict | None = None) -> dict:
    """Call any RPC action through the new family's generic ``call_api`` (V3 signature)."""
    from alibabacloud_tea_openapi import utils_models
    from darabonba.runtime import RuntimeOptions

    params = utils_models.Params(action=action, version=version, protocol="HTTPS", pathname="/", method="POST",
                                 auth_type="AK", style="RPC", req_body_type="formData", body_type="json")
    return client.call_api(params, utils_models.OpenApiRequest(query=query or {}), RuntimeOptions())


def legacy_client(ak: str, secret: str, region: str = "cn-shanghai", token: str | None = None) -> Any:
    from aliyunsdkcore.auth.credentials import AccessKeyCredential, StsTokenCredential
    from aliyunsdkcore.client import AcsClient

    credential = StsTokenCredential(ak, secret, token) if token else AccessKeyCredential(ak, secret)
    return AcsClient(region_id=region, credential=credential)


def legacy_common_request(domain: str, action: str, version: str = "2015-04-01", **params: str) -> Any:
    from aliyunsdkcore.request import CommonRequest

    request = CommonRequest(domain=domain, version=version, action_name=action)
    request.set_accept_format("json")
    request.set_method("POST")
    for name, value in params.items():
        request.add_query_param(name, value)
    return request
