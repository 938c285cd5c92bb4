"""lite/build_site.py without the network: the lock it writes, the notebooks it stages, the stand-in it ships.

The lock is what makes the site self-contained: every package Pyodide loads is a file of the site, and
its dependencies are read from the wheel's own metadata as Pyodide (emscripten, Python 3.14) sees them.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


build_site = load("build_site_under_test", REPO / "lite" / "build_site.py")


def make_wheel(folder: Path, name: str, version: str, requires: list[str], modules: list[str]) -> Path:
    wheel = folder / f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
    metadata = "\n".join(["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}",
                          *(f"Requires-Dist: {r}" for r in requires)]) + "\n"
    with zipfile.ZipFile(wheel, "w") as archive:
        for module in modules:
            archive.writestr(module, "")
        archive.writestr(f"{name.replace('-', '_')}-{version}.dist-info/METADATA", metadata)
    return wheel


def test_lock_lists_each_wheel_with_its_hash_modules_and_the_dependencies_pyodide_needs(tmp_path):
    app = make_wheel(tmp_path, "app", "1.0", [
        "helper>=2",
        "pexpect>4.6; sys_platform != 'emscripten'",  # skipped in the browser by its own marker
        "colorama; sys_platform == 'win32'",
        "pytest; extra == 'test'",
        "jupyterlab_widgets~=3.0",  # front end only: the site has it already
    ], ["app/__init__.py", "app/core.py"])
    helper = make_wheel(tmp_path, "Helper", "2.1", ["tomli; python_version < '3.11'"], ["helper.py"])
    packages, left_out = build_site.lock_packages([app, helper])
    assert packages["app"]["depends"] == ["helper"]
    assert packages["app"]["imports"] == ["app"]
    assert packages["helper"] == {
        "name": "helper", "version": "2.1", "file_name": helper.name, "install_dir": "site",
        "sha256": hashlib.sha256(helper.read_bytes()).hexdigest(), "package_type": "package",
        "imports": ["helper"], "depends": [], "unvendored_tests": False,
    }
    assert left_out == {}


def test_lock_reports_a_declared_dependency_the_site_does_not_ship(tmp_path):
    app = make_wheel(tmp_path, "app", "1.0", ["cryptography>=3"], ["app.py"])
    _packages, left_out = build_site.lock_packages([app])
    assert left_out == {"app": ["cryptography"]}


def test_staged_notebooks_ask_for_the_pyodide_kernel_and_leave_test_files_out(tmp_path):
    staged = build_site.stage_contents(tmp_path)
    notebooks = sorted(p.name for p in staged.glob("*.ipynb"))
    assert notebooks[0] == "00-start.ipynb" and len(notebooks) == len(list((REPO / "notebooks").glob("*.ipynb")))
    for path in staged.rglob("*.ipynb"):
        assert json.loads(path.read_text())["metadata"]["kernelspec"]["name"] == "python"
    # whichever helper modules the course folder holds (some moved into immplay.course) come along
    helpers = sorted(p.name for p in (REPO / "notebooks").glob("*.py"))
    assert helpers == sorted(p.name for p in staged.glob("*.py"))
    assert not (staged / "nbval-sanitize.cfg").exists()


def write_notebook(path: Path, *sources: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    cells = [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source}
             for source in sources]
    path.write_text(json.dumps({"cells": cells, "metadata": {"kernelspec": {"name": "python3"}},
                                "nbformat": 4, "nbformat_minor": 5}))


def test_a_course_sub_folder_such_as_zh_cn_is_staged_with_its_notebooks_on_the_pyodide_kernel(tmp_path):
    course = tmp_path / "notebooks"
    write_notebook(course / "00-start.ipynb", "import preflight")
    write_notebook(course / "zh-CN" / "00-start.ipynb", "print('\u4f60\u597d')")
    (course / "preflight.py").write_text("")
    (course / "nbval-sanitize.cfg").write_text("")
    staged = build_site.stage_contents(tmp_path / "cache", course)
    twin = json.loads((staged / "zh-CN" / "00-start.ipynb").read_text(encoding="utf-8"))
    assert twin["metadata"]["kernelspec"] == build_site.PYODIDE_KERNELSPEC
    assert twin["cells"][0]["source"] == "print('\u4f60\u597d')"  # the Chinese text as it was
    assert sorted(p.relative_to(staged).as_posix() for p in staged.rglob("*") if p.is_file()) == [
        "00-start.ipynb", "preflight.py", "zh-CN/00-start.ipynb"]


def test_import_check_covers_sub_folders_where_a_helper_counts_in_its_folder_and_below(tmp_path):
    """A kernel runs in its notebook's folder: zh-CN/ reaches helpers of zh-CN/ and of the folder above (on
    sys.path there), but a helper that only a sub-folder holds is not importable from the folder above."""
    course = tmp_path / "course"
    write_notebook(course / "00-start.ipynb", "import preflight", "import only_in_zh")
    write_notebook(course / "zh-CN" / "00-start.ipynb", "import preflight, only_in_zh",
                   "from immplay.course import exercise_book", "import yaml")
    (course / "preflight.py").write_text("")
    (course / "zh-CN" / "only_in_zh.py").write_text("")
    package = tmp_path / "immplay"
    package.mkdir()
    (package / "mod.py").write_text("import preflight\n")  # the package cannot see the course folder
    importers = build_site.course_imports(course, package)
    assert importers["yaml"] == {"zh-CN/00-start.ipynb"}
    packages = {"immplay": {"imports": ["immplay"]}}
    assert build_site.unshipped_imports(importers, packages, course) == {
        "only_in_zh": ["00-start.ipynb"],
        "preflight": ["immplay/mod.py"],
        "yaml": ["zh-CN/00-start.ipynb"],
    }


@pytest.fixture
def stand_in(monkeypatch):
    """The stand-in importable as ``cryptography`` for one test; the real library is back afterwards."""
    def loaded():
        return [n for n in sys.modules if n == "cryptography" or n.startswith("cryptography.")]

    monkeypatch.syspath_prepend(str(REPO / "lite" / "cryptography-unavailable"))
    for name in loaded():
        monkeypatch.delitem(sys.modules, name)
    yield
    for name in loaded():
        del sys.modules[name]  # the stand-in's modules; monkeypatch then restores the real ones


def test_the_cryptography_stand_in_imports_what_the_sdks_import_and_refuses_rsa(stand_in):
    import cryptography
    from cryptography.hazmat.backends import default_backend
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.hazmat.primitives.serialization import load_der_private_key, load_pem_private_key

    for attempt in (lambda: load_pem_private_key(b"key", password=None), lambda: load_der_private_key(b"key", None),
                    default_backend, lambda: padding.PKCS1v15(), lambda: hashes.SHA256()):
        with pytest.raises(cryptography.UnavailableInBrowser, match="no build for the browser"):
            attempt()
    with pytest.raises(ImportError):
        from cryptography import x509  # noqa: F401 - anything beyond the SDKs' names is absent


def test_build_stops_on_a_course_import_the_site_does_not_ship_naming_who_imports_it(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    (course / "helper.py").write_text("import json\nimport yaml\nfrom ssl import create_default_context\n")
    cell = {"cell_type": "code", "source": ["%pip install nothing\n", "import helper, shipped.sub\n", "import gone"]}
    (course / "01-a.ipynb").write_text(json.dumps({"cells": [cell, {"cell_type": "markdown", "source": "import x"}]}))
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "mod.py").write_text("from . import sibling\nfrom shipped import thing\n")
    importers = build_site.course_imports(course, package)
    packages = {"shipped": {"imports": ["shipped"]}}
    assert build_site.unshipped_imports(importers, packages, course) == {
        "gone": ["01-a.ipynb"],
        "ssl": ["helper.py"],  # in Python's standard library, but not in Pyodide's core
        "yaml": ["helper.py"],
    }
    assert "shipped" in importers and importers["shipped"] == {"01-a.ipynb", "pkg/mod.py"}


def test_the_kernel_starts_with_its_start_packages_and_everything_they_depend_on_and_no_more(tmp_path):
    wheels = [make_wheel(tmp_path, "kernel", "1", ["shell"], ["kernel.py"]),
              make_wheel(tmp_path, "shell", "1", ["lexer"], ["shell.py"]),
              make_wheel(tmp_path, "lexer", "1", [], ["lexer.py"]),
              make_wheel(tmp_path, "sdk", "1", ["lexer"], ["sdk.py"])]
    packages, _ = build_site.lock_packages(wheels)
    assert build_site.with_dependencies(("kernel",), packages) == ["kernel", "lexer", "shell"]


def test_jedi_in_the_site_keeps_the_stubs_of_libraries_the_site_ships_and_drops_the_others(tmp_path):
    wheel = tmp_path / "jedi-1-py3-none-any.whl"
    stubs = "jedi/third_party/typeshed/stubs/"
    record = f"jedi/__init__.py,,\n{stubs}six/six/__init__.pyi,,\n{stubs}PyYAML/yaml/__init__.pyi,,\n"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("jedi/__init__.py", "x = 1\n")
        archive.writestr(f"{stubs}six/six/__init__.pyi", "")
        archive.writestr(f"{stubs}PyYAML/yaml/__init__.pyi", "")
        archive.writestr("jedi/third_party/django-stubs/django-stubs/__init__.pyi", "")
        archive.writestr("jedi/third_party/typeshed/stdlib/os.pyi", "")
        archive.writestr("jedi-1.dist-info/RECORD", record)
    keep = build_site.stubs_of_shipped_libraries(wheel, {"pyyaml", "jedi"})
    assert keep == (f"{stubs}PyYAML/",)
    copy = tmp_path / "site" / wheel.name
    copy.parent.mkdir()
    build_site.copy_wheel_without(wheel, copy, build_site.WHEEL_FILES_LEFT_OUT["jedi"], keep)
    with zipfile.ZipFile(copy) as archive:
        assert archive.namelist() == ["jedi/__init__.py", f"{stubs}PyYAML/yaml/__init__.pyi",
                                      "jedi/third_party/typeshed/stdlib/os.pyi", "jedi-1.dist-info/RECORD"]
        assert archive.read("jedi/__init__.py") == b"x = 1\n"
        assert archive.read("jedi-1.dist-info/RECORD").decode() == (
            f"jedi/__init__.py,,\n{stubs}PyYAML/yaml/__init__.pyi,,\n")


def test_the_import_check_follows_only_the_branch_of_a_version_guard_the_site_python_takes():
    source = ("import sys\nif sys.version_info >= (3, 11):\n    import tomllib\nelse:\n    import tomli as tomllib\n"
              "if sys.version_info >= (3, 99):\n    import from_the_future\nelse:\n    import json\n")
    assert build_site.top_level_imports(source) == {"sys", "tomllib", "json"}


def test_start_archive_holds_every_file_of_each_pure_start_wheel_and_leaves_compiled_ones_to_load_package(tmp_path):
    app = make_wheel(tmp_path, "app", "1.0", [], ["app/__init__.py", "app/core.py"])
    native = make_wheel(tmp_path, "fast", "2.0", [], ["fast/__init__.py", "fast/_speedups.cpython-314-wasm32-emscripten.so"])
    packages, _ = build_site.lock_packages([app, native])
    build_site.write_start_archive(tmp_path, ["app", "fast"], packages)

    index = json.loads((tmp_path / "start-packages.json").read_text())
    blob = gzip.decompress((tmp_path / index["archive"]).read_bytes())
    assert (index["packages"], index["native"]) == (["app"], ["fast"])
    assert (index["size"], index["sha256"]) == (len(blob), hashlib.sha256(blob).hexdigest())
    with zipfile.ZipFile(app) as wheel:
        expected = {name: wheel.read(name) for name in wheel.namelist()}
    assert {path: blob[offset:offset + size] for path, offset, size in index["files"]} == expected
    assert (tmp_path / "kernel-start.mjs").read_text() == (REPO / "lite" / "kernel-start.mjs").read_text()
