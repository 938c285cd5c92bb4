"""Fixtures for the wire tests: a stand-in cloud (``fake_cloud.FakeCloud``) and a clean environment."""

from __future__ import annotations

import pytest
from fake_cloud import FakeCloud


@pytest.fixture
def fake_cloud() -> FakeCloud:
    return FakeCloud()


@pytest.fixture(autouse=True)
def _no_ambient_credentials_or_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    # The legacy SDK lets ALIYUN_ACCESS_KEY_* override explicit keys; proxies must not matter.
    for name in ("ALIYUN_ACCESS_KEY_ID", "ALIYUN_ACCESS_KEY_SECRET", "HTTP_PROXY", "HTTPS_PROXY",
                 "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
