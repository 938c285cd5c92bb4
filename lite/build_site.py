"""Build the course as a static JupyterLite site in ``build/lite/`` (``make lite``): no server, no CDN.

Everything the browser loads is served by the site itself:

* Pyodide's core files come from the npm package ``pyodide`` (``npm pack``);
* every Python package comes from PyPI as a wheel Pyodide can load (``lite/requirements.txt``; in its pure-Python
  build where PyPI also has a Pyodide one: ``lite/requirements-pure.txt``), or is built
  from its sdist as a pure-Python wheel (``lite/requirements-sdist.txt``); immplay's own wheel is built here;
* ``cryptography`` has no browser build: ``lite/cryptography-unavailable`` stands in for it (see its docstring);
* every wheel's modules are compiled to bytecode by that Pyodide (in Node.js: ``lite/compile_wheels.mjs``), so
  the browser does not compile them at each kernel start;
* a ``pyodide-lock.json`` written here lists exactly these wheels, so the kernel never asks a package index or a
  CDN for anything; it starts with what it and ``import immplay`` need and installs the other wheels when they are
  first imported (``lite/packages-on-import``).

Run with the project's venv after ``pip install -r lite/requirements-build.txt``::

    .venv/bin/python lite/build_site.py            # -> build/lite/, opens at notebooks/00-start.ipynb
"""

from __future__ import annotations

import argparse
import ast
import email.parser
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

REPO = Path(__file__).resolve().parents[1]
LITE = REPO / "lite"
PYODIDE_VERSION = "314.0.6"  # the version jupyterlite-pyodide-kernel 0.8.6 is built for
PYODIDE_PLATFORM = "pyemscripten_2026_0_wasm32"
PYODIDE_PYTHON = "3.14"
PYODIDE_CORE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "package.json")
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
# The wheels the kernel extension ships (in its static/pypi): the kernel itself and its shims.
KERNEL_WHEELS = ("piplite", "pyodide-kernel", "ipykernel", "widgetsnbextension")
# What the kernel installs when it starts (with their dependencies, as the lock says): the kernel itself and
# what it imports (jupyterlite's worker installs these five itself unless they are preloaded), micropip and piplite
# (for %pip), immplay, and the loader of every other package on first import (lite/packages-on-import).
START_PACKAGES = ("pyodide-kernel", "ipykernel", "comm", "jedi", "ipython", "micropip", "piplite", "immplay",
                  "packages-on-import")
# Files of a wheel the browser does without, by package: jedi's stubs of third-party libraries (typeshed's
# `stubs/`, ~200 libraries, and Django's), most of its 5,710 files, which the kernel would unpack at every start.
# The stubs of libraries the site ships are kept (TYPESHED_STUBS); jedi completes any other from its sources.
WHEEL_FILES_LEFT_OUT = {"jedi": ("jedi/third_party/typeshed/stubs/", "jedi/third_party/django-stubs/")}
TYPESHED_STUBS = "jedi/third_party/typeshed/stubs/"
# IPython's folder in the browser: packages-on-import's, whose startup file installs that loader.
KERNEL_IPYTHONDIR = f"/lib/python{PYODIDE_PYTHON}/site-packages/packages_on_import/ipython"
# Declared dependencies the browser does not need: ipywidgets' JupyterLab front end (the site has it built in).
NOT_NEEDED_IN_BROWSER = {"jupyterlab-widgets"}
START_NOTEBOOK = "00-start.ipynb"
PYODIDE_KERNELSPEC = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
# The front-end (JupyterLab) extensions the site carries, from this venv: ipywidgets' widget manager, and
# anywidget's, which renders the code editor. Each whose Python half the kernel loads must be the same version.
FRONT_END_EXTENSIONS = {"@jupyter-widgets/jupyterlab-manager": None, "anywidget": "anywidget"}
# Standard-library modules Pyodide leaves out of its core (separate packages on its CDN, not shipped here).
PYODIDE_UNVENDORED_STDLIB = {"ssl", "_ssl", "sqlite3", "_sqlite3", "lzma", "_lzma", "test", "tkinter", "turtle"}
# Not course content: kept out of the site's files.
CONTENT_IGNORED = {"__pycache__", ".ipynb_checkpoints", "nbval-sanitize.cfg"}


