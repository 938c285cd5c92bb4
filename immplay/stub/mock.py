"""``mock_cloud()``: the official Python SDKs, both families, talk to an in-process emulated cloud.

One ``responses.RequestsMock`` registry answers every HTTP request made through ``requests``
(the new SDK family's sync calls) and, by patching the legacy SDK's vendored
``aliyunsdkcore.vendored.requests.adapters.HTTPAdapter.send`` with the same registry's
``unbound_on_send()``, every request of the legacy ``AcsClient``. Interception happens at the
adapter, before any proxy or socket, so ``HTTP(S)_PROXY`` cannot divert a call.

Nothing leaves the machine while the mock is active:

* RAM, STS and IMM hosts are answered by the emulator (``immplay.stub.handler``);
* another ``*.aliyuncs.com`` product gets a JSON 404 ``InvalidProduct.NotFound`` naming the host;
* a RAM, STS or IMM host of a region that does not exist (``imm.cn-shangai.aliyuncs.com``) raises
  ``UnemulatedRequest`` naming the region, as the real call fails to resolve the host name;
* any other host, the ECS metadata address ``100.100.100.200`` and the legacy SDK's location service
  raise ``UnemulatedRequest`` (a ``requests.ConnectionError``) that names the URL and the reason;
  no pass-through exists;
* ``aiohttp`` (the new family's ``*_async`` calls) cannot be intercepted: a non-loopback aiohttp
  request raises ``UnemulatedRequest`` telling you to use ``immplay.serve``.

Known effect of the environment: when ``ALIYUN_ACCESS_KEY_ID`` and ``ALIYUN_ACCESS_KEY_SECRET`` are
set, the legacy SDK signs with them instead of the ``credential=`` object you pass to ``AcsClient``
(even a ``StsTokenCredential``; only positional ``AcsClient(ak, secret)`` wins over them), so the
emulator sees that key and answers ``InvalidAccessKeyId.NotFound``. ``mock_cloud`` warns
(``AmbientCredentialsWarning``) when it starts with them set; unset them in tests.

Example::

    from immplay import mock_cloud
    from alibabacloud_ram20150501.client import Client
    from alibabacloud_tea_openapi.models import Config

    with mock_cloud(account_id="150910000000000", seed=0) as cloud:
        ak, secret = cloud.root_access_key
        ram = Client(Config(access_key_id=ak, access_key_secret=secret, region_id="cn-shanghai"))
        ram.list_users().body.users.user       # -> []

    @mock_cloud(seed=1)
    def test_something(cloud): ...             # a fresh cloud per call, passed as ``cloud``
"""

from __future__ import annotations

import functools
import inspect
import os
import re
import warnings
from collections.abc import Callable
from typing import Any, TypeVar
from unittest import mock as std_mock
from urllib.parse import urlsplit

import requests
import responses

from immplay.catalog.defaults import DEFAULT_REGION
from immplay.stub.handler import WireHandler
from immplay.stub.routing import (
    REFUSED_HOSTS,
    host_name,
    is_alibaba_cloud_host,
    is_loopback,
    route_for_host,
    unknown_region,
)
from immplay.stub.wire_cloud import new_cloud
from immplay.stub.wire_request import WireRequest

