"""The wire handler: one HTTP request in, one JSON response out, never an exception.

``WireHandler.handle`` routes the request to RAM, STS or IMM, checks the signature (v1
``HMAC-SHA1`` or ``ACS3-HMAC-SHA256``), the timestamp and the nonce, builds an ``ApiCall`` and
hands it to ``cloud.dispatch`` (any ``WireCloud``: the real ``Cloud`` or a test stand-in). The cloud's answer gets a ``RequestId``; a ``CloudError`` becomes
the real error shape ``{"RequestId", "HostId", "Code", "Message", "Recommend"}`` (plus
``AccessDeniedDetail`` on a 403). ANY other exception becomes a JSON 500 ``InternalError``:
raised inside a ``responses`` callback it would otherwise reach the SDK raw.

Codes and statuses the reference marks unconfirmed (§10) are this emulator's choices:
``SignatureDoesNotMatch`` 400 (also for a body that does not match ``x-acs-content-sha256``),
``SignatureNonceUsed`` 400, ``InvalidVersion`` 400, ``InvalidProduct.NotFound`` 404 for another
``*.aliyuncs.com`` product. Answers are always JSON: a v1 request without ``Format`` gets JSON
(the real default is XML) and ``Format=XML`` is refused with ``InvalidParameter``.

Example::

    handler = WireHandler(cloud)
    response = handler.handle(WireRequest.from_url("POST", url, headers, body))
    response.status, response.json()["RequestId"]
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from immplay.cloud.api_call import ApiCall
from immplay.cloud.errors import CloudError
from immplay.stub import signature_v1, signature_v3
from immplay.stub.freshness import NonceWindow, check_timestamp
from immplay.stub.routing import (
    SERVICE_BY_VERSION,
    SERVICES,
    host_name,
    is_alibaba_cloud_host,
    route_for_host,
)
from immplay.stub.wire_cloud import WireCloud
from immplay.stub.wire_request import WireRequest

# v1 parameters that belong to the protocol, not to the API (reference §7.3). ``RegionId`` is sent
# by the legacy core on every call; it picks the region when the host does not.
V1_COMMON_PARAMS = frozenset({
    "Action", "Version", "Format", "AccessKeyId", "SignatureMethod", "SignatureVersion",
    "SignatureNonce", "SignatureType", "Timestamp", "Signature", "SecurityToken", "RegionId",
})

JSON_CONTENT_TYPE = "application/json;charset=utf-8"
# One encoder: json.dumps with options builds a new encoder on every call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


@dataclass
class WireResponse:
    """Status, headers and the JSON body bytes."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict[str, Any]:
        """The body parsed (every answer is JSON)."""
        return json.loads(self.body)


@dataclass
class _Attempt:
    """What is known about a request so far, for the trail entry when it is refused."""

    service: str = ""
    action: str = ""
    access_key_id: str = ""
    product: str = ""
    call: ApiCall | None = None
    dispatched: bool = False
    request_id: str = ""


def _missing(name: str) -> CloudError:
    return CloudError(
        "MissingParameter",
        f'The input parameter "{name}" that is mandatory for processing this request is not supplied.',
        400,
    )