def run(*command: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> None:
    """Run a command, echoing it; a failure stops the build with the command's own output."""
    print("+", " ".join(map(str, command)), flush=True)
    subprocess.run([str(c) for c in command], check=True, env=env, cwd=cwd)


def browser_environment() -> dict[str, str]:
    """PEP 508 marker values of the Pyodide runtime, to read the wheels' ``Requires-Dist``."""
    env = default_environment()
    env.update(sys_platform="emscripten", platform_system="Emscripten", os_name="posix", platform_machine="wasm32",
               python_version=PYODIDE_PYTHON, python_full_version=f"{PYODIDE_PYTHON}.2",
               implementation_name="cpython", platform_python_implementation="CPython")
    return env


def fetch_pyodide(cache: Path) -> Path:
    """Pyodide's core files from the npm registry (``npm pack pyodide@VERSION``), cached."""
    unpacked = cache / f"pyodide-npm-{PYODIDE_VERSION}" / "package"
    if not (unpacked / "pyodide.asm.wasm").exists():
        download = cache / "npm"
        download.mkdir(parents=True, exist_ok=True)
        run("npm", "pack", "--silent", f"pyodide@{PYODIDE_VERSION}", "--pack-destination", download)
        with tarfile.open(download / f"pyodide-{PYODIDE_VERSION}.tgz") as archive:
            archive.extractall(unpacked.parent, filter="data")
    return unpacked


def pip(*args: str | Path, env: dict[str, str] | None = None) -> None:
    run(sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet", *args, env=env)


def fetch_wheels(cache: Path, kernel_pypi: Path) -> list[Path]:
    """Every wheel the site serves: PyPI's browser-loadable wheels, wheels built from sdists, immplay's own."""
    downloaded = cache / "wheels"
    built = cache / "built-wheels"
    shutil.rmtree(built, ignore_errors=True)
    pip("download", "--no-deps", "--only-binary=:all:", "--platform", PYODIDE_PLATFORM,
        "--python-version", PYODIDE_PYTHON, "--implementation", "cp", "--abi", "cp314", "--abi", "abi3",
        "--abi", "none", "-d", downloaded, "-r", LITE / "requirements.txt")
    pip("download", "--no-deps", "--only-binary=:all:", "--platform", "any", "--python-version", PYODIDE_PYTHON,
        "--implementation", "py", "--abi", "none", "-d", downloaded, "-r", LITE / "requirements-pure.txt")
    sdist_env = {**os.environ, "PYYAML_FORCE_LIBYAML": "0"}
    pip("wheel", "--no-deps", "--no-binary", ":all:", "-w", built, "-r", LITE / "requirements-sdist.txt",
        env=sdist_env)
    pip("wheel", "--no-deps", "-w", built, REPO, LITE / "cryptography-unavailable", LITE / "packages-on-import")
    kernel = [next(kernel_pypi.glob(f"{name.replace('-', '_')}-*.whl")) for name in KERNEL_WHEELS
              if name != "widgetsnbextension"]
    kernel.append(next(kernel_pypi.glob("widgetsnbextension-4.*.whl")))
    wanted = {canonicalize_name(Requirement(line).name) for line in read_requirements(LITE / "requirements.txt")}
    pure = {canonicalize_name(Requirement(line).name) for line in read_requirements(LITE / "requirements-pure.txt")}
    from_pypi = [w for w in downloaded.glob("*.whl") if wheel_name(w) in wanted
                 or (wheel_name(w) in pure and w.name.endswith("-py3-none-any.whl"))]
    wheels = [*from_pypi, *built.glob("*.whl"), *kernel]
    for wheel in wheels:
        tags = parse_wheel_filename(wheel.name)[3]
        if not all(t.platform in ("any", PYODIDE_PLATFORM) for t in tags):
            raise SystemExit(f"{wheel.name} is not loadable by Pyodide (platform tag); fix lite/requirements*.txt")
    return wheels


def read_requirements(path: Path) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def wheel_name(wheel: Path) -> str:
    return canonicalize_name(parse_wheel_filename(wheel.name)[0])


def wheel_metadata(wheel: Path) -> tuple[email.message.Message, list[str]]:
    """The wheel's METADATA, and the top-level modules it installs (for the lock's ``imports``)."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata_path = next(n for n in names if n.endswith(".dist-info/METADATA") and n.count("/") == 1)
        metadata = email.parser.BytesParser().parsebytes(archive.read(metadata_path))
    tops = set()
    for name in names:
        head = name.split("/", 1)[0]
        if head.endswith((".dist-info", ".data")):
            continue
        if "/" in name or name.endswith(".py"):
            tops.add(head.removesuffix(".py"))
    return metadata, sorted(tops)


def lock_packages(wheels: list[Path]) -> tuple[dict[str, dict], dict[str, list[str]]]:
    """``pyodide-lock.json`` package entries for ``wheels``; also the declared dependencies left out."""
    env = browser_environment()
    names = {wheel_name(w) for w in wheels}
    packages, left_out = {}, {}
    for wheel in sorted(wheels):
        metadata, imports = wheel_metadata(wheel)
        name = wheel_name(wheel)
        depends, missing = [], []
        for line in metadata.get_all("Requires-Dist") or []:
            requirement = Requirement(line)
            if requirement.marker is not None and not requirement.marker.evaluate({**env, "extra": ""}):
                continue
            dependency = canonicalize_name(requirement.name)
            if dependency in names:
                depends.append(dependency)
            elif dependency not in NOT_NEEDED_IN_BROWSER:
                missing.append(dependency)
        if missing:
            left_out[name] = missing
        packages[name] = {
            "name": name, "version": metadata["Version"], "file_name": wheel.name, "install_dir": "site",
            "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(), "package_type": "package",
            "imports": imports, "depends": sorted(set(depends)), "unvendored_tests": False,
        }
    return packages, left_out


def precompile_wheels(cache: Path, npm_pyodide: Path, wheels: list[Path]) -> list[Path]:
    """The wheels with their modules compiled to bytecode by this Pyodide (``compile_wheels.mjs``, in Node.js):
    the browser then imports them without compiling their source at every kernel start. Cached by the
    original wheel's hash; the compiled wheel keeps its name (and its sources, for tracebacks)."""
    compiled_root = cache / "compiled-wheels"
    compiled, todo = [], []
    for wheel in wheels:
        target = compiled_root / f"{hashlib.sha256(wheel.read_bytes()).hexdigest()[:16]}-{PYODIDE_VERSION}" / wheel.name
        compiled.append(target)
        if not target.exists():
            todo.append((wheel, target))
    if todo:
        work = cache / "compile-work"
        shutil.rmtree(work, ignore_errors=True)
        for index, (wheel, _target) in enumerate(todo):
            with zipfile.ZipFile(wheel) as archive:
                archive.extractall(work / str(index))
        run("node", LITE / "compile_wheels.mjs", npm_pyodide, work)
        for index, (_wheel, target) in enumerate(todo):
            unpacked = work / str(index)
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(".partial")
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in sorted(p for p in unpacked.rglob("*") if p.is_file()):
                    archive.write(path, path.relative_to(unpacked).as_posix())
            partial.rename(target)
        shutil.rmtree(work)
    return compiled


def copy_wheel_without(wheel: Path, target: Path, prefixes: tuple[str, ...], keep: tuple[str, ...] = ()) -> None:
    """Copy ``wheel`` leaving out its files under ``prefixes`` (but not under ``keep``), and their lines of its
    RECORD."""
    def left_out(name: str) -> bool:
        return name.startswith(prefixes) and not name.startswith(keep)

    with zipfile.ZipFile(wheel) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            if left_out(info.filename):
                continue
            data = source.read(info)
            if info.filename.endswith(".dist-info/RECORD"):
                data = b"".join(line for line in data.splitlines(keepends=True) if not left_out(line.decode()))
            copy.writestr(info, data)


def stubs_of_shipped_libraries(wheel: Path, shipped: set[str]) -> tuple[str, ...]:
    """The folders of typeshed's third-party stubs in ``wheel`` (jedi's) for libraries of ``shipped``."""
    with zipfile.ZipFile(wheel) as archive:
        folders = {name[len(TYPESHED_STUBS):].split("/", 1)[0] for name in archive.namelist()
                   if name.startswith(TYPESHED_STUBS) and name.count("/") > TYPESHED_STUBS.count("/")}
    return tuple(sorted(f"{TYPESHED_STUBS}{folder}/" for folder in folders if canonicalize_name(folder) in shipped))


def assemble_pyodide(cache: Path, wheels: list[Path]) -> Path:
    """A Pyodide distribution folder: npm core files, the wheels, and a lock listing only those wheels."""
    npm_pyodide = fetch_pyodide(cache)
    wheels = precompile_wheels(cache, npm_pyodide, wheels)
    # jupyterlite's --pyodide takes a folder laid out like Pyodide's release archive: pyodide/<files>.
    shutil.rmtree(cache / "pyodide", ignore_errors=True)
    dist = cache / "pyodide" / "pyodide"
    dist.mkdir(parents=True)
    for name in PYODIDE_CORE:
        shutil.copy2(npm_pyodide / name, dist / name)
    shipped = {wheel_name(wheel) for wheel in wheels}
    for wheel in wheels:
        left_out = WHEEL_FILES_LEFT_OUT.get(wheel_name(wheel))
        if left_out:
            copy_wheel_without(wheel, dist / wheel.name, left_out, stubs_of_shipped_libraries(wheel, shipped))
        else:
            shutil.copy2(wheel, dist / wheel.name)
    wheels = [dist / wheel.name for wheel in wheels]
    packages, left_out = lock_packages(wheels)
    if left_out:
        raise SystemExit(f"packages of the site declare dependencies it does not ship: {left_out}; "
                         "add them to lite/requirements.txt (or lite/requirements-sdist.txt)")
    info = json.loads((npm_pyodide / "pyodide-lock.json").read_text())["info"]
    (dist / "pyodide-lock.json").write_text(json.dumps({"info": info, "packages": packages}, indent=1))
    return dist.parent


def stage_contents(cache: Path, course: Path = REPO / "notebooks") -> Path:
    """The course folder as the site serves it, with every sub-folder (``zh-CN/``, the Chinese course, and any
    data folder): notebooks set to the Pyodide kernel, no test-only files. Whatever helper modules the course
    folder holds are copied with it; nothing here depends on which ones (they may live in ``immplay.course``)."""
    staged = cache / "contents"
    shutil.rmtree(staged, ignore_errors=True)
    shutil.copytree(course, staged, ignore=shutil.ignore_patterns(*CONTENT_IGNORED))
    for notebook in staged.rglob("*.ipynb"):
        document = json.loads(notebook.read_text())
        document.setdefault("metadata", {})["kernelspec"] = PYODIDE_KERNELSPEC
        notebook.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    return staged


def top_level_imports(source: str) -> set[str]:
    """The top-level modules ``source`` imports absolutely (IPython's ``%`` and ``!`` lines left out).

    An ``if sys.version_info >= (3, N):`` block counts only its branch that the site's Python takes (the
    other branch imports for older Pythons, such as ``tomli`` for ``tomllib`` on 3.10).
    """
    code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())
    modules: set[str] = set()
    site_python = tuple(int(part) for part in PYODIDE_PYTHON.split("."))

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and (taken := _version_branch(node, site_python)) is not None:
            for child in taken:
                visit(child)
            return
        if isinstance(node, ast.Import):
            modules.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module.split(".")[0])
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(code))
    return modules


