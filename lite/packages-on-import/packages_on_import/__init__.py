"""The site's packages, each installed the first time one of its modules is imported.

The site's kernel starts with only the packages the kernel itself and ``import immplay`` need (the build lists
them in ``jupyter-lite.json``); every other wheel of the site's Pyodide lock (the SDKs, ipywidgets, aiohttp, ...)
is installed when something first imports one of its modules. A cell that names its imports gets them from the
kernel already (Pyodide's ``loadPackagesFromImports`` reads the cell's text); this finder covers the imports no
cell shows: a module imported by name at run time (the pre-flight check imports a list of names) or inside a
function (immplay's widgets, the SDK clients a helper creates). The first such import installs every package not
installed yet, in one batch: its wheels are fetched together, which is quicker than one after the other as the
imports come (the pre-flight check alone imports a dozen of them).

Installing a package is asynchronous in Pyodide, an import is not. Where the browser has JavaScript Promise
Integration (Chromium 137 and later), ``pyodide.ffi.run_sync`` waits for the install inside the import. Where it
has not, the first cell the kernel runs first installs every package not installed yet: that cell waits as long
as the kernel's start used to, and every import works as before.

Setting the kernel's environment variable ``PACKAGES_ON_IMPORT_WITHOUT_RUN_SYNC=1`` takes the second way in any
browser: the site's browser test runs a notebook so, as a browser without stack switching would.

``install()`` is called by IPython's startup file ``ipython/profile_default/startup/00-packages-on-import.py``.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import os
import sys
from collections.abc import Sequence

import pyodide_js
from pyodide.ffi import can_run_sync, run_sync

WITHOUT_RUN_SYNC = "PACKAGES_ON_IMPORT_WITHOUT_RUN_SYNC"


def lock_imports() -> dict[str, str]:
    """Top-level module -> the package of the site's lock that installs it (the lock's ``imports``)."""
    packages = pyodide_js._api.lockfile_packages.to_py()
    return {module: name for name, package in packages.items() for module in package.get("imports", [])}


def not_installed(names: Sequence[str]) -> list[str]:
    loaded = pyodide_js.loadedPackages.to_py()
    return sorted({name for name in names if name not in loaded})


class LockPackageFinder(importlib.abc.MetaPathFinder):
    """Last on ``sys.meta_path``: asked only for a module no installed package has; when a package of the lock
    has it, installs every package of the lock not installed yet, then finds the module as usual."""

    def __init__(self, packages_by_module: dict[str, str]) -> None:
        self.packages_by_module = packages_by_module

    def find_spec(self, fullname: str, path: Sequence[str] | None = None, target: object = None):
        package = self.packages_by_module.get(fullname) if path is None else None
        if package is None or not not_installed([package]):
            return None
        if not can_run_sync():
            raise ModuleNotFoundError(
                f"{fullname} is part of this site (package {package}) but is not installed yet, and it cannot be "
                f"installed from here (a widget's or completion's callback): run a cell with `import {fullname}`",
                name=fullname)
        run_sync(pyodide_js.loadPackage(not_installed(pyodide_js._api.lockfile_packages.to_py())))
        importlib.invalidate_caches()
        return importlib.machinery.PathFinder.find_spec(fullname)


async def install_the_rest_before_the_first_cell(lines: list[str]) -> list[str]:
    """A cell transform of the kernel for browsers without stack switching: the first cell waits until every
    package of the site is installed, and then this transform removes itself."""
    from IPython import get_ipython

    transforms = get_ipython().kernel.lite_transform_manager.cleanup_transforms
    if install_the_rest_before_the_first_cell in transforms:
        transforms.remove(install_the_rest_before_the_first_cell)
        remaining = not_installed(pyodide_js._api.lockfile_packages.to_py())
        if remaining:
            await pyodide_js.loadPackage(remaining)
            importlib.invalidate_caches()
    return lines


def install() -> None:
    """Import the site's packages on first use: a finder with stack switching, else all of them before the
    first cell (see the module's docstring). Called once, when the kernel starts."""
    if can_run_sync() and os.environ.get(WITHOUT_RUN_SYNC) != "1":  # the kernel starts suspendable where it can
        if not any(isinstance(finder, LockPackageFinder) for finder in sys.meta_path):
            sys.meta_path.append(LockPackageFinder(lock_imports()))
        return
    from IPython import get_ipython

    get_ipython().kernel.lite_transform_manager.cleanup_transforms.insert(0, install_the_rest_before_the_first_cell)
