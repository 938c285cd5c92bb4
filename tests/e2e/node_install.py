"""Install a Node test client from its lockfile (``npm ci``), skipping when the registry cannot be reached.

``npm ci`` installs exactly what ``package-lock.json`` pins, and needs the npm registry the first time
(afterwards ``--prefer-offline`` reads npm's cache). A registry that cannot be reached (no network, a
DNS failure, a refused or timed-out connection) is not a failure of the code under test: the test is
skipped and says why. Any other failure of ``npm ci`` (a lockfile out of sync with ``package.json``, an
unsupported Node) fails the test with npm's own message.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

# npm's codes and messages when it cannot reach a registry (node's errno names, npm's fetch errors).
UNREACHABLE = re.compile(r"\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|"
                         r"ESOCKETTIMEDOUT|ERR_SOCKET_TIMEOUT|EPROTO|CERT_\w+|UNABLE_TO_\w+)\b|"
                         r"network request to .* failed|request to https?://\S+ failed")


def unreachable_reason(npm_output: str) -> str | None:
    """The line of npm's output saying the registry could not be reached, or None when it says otherwise.

    >>> unreachable_reason("npm error code ENOTFOUND\\nnpm error network request to https://registry.npmjs.org/x failed")
    'npm error code ENOTFOUND'
    >>> unreachable_reason("npm error code EUSAGE\\nnpm error `npm ci` can only install packages when ...") is None
    True
    """
    for line in npm_output.splitlines():
        if UNREACHABLE.search(line):
            return line.strip()
    return None


def install_from_lockfile(folder: Path, npm: str, package: str, *, registry: str | None = None,
                          cache: Path | None = None, timeout: float = 300, fetch_retries: int = 1) -> None:
    """``npm ci`` in ``folder`` unless ``node_modules/<package>`` is already there; ``pytest.skip`` when the
    registry is unreachable, ``pytest.fail`` with npm's message on any other failure. ``fetch_retries``:
    how often npm retries a failed download (each retry waits at least 10 s)."""
    if (folder / "node_modules" / package).is_dir():
        return
    command = [npm, "ci", "--no-audit", "--no-fund", "--prefer-offline", f"--fetch-retries={fetch_retries}"]
    if registry is not None:
        command.append(f"--registry={registry}")
    if cache is not None:
        command.append(f"--cache={cache}")
    where = registry or "the npm registry"
    try:
        done = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.skip(f"npm ci in {folder} did not finish in {timeout:.0f} s: {where} is unreachable or too slow "
                    f"to install {package} from package-lock.json")
    if done.returncode == 0:
        return
    output = done.stdout + "\n" + done.stderr
    reason = unreachable_reason(output)
    if reason is not None:
        pytest.skip(f"{where} is unreachable, so npm ci cannot install {package} from package-lock.json "
                    f"({reason})")
    pytest.fail(f"npm ci in {folder} failed:\n{output[-2000:]}")