def _version_branch(node: ast.If, python: tuple[int, ...]) -> list[ast.stmt] | None:
    """The statements an ``if sys.version_info >= (3, N):`` runs on ``python``; None for any other test."""
    test = node.test
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.GtE)
            and ast.unparse(test.left) == "sys.version_info" and isinstance(test.comparators[0], ast.Tuple)):
        return None
    try:
        wanted = tuple(ast.literal_eval(test.comparators[0]))
    except ValueError:
        return None
    return node.body if python >= wanted else node.orelse


def course_imports(contents: Path, package: Path = REPO / "immplay") -> dict[str, set[str]]:
    """Every module the staged notebooks, their helper modules and immplay import, with who imports it."""
    importers: dict[str, set[str]] = {}
    found = [(path, "\n".join("".join(cell["source"]) for cell in json.loads(path.read_text())["cells"]
                               if cell["cell_type"] == "code"))
             for path in sorted(contents.rglob("*.ipynb"))]
    found += [(path, path.read_text()) for path in sorted([*contents.rglob("*.py"), *package.rglob("*.py")])]
    for path, source in found:
        try:
            modules = top_level_imports(source)
        except SyntaxError as error:
            raise SystemExit(f"{path}: cannot read its imports: {error}") from error
        shown = path.relative_to(contents if path.is_relative_to(contents) else package.parent)
        for module in modules:
            importers.setdefault(module, set()).add(str(shown))
    return importers


