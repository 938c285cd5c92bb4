"""Fixtures for the cloud tests: a seeded ``Cloud`` and the root's client.

Every test goes through ``cloud.dispatch(ApiCall(...))``, the entry point the wire layer uses.
"""

from __future__ import annotations

import pytest
from cloud_clients import Client

from immplay.cloud import Cloud


@pytest.fixture
def cloud() -> Cloud:
    return Cloud(seed=0)


@pytest.fixture
def root(cloud: Cloud) -> Client:
    return Client(cloud, cloud.root_access_key[0])