LEGACY_SEND_TARGET = "aliyunsdkcore.vendored.requests.adapters.HTTPAdapter.send"
AIOHTTP_REQUEST_TARGET = "aiohttp.ClientSession._request"
# Every method is answered (a credentials chain PUTs to the metadata address for a token); the
# SDKs' own methods first. responses checks the method before the URL, so extra entries cost little.
_METHODS = ("POST", "GET", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS")
_ANY_URL = re.compile(r".*")

F = TypeVar("F", bound=Callable[..., Any])


RECENT_CALLS = 64


class _BoundedRequestsMock(responses.RequestsMock):
    """A ``RequestsMock`` that keeps only the recent calls (``.calls``, at least ``RECENT_CALLS``).

    ``responses`` records every request and response forever; a notebook or a 10,000-call loop
    would grow without bound. The emulator's own record is ``cloud.trail`` (bounded too).
    """

    def _on_request(self, adapter: Any, request: Any, **kwargs: Any) -> Any:
        try:
            return super()._on_request(adapter, request, **kwargs)
        finally:
            # Trim in batches (cheap per call); CallList keeps a plain list in ``_calls``.
            if len(self.calls) >= 2 * RECENT_CALLS:
                for calls in (self.calls, *(match.calls for match in self.registered())):
                    del calls._calls[:-RECENT_CALLS]


class AmbientCredentialsWarning(UserWarning):
    """Environment variables that make an SDK ignore the credentials a test passes explicitly."""


_AMBIENT_LEGACY_KEYS = ("ALIYUN_ACCESS_KEY_ID", "ALIYUN_ACCESS_KEY_SECRET")


def _warn_about_ambient_credentials() -> None:
    if all(os.environ.get(name) for name in _AMBIENT_LEGACY_KEYS):
        warnings.warn(
            "ALIYUN_ACCESS_KEY_ID and ALIYUN_ACCESS_KEY_SECRET are set: the legacy AcsClient(credential=...) "
            "signs with them instead of the credential you pass, and the emulator will not know that key "
            "(InvalidAccessKeyId.NotFound). Unset them while using mock_cloud.",
            AmbientCredentialsWarning, stacklevel=3)


class UnemulatedRequest(requests.exceptions.ConnectionError):
    """A request ``mock_cloud`` refused because it does not emulate that host; nothing was sent."""


def _refusal_message(method: str, url: str, reason: str) -> str:
    return (f"immplay.mock_cloud refused {method} {url}: {reason}. Nothing was sent over the network. "
            "Emulated hosts: ram.aliyuncs.com, sts[.<region>].aliyuncs.com, imm.<region>.aliyuncs.com.")


def _unknown_region_reason(host: str, region: str) -> str:
    from immplay.catalog import regions
    from immplay.policy.suggestions import closest, did_you_mean

    return (f'"{region}" is not an Alibaba Cloud region, so {host} does not exist and a real call fails to '
            f"resolve it{did_you_mean(closest(region, regions(), n=2), language='en')}; check the client's region_id "
            "or endpoint")


class mock_cloud:  # noqa: N801 - used like a function: ``with mock_cloud() as cloud``
    """Context manager and decorator: intercept both SDK families and answer from a ``Cloud``.

    Parameters: ``account_id`` (the account's UID), ``region`` (the default region), ``seed``
    (ids, keys, tokens and RequestIds are a function of it), ``clock`` (``None`` = fixed start,
    ``"wall"`` = start at wall time, for the ``alibabacloud-credentials`` RamRoleArn provider),
    ``check_timestamps`` (``False`` skips the ±15 min ``Timestamp``/``x-acs-date`` check),
    ``source_ip`` (the ``acs:SourceIp`` the cloud sees), ``cloud`` (use this existing cloud
    instead of a new one; its state is kept).

    As a decorator each call gets a fresh cloud (or the ``cloud=`` one, state kept); a parameter
    of the decorated function named ``cloud`` receives it and is hidden from its signature.
    """

    def __init__(
        self,
        account_id: str | None = None,
        region: str = DEFAULT_REGION,
        seed: int = 0,
        clock: Any = None,
        check_timestamps: bool = True,
        *,
        source_ip: str = "127.0.0.1",
        cloud: Any = None,
    ) -> None:
        self.account_id = account_id
        self.region = region
        self.seed = seed
        self.clock = clock
        self.check_timestamps = check_timestamps
        self.source_ip = source_ip
        self._given_cloud = cloud
        self.cloud: Any = None
        self.handler: WireHandler | None = None
        self.registry: responses.RequestsMock | None = None
        self.last_registry: responses.RequestsMock | None = None
        self._patchers: list[Any] = []

    # -- context manager ----------------------------------------------------------------------

    def __enter__(self) -> Any:
        if self.registry is not None:
            raise RuntimeError("this mock_cloud is already active; create another one to nest")
        _warn_about_ambient_credentials()
        cloud = self._given_cloud
        if cloud is None:
            cloud = new_cloud(self.account_id, self.region, self.seed, self.clock)
        self.cloud = cloud
        self.handler = WireHandler(cloud, check_timestamps=self.check_timestamps)
        registry: responses.RequestsMock = _BoundedRequestsMock(assert_all_requests_are_fired=False)
        for method in _METHODS:
            registry.add_callback(method, _ANY_URL, callback=self._answer)
        registry.start()
        self.registry = registry
        try:
            self._patch(LEGACY_SEND_TARGET, registry.unbound_on_send())
            self._patch_aiohttp()
        except BaseException:
            self._stop()
            raise
        return cloud

    def __exit__(self, *exc_info: object) -> None:
        self._stop()

    def _patch(self, target: str, replacement: Any) -> None:
        module = target.split(".", 1)[0]
        try:
            __import__(module)
        except ImportError:
            return  # that SDK family is not installed: nothing of it to intercept
        patcher = std_mock.patch(target, new=replacement)
        patcher.start()
        self._patchers.append(patcher)

    def _patch_aiohttp(self) -> None:
        try:
            import aiohttp
        except ImportError:
            return
        patcher = std_mock.patch(AIOHTTP_REQUEST_TARGET, new=_aiohttp_guard(aiohttp.ClientSession._request))
        patcher.start()
        self._patchers.append(patcher)

    def _stop(self) -> None:
        while self._patchers:
            self._patchers.pop().stop()
        if self.registry is not None:
            self.registry.stop(allow_assert=False)
            self.last_registry = self.registry   # its recent ``calls`` stay readable after the block
            self.registry = None

    # -- decorator ------------------------------------------------------------------------------

    def _fresh(self) -> mock_cloud:
        return mock_cloud(self.account_id, self.region, self.seed, self.clock, self.check_timestamps,
                          source_ip=self.source_ip, cloud=self._given_cloud)

    def __call__(self, func: F) -> F:
        signature = inspect.signature(func)
        wants_cloud = "cloud" in signature.parameters
        # Hide ``cloud`` from callers (pytest would look for a fixture of that name).
        visible = signature.replace(parameters=[p for n, p in signature.parameters.items() if n != "cloud"])

        if inspect.iscoroutinefunction(func):
            @functools.wraps(func)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                with self._fresh() as cloud:
                    if wants_cloud:
                        kwargs["cloud"] = cloud
                    return await func(*args, **kwargs)

            run_async.__signature__ = visible  # type: ignore[attr-defined]
            return run_async  # type: ignore[return-value]

        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            with self._fresh() as cloud:
                if wants_cloud:
                    kwargs["cloud"] = cloud
                return func(*args, **kwargs)

        run.__signature__ = visible  # type: ignore[attr-defined]
        return run  # type: ignore[return-value]

    # -- the responses callback ---------------------------------------------------------------

    def _answer(self, request: Any) -> tuple[int, dict[str, str], bytes] | Exception:
        """Answer an intercepted request; refuse (with an exception naming it) what we do not emulate."""
        url = str(request.url)
        method = str(request.method)
        try:
            wire_request = WireRequest.from_prepared(request, source_ip=self.source_ip)
            host = host_name(urlsplit(url).netloc)
        except Exception as error:  # noqa: BLE001 - an exception here would reach the SDK raw
            return UnemulatedRequest(_refusal_message(method, url, f"the request cannot be read ({error})"))
        if host in REFUSED_HOSTS:
            return UnemulatedRequest(_refusal_message(method, url, REFUSED_HOSTS[host]))
        region = unknown_region(host)
        if region is not None:  # as for the real endpoint: no such host, so no HTTP answer at all
            return UnemulatedRequest(_refusal_message(method, url, _unknown_region_reason(host, region)))
        if route_for_host(host) is None and not is_alibaba_cloud_host(host):
            return UnemulatedRequest(_refusal_message(method, url, f"{host} is not an emulated host"))
        assert self.handler is not None
        answer = self.handler.handle(wire_request)
        return answer.status, answer.headers, answer.body


def _aiohttp_guard(original: Callable[..., Any]) -> Callable[..., Any]:
    """A stand-in for ``aiohttp.ClientSession._request``: loopback passes, anything else is refused."""

    async def guarded(session: Any, method: str, url: Any, *args: Any, **kwargs: Any) -> Any:
        host = getattr(url, "host", None) or str(url).split("://", 1)[-1].split("/", 1)[0]
        if is_loopback(str(host)):
            return await original(session, method, url, *args, **kwargs)
        raise UnemulatedRequest(_refusal_message(str(method), str(url), (
            "aiohttp requests (the SDK's *_async methods) cannot be intercepted in-process; run "
            "immplay.serve() and point the client at it (Config(endpoint='127.0.0.1:PORT', protocol='HTTP'))")))

    return guarded
