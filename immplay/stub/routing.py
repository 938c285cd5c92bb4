"""Which emulated service a request is for: host names (and, on loopback, the API version) as data.

Endpoints (reference §7.1): ``ram.aliyuncs.com``; ``sts.aliyuncs.com``, ``sts.<region>.aliyuncs.com``
and the ``sts-vpc`` forms; ``imm.<region>.aliyuncs.com`` (and ``imm-vpc.<region>``). The IMM region
comes from the host. A request to the loopback server (``127.0.0.1:PORT``, ``localhost``) names no
service in its host, so the API version decides (each emulated service has exactly one version).

Example::

    >>> route_for_host("imm.cn-beijing.aliyuncs.com")
    HostRoute(service='imm', region='cn-beijing', host='imm.cn-beijing.aliyuncs.com')
    >>> route_for_host("ecs.aliyuncs.com") is None
    True
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Service:
    """An emulated service: its short name, its one API version and the product name in errors."""

    name: str
    version: str
    product: str


SERVICES: dict[str, Service] = {
    "ram": Service("ram", "2015-05-01", "Ram"),
    "sts": Service("sts", "2015-04-01", "Sts"),
    "imm": Service("imm", "2020-09-30", "imm"),
}

SERVICE_BY_VERSION: dict[str, Service] = {service.version: service for service in SERVICES.values()}

_REGION = r"(?P<region>[a-z]{2}(?:-[a-z0-9]+)+)"

# (pattern, service name); a named group ``region`` carries the region when the host has one.
HOST_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"ram\.aliyuncs\.com"), "ram"),
    (re.compile(r"sts(?:-vpc)?\.aliyuncs\.com"), "sts"),
    (re.compile(rf"sts(?:-vpc)?\.{_REGION}\.aliyuncs\.com"), "sts"),
    (re.compile(rf"imm(?:-vpc)?\.{_REGION}\.aliyuncs\.com"), "imm"),
)

# Hosts the SDKs may call on their own and that the emulator refuses loudly, with the reason.
REFUSED_HOSTS: dict[str, str] = {
    "location.aliyuncs.com": (
        "the legacy SDK asked Alibaba Cloud's location service for an endpoint, which it does for "
        "a region it does not know; immplay does not emulate the location service: use a real "
        "region id (e.g. cn-shanghai) or client.add_endpoint(region, product, host)"
    ),
    "location-readonly.aliyuncs.com": (
        "the legacy SDK asked Alibaba Cloud's location service for an endpoint, which it does for "
        "a region it does not know; immplay does not emulate the location service: use a real "
        "region id (e.g. cn-shanghai) or client.add_endpoint(region, product, host)"
    ),
    "100.100.100.200": (
        "a credentials chain asked the ECS instance metadata service for credentials; immplay "
        "does not emulate ECS: pass credentials explicitly (an AccessKey from cloud.root_access_key "
        "or CreateAccessKey)"
    ),
}

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]", "0.0.0.0"})


@dataclass(frozen=True)
class HostRoute:
    """Where a request goes: service name, region from the host ("" when the host has none)."""

    service: str
    region: str
    host: str


@functools.lru_cache(maxsize=256)
def host_name(host: str) -> str:
    """The host without port, lowercase: ``"IMM.cn-shanghai.aliyuncs.com:443"`` -> ``"imm.cn-shanghai.aliyuncs.com"``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


@functools.lru_cache(maxsize=256)  # a process talks to a handful of hosts; routing is on every call
def route_for_host(host: str) -> HostRoute | None:
    """The emulated service behind a public host name, or ``None`` when it is not one of ours."""
    name = host_name(host)
    for pattern, service in HOST_RULES:
        found = pattern.fullmatch(name)
        if found:
            return HostRoute(service, found.groupdict().get("region") or "", name)
    return None


def unknown_region(host: str) -> str | None:
    """The region named by an emulated service's host when it is not an Alibaba Cloud region, else ``None``.

    Alibaba Cloud has endpoints only for its regions; a host such as ``imm.cn-shangai.aliyuncs.com``
    has no DNS record, so a real call fails before any HTTP answer.

    >>> unknown_region("imm.cn-shangai.aliyuncs.com"), unknown_region("imm.cn-shanghai.aliyuncs.com")
    ('cn-shangai', None)
    """
    route = route_for_host(host)
    if route is None or not route.region:
        return None
    from immplay.catalog import regions  # data; loaded once

    return None if route.region in regions() else route.region


def is_loopback(host: str) -> bool:
    """``True`` for the loopback server's own addresses (the version then picks the service)."""
    return host_name(host) in LOOPBACK_HOSTS


def is_alibaba_cloud_host(host: str) -> bool:
    """``True`` for any ``*.aliyuncs.com`` host (an Alibaba Cloud product immplay may not emulate)."""
    name = host_name(host)
    return name == "aliyuncs.com" or name.endswith(".aliyuncs.com")
