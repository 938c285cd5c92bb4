"""End-to-end tests: the official SDKs of both families against mock_cloud / serve.

Every test asserts on response FIELDS or on the exception's code/status/message: the new family
silently gives ``body is None`` for a response of the wrong shape, so "no exception" proves nothing.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_ambient_credentials_or_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    # ALIYUN_ACCESS_KEY_* override explicit legacy credentials; ALIBABA_CLOUD_* feed the new chain.
    for name in ("ALIYUN_ACCESS_KEY_ID", "ALIYUN_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_ACCESS_KEY_ID",
                 "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_STS_REGION",
                 "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED", "HTTP_PROXY", "HTTPS_PROXY", "http_proxy",
                 "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