def unshipped_imports(importers: dict[str, set[str]], packages: dict[str, dict], contents: Path) -> dict[str, list[str]]:
    """The imported modules the browser would not find: not in Python's standard library, not installed by any
    wheel of the lock (Pyodide's unvendored standard-library modules count as missing), and not a module of the
    course folder that the importing file can reach; each with the files that import it.

    A notebook's kernel runs in the notebook's own folder, so a module of the course counts for the files of its
    folder and of the folders below it (a notebook in ``zh-CN/`` that imports a helper of the folder above has
    to put that folder on ``sys.path``, which nbval checks on a server, where the rule is the same)."""
    shipped = {module for package in packages.values() for module in package["imports"]}
    importable = {module for module in importers
                  if (module in sys.stdlib_module_names and module not in PYODIDE_UNVENDORED_STDLIB)
                  or module in shipped}
    unshipped = {}
    for module, files in sorted(importers.items()):
        missing = sorted(f for f in files if module not in importable and not course_module_reaches(contents, module, f))
        if missing:
            unshipped[module] = missing
    return unshipped


def course_module_reaches(contents: Path, module: str, importer: str) -> bool:
    """True when ``module`` is a module or package of the course folder in ``importer``'s folder or above it."""
    if not (contents / importer).is_file():
        return False  # a module of immplay: it imports the course folder's modules from nowhere
    folder = (contents / importer).parent
    while folder.is_relative_to(contents):
        if (folder / f"{module}.py").is_file() or (folder / module / "__init__.py").is_file():
            return True
        folder = folder.parent
    return False