class WireHandler:
    """Parse, authenticate, dispatch; thread-safe (requests are served one at a time).

    ``check_timestamps=False`` skips the ±15 min freshness check (the nonce check stays).
    ``wall`` returns wall time in seconds; tests may replace it, the emulated clock never is.
    """

    def __init__(
        self,
        cloud: WireCloud,
        *,
        check_timestamps: bool = True,
        wall: Callable[[], float] = time.time,
        nonce_window: NonceWindow | None = None,
    ) -> None:
        self.cloud = cloud
        self.check_timestamps = check_timestamps
        self.wall = wall
        self.nonces = nonce_window if nonce_window is not None else NonceWindow(wall=wall)
        self._lock = threading.RLock()

    # -- entry point ------------------------------------------------------------------------

    def handle(self, request: WireRequest) -> WireResponse:
        """Answer one request. Never raises (bar ``BaseException``s like ``KeyboardInterrupt``)."""
        with self._lock:
            # One id per request, known before dispatch so the trail event and the answer agree.
            attempt = _Attempt(request_id=self._request_id())
            try:
                body = self._authenticated_dispatch(request, attempt)
                return self._success(attempt, body)
            except CloudError as error:
                return self._refusal(request, attempt, error)
            except Exception as error:  # noqa: BLE001 - the contract is "always a JSON answer"
                return self._internal_error(request, attempt, error)

    # -- the pipeline -----------------------------------------------------------------------

    def _authenticated_dispatch(self, request: WireRequest, attempt: _Attempt) -> dict[str, Any]:
        route = route_for_host(request.host)
        if route is None and is_alibaba_cloud_host(request.host):
            raise CloudError(
                "InvalidProduct.NotFound",
                f"immplay emulates RAM, STS and IMM only; the host {host_name(request.host)} "
                f"({request.describe()}) is not emulated.",
                404,
            )
        if request.method not in ("GET", "POST"):
            raise CloudError("UnsupportedHTTPMethod", f"This API does not support the {request.method} "
                             "method (immplay emulates RPC-style GET and POST).", 403)
        if request.path not in ("", "/"):
            raise CloudError("InvalidApi.NotFound", "Specified api is not found,please check your url "
                             f"and method. immplay emulates RPC calls on '/', got {request.path!r}.", 404)

        params: dict[str, str] = dict(request.query)
        params.update(request.form)
        authorization = request.headers.get("authorization", "")
        v3 = authorization.upper().startswith("ACS3-")
        if v3:
            action = request.headers.get("x-acs-action", "")
            version = request.headers.get("x-acs-version", "")
        else:
            action = params.get("Action", "")
            version = params.get("Version", "")
        attempt.action = action

        if route is not None:
            attempt.service = route.service
            attempt.product = SERVICES[route.service].product
        if not action:
            raise _missing("x-acs-action" if v3 else "Action")
        if not version:
            raise _missing("x-acs-version" if v3 else "Version")
        service = SERVICES[route.service] if route is not None else SERVICE_BY_VERSION.get(version)
        if service is None or service.version != version:
            known = ", ".join(f"{s.name.upper()} {s.version}" for s in SERVICES.values())
            raise CloudError("InvalidVersion", f"Specified parameter Version is not valid. "
                             f"Version={version!r} for {request.describe()}; immplay emulates {known}.", 400)
        attempt.service, attempt.product = service.name, service.product

        if v3:
            access_key_id, token, nonce = self._verify_v3(request, params, authorization, attempt)
            api_params = params
        else:
            access_key_id, token, nonce = self._verify_v1(request, params, attempt)
            api_params = {k: v for k, v in params.items() if k not in V1_COMMON_PARAMS}

        if not self.nonces.first_use(access_key_id, nonce):
            raise CloudError("SignatureNonceUsed", "Specified signature nonce was used already. "
                             f"(nonce {nonce!r}; immplay remembers nonces for "
                             f"{self.nonces.window_seconds / 60:g} minutes of wall time, up to the last "
                             f"{self.nonces.max_entries}; the real window is not documented)", 400)

        region = route.region if route is not None and route.region else params.get("RegionId", "")
        call = ApiCall(
            service=service.name,
            action=action,
            version=version,
            params=api_params,
            access_key_id=access_key_id,
            security_token=token or None,
            region=region,
            source_ip=request.source_ip,
            secure_transport=request.scheme == "https",
            request_id=attempt.request_id,
        )
        attempt.call = call
        attempt.dispatched = True
        return self.cloud.dispatch(call)

    def _check_fresh(self, value: str, name: str) -> None:
        if self.check_timestamps:
            check_timestamp(value, name, datetime.fromtimestamp(int(self.wall()), timezone.utc))

    def _verify_v1(self, request: WireRequest, params: dict[str, str], attempt: _Attempt) -> tuple[str, str, str]:
        if params.get("Format", "JSON").upper() != "JSON":
            raise CloudError("InvalidParameter", f"immplay answers JSON only; Format={params['Format']!r} "
                             "is not emulated (send Format=JSON).", 400)
        for name in ("AccessKeyId", "Signature", "Timestamp", "SignatureNonce"):
            if not params.get(name):
                if name == "AccessKeyId" or name == "Signature":
                    attempt.access_key_id = params.get("AccessKeyId", "")
                raise _missing(name)
        attempt.access_key_id = params["AccessKeyId"]
        method = params.get("SignatureMethod", "HMAC-SHA1")
        if method != "HMAC-SHA1":
            raise CloudError("InvalidSignatureMethod", f"Specified signature method {method!r} is not "
                             "supported (immplay verifies HMAC-SHA1 for signature version 1.0).", 400)
        if params.get("SignatureVersion", "1.0") != "1.0":
            raise CloudError("IncompleteSignature", f"SignatureVersion={params['SignatureVersion']!r} "
                             "is not supported; use 1.0.", 400)
        self._check_fresh(params["Timestamp"], "Timestamp")
        secret = self.cloud.signing_secret(params["AccessKeyId"])
        check = signature_v1.verify_v1(request.method, params, secret)
        if not check.matched:
            raise CloudError("SignatureDoesNotMatch", "Specified signature is not matched with our "
                             f"calculation. server string to sign is:{check.string_to_sign}", 400)
        return params["AccessKeyId"], params.get("SecurityToken", ""), params["SignatureNonce"]

    def _verify_v3(
        self, request: WireRequest, params: dict[str, str], authorization: str, attempt: _Attempt
    ) -> tuple[str, str, str]:
        try:
            auth = signature_v3.parse_authorization(authorization)
        except signature_v3.MalformedAuthorization as error:
            raise CloudError("IncompleteSignature", "The request signature does not conform to "
                             f"Aliyun standards: {error}.", 400) from None
        attempt.access_key_id = auth.access_key_id
        headers = request.headers
        for name in ("x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"):
            if not headers.get(name):
                raise _missing(name)
        self._check_fresh(headers["x-acs-date"], "x-acs-date")
        secret = self.cloud.signing_secret(auth.access_key_id)
        body_hash = hashlib.sha256(request.body).hexdigest()
        if headers["x-acs-content-sha256"].lower() != body_hash:
            raise CloudError("SignatureDoesNotMatch", "The x-acs-content-sha256 header does not match "
                             "the SHA-256 of the request body (immplay's choice of code: the real one "
                             "is not documented).", 400)
        canonical = signature_v3.canonical_request_v3(
            request.method, request.path, request.query, headers, auth.signed_headers,
            headers["x-acs-content-sha256"],
        )
        string_to_sign = signature_v3.string_to_sign_v3(canonical)
        if not signature_v3.signature_matches_v3(string_to_sign, secret, auth.signature):
            raise CloudError("SignatureDoesNotMatch", "Specified signature is not matched with our "
                             f"calculation. server string to sign is:{string_to_sign}", 400)
        return auth.access_key_id, headers.get("x-acs-security-token", ""), headers["x-acs-signature-nonce"]

    # -- answers ----------------------------------------------------------------------------

    def _request_id(self) -> str:
        try:
            return str(self.cloud.new_request_id())
        except Exception:  # noqa: BLE001 - an id must never be the reason an answer fails
            return str(uuid.uuid4()).upper()

    def _success(self, attempt: _Attempt, body: dict[str, Any]) -> WireResponse:
        request_id = attempt.request_id
        payload = {"RequestId": request_id, **{k: v for k, v in body.items() if k != "RequestId"}}
        return _json_response(200, payload, request_id)

    def _refusal(self, request: WireRequest, attempt: _Attempt, error: CloudError) -> WireResponse:
        if not attempt.dispatched:
            # The cloud records what it dispatches; the wire records what it refused before that.
            try:
                self.cloud.record_rejected(attempt.call, attempt.access_key_id, attempt.service,
                                           attempt.action, error.code, request_id=attempt.request_id)
            except Exception:  # noqa: BLE001 - the trail must not turn a 400 into a 500
                pass
        return self._error(request, attempt, error.http_status, error.code, error.message,
                           error.recommend, error.access_denied_detail)

    def _internal_error(self, request: WireRequest, attempt: _Attempt, error: Exception) -> WireResponse:
        message = (f"immplay internal error while handling {attempt.service or '?'}:{attempt.action or '?'}: "
                   f"{type(error).__name__}: {error} (this is a bug in the emulator, not in your code)")
        return self._error(request, attempt, 500, "InternalError", message, None, None)

    def _error(
        self,
        request: WireRequest,
        attempt: _Attempt,
        status: int,
        code: str,
        message: str,
        recommend: str | None,
        detail: dict | None,
    ) -> WireResponse:
        request_id = attempt.request_id
        product = attempt.product or "ram"
        payload: dict[str, Any] = {
            "RequestId": request_id,
            "HostId": host_name(request.host),
            "Code": code,
            "Message": message,
            "Recommend": recommend or f"https://next.api.aliyun.com/troubleshoot?q={code}&product={product}",
        }
        if status == 403 and detail:
            payload["AccessDeniedDetail"] = detail
        return _json_response(status, payload, request_id)


def _json_response(status: int, payload: dict[str, Any], request_id: str) -> WireResponse:
    try:
        body = _ENCODER.encode(payload).encode("utf-8")
    except (TypeError, ValueError) as error:
        body = json.dumps({
            "RequestId": request_id, "Code": "InternalError",
            "Message": f"immplay internal error: the answer is not JSON-serializable ({error})",
        }).encode()
        status = 500
    return WireResponse(status, {"Content-Type": JSON_CONTENT_TYPE, "x-acs-request-id": request_id}, body)
