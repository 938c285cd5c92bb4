"""The Node client's install from its lockfile skips, with the reason, when the registry is unreachable."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest
from node_install import install_from_lockfile

NODE_DIR = Path(__file__).parent / "node"


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_registry_skips_with_the_reason(tmp_path):
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not on PATH: nothing to install with")
    for name in ("package.json", "package-lock.json"):
        shutil.copy(NODE_DIR / name, tmp_path / name)
    registry = f"http://127.0.0.1:{closed_port()}/"
    with pytest.raises(pytest.skip.Exception) as skipped:
        install_from_lockfile(tmp_path, npm, "@alicloud/pop-core", registry=registry, cache=tmp_path / "cache",
                              timeout=120, fetch_retries=0)
    reason = str(skipped.value)
    assert f"{registry} is unreachable" in reason
    assert "package-lock.json" in reason
    assert not (tmp_path / "node_modules" / "@alicloud" / "pop-core").exists()


def test_an_installed_client_is_used_as_it_is(tmp_path):
    (tmp_path / "node_modules" / "@alicloud" / "pop-core").mkdir(parents=True)
    install_from_lockfile(tmp_path, "/nonexistent/npm", "@alicloud/pop-core")  # npm is not run