def write_settings_overrides(target: Path) -> None:
    """binder/overrides.json (no news toast) plus lite/lab-settings.json (every cell stays in the page: the
    course's notebooks are short, and find-in-page then sees every output), merged into the lite dir."""
    merged = {}
    for source in (REPO / "binder" / "overrides.json", LITE / "lab-settings.json"):
        merged.update(json.loads(source.read_text()))
    target.write_text(json.dumps(merged, indent=2))


def with_dependencies(names: tuple[str, ...], packages: dict[str, dict]) -> list[str]:
    """``names`` and every package of the lock they depend on, directly or not."""
    found, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name not in found:
            found.add(name)
            todo += packages[name]["depends"]
    return sorted(found)


def configure_site(output: Path, packages: dict[str, dict]) -> None:
    """Install at kernel start what the kernel and ``import immplay`` need and the rest on first import, forbid
    fetching from PyPI, and open the site at 00-start."""
    config_path = output / "jupyter-lite.json"
    config = json.loads(config_path.read_text())
    settings = config["jupyter-config-data"].setdefault("litePluginSettings", {}).setdefault(KERNEL_PLUGIN, {})
    settings["disablePyPIFallback"] = True
    settings["pyodideUrl"] = "./static/pyodide/kernel-start.mjs"  # Pyodide, started faster: lite/kernel-start.mjs
    settings["loadPyodideOptions"] = {"packages": with_dependencies(START_PACKAGES, packages),
                                      "env": {"IPYTHONDIR": KERNEL_IPYTHONDIR}}
    config_path.write_text(json.dumps(config, indent=2) + "\n")
    # The lab page reads every index.html up to the site root for a #jupyter-config-data element: keep one.
    (output / "index.html").write_text(
        "<!doctype html>\n<meta charset='utf-8'>\n<title>immplay: RAM and STS for IMM, in your browser</title>\n"
        "<script id='jupyter-config-data' type='application/json' data-jupyter-lite-root='.'>{}</script>\n"
        f"<meta http-equiv='refresh' content='0; url=lab/index.html?path={START_NOTEBOOK}'>\n"
        f"<a href='lab/index.html?path={START_NOTEBOOK}'>Open the course</a>\n")


