"""The seam between the wire and a cloud: ``WireCloud`` is what the stub needs, and both the real
``Cloud`` and the test stand-in ``FakeCloud`` keep it, member by member and parameter by parameter."""

from __future__ import annotations

import inspect

import pytest
from fake_cloud import FakeCloud

from immplay.cloud import Cloud
from immplay.stub.wire_cloud import WireCloud, new_cloud

METHODS = ("signing_secret", "new_request_id", "dispatch", "record_rejected")


def parameters(function) -> list[tuple[str, object]]:
    """Names, kinds and defaults of a method's parameters (without ``self``), as a caller sees them."""
    return [(p.name, p.kind, p.default) for p in inspect.signature(function).parameters.values()
            if p.name != "self"]


@pytest.mark.parametrize("make", [Cloud, FakeCloud], ids=["Cloud", "FakeCloud"])
def test_each_cloud_the_wire_talks_to_is_a_wire_cloud(make):
    cloud = make()
    assert isinstance(cloud, WireCloud)
    assert isinstance(cloud.account_id, str)
    key_id, secret = cloud.root_access_key
    assert cloud.signing_secret(key_id) == secret


@pytest.mark.parametrize("cls", [Cloud, FakeCloud], ids=["Cloud", "FakeCloud"])
@pytest.mark.parametrize("name", METHODS)
def test_each_method_takes_the_parameters_the_wire_passes(cls, name):
    assert parameters(getattr(cls, name)) == parameters(getattr(WireCloud, name)), name


def test_an_object_missing_a_member_is_not_a_wire_cloud():
    class NoTrail:
        account_id = "1509100000000000"
        root_access_key = ("id", "secret")

        def signing_secret(self, access_key_id: str) -> str:
            return "secret"

        def new_request_id(self) -> str:
            return "id"

        def dispatch(self, call) -> dict:
            return {}

    assert not isinstance(NoTrail(), WireCloud)


def test_new_cloud_applies_the_options_mock_cloud_and_serve_accept():
    cloud = new_cloud(account_id="1234567890123456", region="cn-beijing", seed=3, clock="wall")
    assert (cloud.account_id, cloud.region, cloud.seed, cloud.clock_mode) == ("1234567890123456", "cn-beijing", 3,
                                                                              "wall")
    assert new_cloud(account_id=None, region="cn-shanghai", seed=0, clock=None).account_id == Cloud().account_id
