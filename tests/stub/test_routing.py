"""Host names to services, as data (reference §7.1)."""

import pytest

from immplay.stub.routing import SERVICE_BY_VERSION, HostRoute, host_name, is_loopback, route_for_host


@pytest.mark.parametrize("host, route", [
    ("ram.aliyuncs.com", HostRoute("ram", "", "ram.aliyuncs.com")),
    ("sts.aliyuncs.com", HostRoute("sts", "", "sts.aliyuncs.com")),
    ("sts.cn-hangzhou.aliyuncs.com", HostRoute("sts", "cn-hangzhou", "sts.cn-hangzhou.aliyuncs.com")),
    ("sts-vpc.cn-shanghai.aliyuncs.com", HostRoute("sts", "cn-shanghai", "sts-vpc.cn-shanghai.aliyuncs.com")),
    ("imm.cn-shanghai.aliyuncs.com", HostRoute("imm", "cn-shanghai", "imm.cn-shanghai.aliyuncs.com")),
    ("IMM.ap-southeast-1.aliyuncs.com:443", HostRoute("imm", "ap-southeast-1", "imm.ap-southeast-1.aliyuncs.com")),
    ("imm-vpc.cn-beijing-gov-1.aliyuncs.com", HostRoute("imm", "cn-beijing-gov-1", "imm-vpc.cn-beijing-gov-1.aliyuncs.com")),
])
def test_emulated_hosts_route_to_their_service_and_region(host, route):
    assert route_for_host(host) == route


@pytest.mark.parametrize("host", ["ecs.aliyuncs.com", "oss-cn-shanghai.aliyuncs.com", "example.com",
                                  "imm.aliyuncs.com.evil.example", "100.100.100.200"])
def test_other_hosts_are_not_routed(host):
    assert route_for_host(host) is None


def test_loopback_addresses_are_recognised_with_or_without_port():
    assert is_loopback("127.0.0.1:8765") and is_loopback("localhost") and not is_loopback("10.0.0.1")
    assert host_name("[::1]:80") == "[::1]"


def test_each_service_has_its_one_version():
    assert {v: s.name for v, s in SERVICE_BY_VERSION.items()} == {
        "2015-05-01": "ram", "2015-04-01": "sts", "2020-09-30": "imm"}