def write_start_archive(pyodide_folder: Path, names: list[str], packages: dict[str, dict]) -> None:
    """The files of the start packages in one archive, for ``lite/kernel-start.mjs`` (the kernel's Pyodide loader,
    copied here too): ``start-packages.gz`` holds every file of each pure-Python start wheel one after the other,
    ``start-packages.json`` says where each file is. Wheels with compiled libraries stay out (``native``): they
    are installed by Pyodide's ``loadPackage``, which loads their libraries, on the first import that needs them."""
    blob = bytearray()
    files, pure, native = [], [], []
    for name in names:
        with zipfile.ZipFile(pyodide_folder / packages[name]["file_name"]) as wheel:
            members = [info for info in wheel.infolist() if not info.is_dir()]
            if any(info.filename.endswith(".so") for info in members):
                native.append(name)
                continue
            pure.append(name)
            for info in members:
                data = wheel.read(info)
                files.append([info.filename, len(blob), len(data)])
                blob += data
    archive = "start-packages.gz"
    (pyodide_folder / archive).write_bytes(gzip.compress(bytes(blob), compresslevel=6, mtime=0))
    index = {"archive": archive, "size": len(blob), "sha256": hashlib.sha256(blob).hexdigest(),
             "packages": pure, "native": native, "files": files}
    (pyodide_folder / "start-packages.json").write_text(json.dumps(index, separators=(",", ":")))
    shutil.copy2(LITE / "kernel-start.mjs", pyodide_folder / "kernel-start.mjs")


def front_end_extensions(labextensions: Path, wheels: list[Path]) -> list[Path]:
    """The folders of FRONT_END_EXTENSIONS in this venv; a missing one, or one whose version differs from
    its Python half's wheel, stops the build."""
    versions = {wheel_name(w): parse_wheel_filename(w.name)[1] for w in wheels}
    folders = []
    for name, python_half in FRONT_END_EXTENSIONS.items():
        folder = labextensions / name
        if not (folder / "package.json").is_file():
            raise SystemExit(f"the JupyterLab extension {name} is not installed in {sys.prefix}: make setup")
        version = json.loads((folder / "package.json").read_text())["version"]
        if python_half is not None and str(versions.get(python_half)) != version:
            raise SystemExit(f"the front end of {name} in {sys.prefix} is {version} but lite/requirements.txt "
                             f"ships {python_half} {versions.get(python_half)}: pin the same version in both")
        folders.append(folder)
    return folders


def build(output: Path, cache: Path) -> None:
    """The whole build; ``output`` is replaced."""
    import jupyterlite_pyodide_kernel

    kernel_share = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "@jupyterlite" / "pyodide-kernel-extension"
    if not kernel_share.exists():
        raise SystemExit(f"jupyterlite-pyodide-kernel {jupyterlite_pyodide_kernel.__version__} has no labextension at "
                         f"{kernel_share}: pip install -r lite/requirements-build.txt")
    wheels = fetch_wheels(cache, kernel_share / "static" / "pypi")
    dist = assemble_pyodide(cache, wheels)
    contents = stage_contents(cache)
    packages = json.loads((dist / "pyodide" / "pyodide-lock.json").read_text())["packages"]
    unshipped = unshipped_imports(course_imports(contents), packages, contents)
    if unshipped:
        raise SystemExit("the course imports modules the site does not ship: "
                         + "; ".join(f"{m} (in {', '.join(files)})" for m, files in unshipped.items())
                         + "; add their packages to lite/requirements.txt")
    extensions = [kernel_share, *front_end_extensions(kernel_share.parents[1], wheels)]
    shutil.rmtree(output, ignore_errors=True)
    # A fresh, empty lite dir: jupyterlite keeps its task database there, and every build is a full one.
    lite_dir = cache / "lite-dir"
    shutil.rmtree(lite_dir, ignore_errors=True)
    lite_dir.mkdir()
    write_settings_overrides(lite_dir / "overrides.json")
    # Only the front-end extensions the course needs (above), not every one installed in this venv.
    run(Path(sys.executable).parent / "jupyter-lite", "build", "--lite-dir", lite_dir, "--contents", contents,
        "--output-dir", output, "--pyodide", dist, "--no-sourcemaps", "--ignore-sys-prefix", "--apps", "lab",
        f"--LiteBuildConfig.cache_dir={cache / 'jupyterlite'}",
        *(f"--LiteBuildConfig.federated_extensions={path}" for path in extensions), cwd=lite_dir)
    configure_site(output, packages)
    write_start_archive(output / "static" / "pyodide", with_dependencies(START_PACKAGES, packages), packages)
    print(f"site: {output} (open {output / 'index.html'} through a static web server)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=REPO / "build" / "lite", help="site folder (replaced)")
    parser.add_argument("--cache", type=Path, default=REPO / "build" / "lite-cache",
                        help="downloads kept between builds")
    args = parser.parse_args(argv)
    build(args.output.resolve(), args.cache.resolve())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
