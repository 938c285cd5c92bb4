"""Binder and conda set-ups install what pyproject.toml's `course` extra says, and Binder runs postBuild.

Three files describe the course environment: pyproject.toml (`course` extra), binder/requirements.txt
(what repo2docker installs; when binder/ exists, repo2docker reads only that folder) and
environment.yml (conda users). The tests expand each into the set of distributions it installs and
require the three sets to be equal. When repo2docker is importable, `repo2docker --no-build --debug
--no-run .` prints the Dockerfile Binder would build (no Docker needed): it must copy the repository
before installing binder/requirements.txt (so `-e .` finds pyproject.toml), use Python 3.11, and run
binder/postBuild.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pytest depends on tomli there
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[2]
BINDER = REPO / "binder"
_LOCAL_PROJECT = re.compile(r"^(?:-e\s+)?\.(?:\[(?P<extras>[^\]]*)\])?$")


def canonical(requirement: str) -> str:
    """The distribution name of a requirement line, normalised (PEP 503): `Foo_Bar>=1` -> `foo-bar`."""
    name = re.split(r"[\s<>=!~;\[]", requirement.strip(), maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text())


def expand(lines: list[str]) -> set[str]:
    """The distributions a list of pip requirement lines installs; `-e .[x]` expands through pyproject."""
    project = pyproject()["project"]
    names: set[str] = set()
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        local = _LOCAL_PROJECT.match(line)
        if local:
            names.add(canonical(project["name"]))
            names |= {canonical(r) for r in project["dependencies"]}
            for extra in filter(None, (e.strip() for e in (local.group("extras") or "").split(","))):
                names |= {canonical(r) for r in project["optional-dependencies"][extra]}
        else:
            names.add(canonical(line))
    return names


def course_distributions() -> set[str]:
    return expand([".[course]"])


def binder_requirement_lines() -> list[str]:
    return (BINDER / "requirements.txt").read_text().splitlines()


def environment() -> dict:
    return yaml.safe_load((REPO / "environment.yml").read_text())


def test_binder_requirements_install_the_project_with_its_course_extra():
    assert expand(binder_requirement_lines()) == course_distributions()
    assert any(_LOCAL_PROJECT.match(line.strip()) for line in binder_requirement_lines()), (
        "binder/requirements.txt must install the repository itself (`-e .[course]`): repo2docker reads only binder/")


def test_environment_yml_installs_the_same_distributions_from_conda_forge_with_python_3_11():
    env = environment()
    assert env["channels"] == ["conda-forge"]
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip_lines = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert "python=3.11" in conda and "pip" in conda
    others = {canonical(d.split("=")[0]) for d in conda if not d.startswith(("python", "pip"))}
    assert expand(pip_lines) | others == course_distributions()


def test_binder_runtime_is_the_python_of_environment_yml_and_allowed_by_pyproject():
    runtime = (BINDER / "runtime.txt").read_text().strip()
    assert runtime == "python-3.11"
    assert "python=3.11" in environment()["dependencies"]
    assert pyproject()["project"]["requires-python"] == ">=3.10"


def test_post_build_stops_on_errors_and_installs_the_lab_settings_and_server_config():
    post_build = BINDER / "postBuild"
    text = post_build.read_text()
    assert text.startswith("#!/bin/bash\n")
    assert re.search(r"^set -e", text, re.MULTILINE), "postBuild must stop at the first failing command"
    assert os.access(post_build, os.X_OK)
    assert "cp binder/overrides.json" in text and "share/jupyter/lab/settings/overrides.json" in text
    assert "cp binder/jupyter_server_config.py" in text and ".jupyter/jupyter_server_config.py" in text
    assert (BINDER / "overrides.json").is_file() and (BINDER / "jupyter_server_config.py").is_file()


def test_post_build_runs_and_installs_both_files(tmp_path):
    """Run postBuild for real, with a scratch HOME and a scratch Python prefix standing in for Binder's."""
    prefix, home = tmp_path / "prefix", tmp_path / "home"
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    # `python` on Binder's PATH is the notebook env's; here a stub prints the scratch prefix instead.
    (fake_bin / "python").write_text(f"#!/bin/sh\necho {prefix}\n")
    (fake_bin / "python").chmod(0o755)
    env = dict(os.environ, HOME=str(home), PATH=f"{fake_bin}{os.pathsep}{os.environ['PATH']}")
    done = subprocess.run(["bash", "binder/postBuild"], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    installed = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert installed.read_text() == (BINDER / "overrides.json").read_text()
    assert (home / ".jupyter" / "jupyter_server_config.py").read_text() == (
        BINDER / "jupyter_server_config.py").read_text()


@pytest.fixture(scope="module")
def binder_dockerfile() -> str:
    if importlib.util.find_spec("repo2docker") is None:
        pytest.skip("repo2docker is not installed: pip install jupyter-repo2docker (it is in the `test` extra)")
    done = subprocess.run([sys.executable, "-m", "repo2docker", "--no-build", "--debug", "--no-run", "."],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout + done.stderr


def test_binder_dockerfile_copies_the_repo_before_installing_binder_requirements(binder_dockerfile):
    install = binder_dockerfile.index('pip install --no-cache-dir -r "binder/requirements.txt"')
    copy_repo = binder_dockerfile.index("COPY --chown=0:0 src/ ${REPO_DIR}/")
    assert copy_repo < install, "`-e .` needs the whole repository in place when pip runs"
    assert "WORKDIR ${REPO_DIR}" in binder_dockerfile


def test_binder_dockerfile_uses_python_3_11_and_runs_post_build(binder_dockerfile):
    assert "Building conda environment for python=3.11" in binder_dockerfile
    assert "RUN ./binder/postBuild" in binder_dockerfile
    install = binder_dockerfile.index('pip install --no-cache-dir -r "binder/requirements.txt"')
    assert binder_dockerfile.index("RUN ./binder/postBuild") > install, "postBuild needs the installed packages"
