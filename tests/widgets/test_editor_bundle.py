"""The committed editor bundle (immplay/widgets/editor.js) was built from the committed js/ sources.

`js/build.mjs` writes a sha256 of what it bundles (itself, package.json, package-lock.json and every
file under js/src) into the bundle's first line. The fast test recomputes that hash from the
committed files; the slow one installs the pinned packages and rebuilds, and compares byte for byte
(it skips, saying why, when npm or the registry is unavailable). The licences of the bundled npm
packages ship beside the bundle in editor.js.LICENSES.txt, written by the same build.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
JS = ROOT / "js"
BUNDLE = ROOT / "immplay" / "widgets" / "editor.js"
LICENSES = ROOT / "immplay" / "widgets" / "editor.js.LICENSES.txt"


def source_hash() -> str:
    """The hash build.mjs records: each input's name and bytes, in build.mjs's order."""
    names = ["build.mjs", "package.json", "package-lock.json"] + sorted(
        f"src/{p.name}" for p in (JS / "src").iterdir())
    digest = hashlib.sha256()
    for name in names:
        digest.update(f"{name}\n".encode())
        digest.update((JS / name).read_bytes())
    return digest.hexdigest()


def test_bundle_header_records_the_hash_of_the_committed_sources_and_lockfile():
    header = BUNDLE.read_text(encoding="utf-8").split("\n", 1)[0]
    recorded = re.search(r"sha256:([0-9a-f]{64})", header)
    assert recorded, f"no source hash in the bundle's first line: {header[:120]!r}"
    assert recorded.group(1) == source_hash(), "js/ changed since the bundle was built: run `make js`"


def test_bundle_is_minified_and_within_400_kb():
    text = BUNDLE.read_text(encoding="utf-8")
    size = len(text.encode())
    assert size <= 400_000, f"editor.js is {size / 1000:.0f} kB"
    assert size / (text.count("\n") + 1) > 10_000, "lines this short are not minified code"


def licence_sections() -> dict[str, tuple[str, str, str]]:
    """Each package named in editor.js.LICENSES.txt: (version, licence, licence text)."""
    parts = re.split(r"^={78}\n(\S+) (\S+) \(licence: ([^)]+)\)\n={78}\n", LICENSES.read_text(encoding="utf-8"),
                     flags=re.MULTILINE)
    return {parts[i]: (parts[i + 1], parts[i + 2], parts[i + 3]) for i in range(1, len(parts), 4)}


def test_licences_of_the_bundled_packages_ship_beside_the_bundle_at_their_locked_versions():
    import json

    sections = licence_sections()
    package = json.loads((JS / "package.json").read_text(encoding="utf-8"))
    locked = json.loads((JS / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    assert set(package["dependencies"]) <= set(sections), "a dependency of the editor has no licence beside the bundle"
    assert "esbuild" not in sections, "the bundler's own code is not in the bundle"
    for name, (version, licence, text) in sections.items():
        assert locked[f"node_modules/{name}"]["version"] == version, f"{name}'s licence is for another version"
        assert licence == locked[f"node_modules/{name}"]["license"], name
        if licence == "MIT":
            assert "Permission is hereby granted, free of charge" in text and "Copyright" in text, name
    assert source_hash() in LICENSES.read_text(encoding="utf-8").split("\n", 2)[1], "licences from another build"


def test_the_licence_file_is_package_data():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert LICENSES.name in project["tool"]["setuptools"]["package-data"]["immplay.widgets"]


def test_packages_are_pinned_to_exact_versions():
    import json

    package = json.loads((JS / "package.json").read_text(encoding="utf-8"))
    for name, version in {**package["dependencies"], **package["devDependencies"]}.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is not pinned: {version}"


def test_rebuilding_from_the_lockfile_gives_the_committed_bundle(tmp_path):
    if shutil.which("npm") is None or shutil.which("node") is None:
        pytest.skip("npm/node are not installed: cannot rebuild the editor bundle")
    work = tmp_path / "js"
    shutil.copytree(JS, work, ignore=shutil.ignore_patterns("node_modules"))
    install = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=work, capture_output=True, text=True,
                             timeout=300)
    if install.returncode != 0:
        pytest.skip(f"npm ci failed (no registry?): {install.stderr.strip()[-300:]}")
    out = tmp_path / "editor.js"
    subprocess.run(["node", "build.mjs"], cwd=work, check=True, capture_output=True, timeout=120,
                   env={**os.environ, "IMMPLAY_EDITOR_OUT": str(out)})
    assert out.read_bytes() == BUNDLE.read_bytes(), "the committed bundle differs from a fresh build: run `make js`"
    fresh_licences = tmp_path / "editor.js.LICENSES.txt"
    assert fresh_licences.read_text(encoding="utf-8") == LICENSES.read_text(encoding="utf-8"), \
        "the committed licences differ from a fresh build's: run `make js`"
