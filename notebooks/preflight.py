"""The course's pre-flight check: is everything the notebooks use installed, and how to fix what is not.

Deliberately free of immplay imports (immplay itself is one of the things it checks), so it also
runs in a bare Python. Each check prints one line: ``ok`` or ``MISSING`` plus the command that
fixes it; a ``note`` line says what is optional. The output is the same on every machine where the
course was installed (`make setup`, `pip install -e '.[course]'`, `conda env create -f
environment.yml`, Binder): no versions or paths, which lets nbval compare it.

Example:
    >>> from preflight import run_checks
    >>> run_checks()          # doctest: +SKIP
    ok       Python 3.10 or newer
    ...
    All set: every notebook of the course can run here.
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass

FIX_INSTALL = "run `make setup` in the repository (or: pip install -e '.[course]')"

# (module to import, what it is for) - the course needs all of them
REQUIRED_MODULES = (
    ("immplay", "the policy engine, the emulator and the widgets"),
    ("ipywidgets", "the live widgets (PolicyPlayground, AccessMatrix, Exercise)"),
    ("anywidget", "the widgets' code editor (CodeMirror, shipped inside immplay)"),
    ("responses", "mock_cloud intercepts the SDKs' HTTP calls with it"),
    ("pyotp", "TOTP codes for the virtual MFA device (notebook 03)"),
    ("alibabacloud_tea_openapi", "the new SDK family's Config and errors"),
    ("alibabacloud_ram20150501", "the new SDK family: RAM"),
    ("alibabacloud_sts20150401", "the new SDK family: STS"),
    ("alibabacloud_imm20200930", "the new SDK family: IMM"),
    ("aliyunsdkcore", "the legacy SDK core: AcsClient, StsTokenCredential (notebook 05)"),
    ("aliyunsdkram", "the legacy SDK: RAM requests"),
    ("aliyunsdksts", "the legacy SDK: STS requests"),
    ("aliyunsdkimm", "the legacy SDK: IMM requests"),
)

# Environment variables that change what the SDKs send: the legacy AcsClient lets ALIYUN_ACCESS_KEY_*
# override the key you pass it, and both families send HTTP(S)_PROXY even for loopback.
DISTURBING_VARIABLES = ("ALIYUN_ACCESS_KEY_ID", "ALIYUN_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_ACCESS_KEY_ID",
                        "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN")



@dataclass(frozen=True)
class Check:
    """One line of the report: what was checked, whether it holds, and how to fix it if not."""

    what: str
    ok: bool
    fix: str = ""

    def line(self) -> str:
        if self.ok:
            return f"ok       {self.what}"
        return f"MISSING  {self.what}\n         fix: {self.fix}"


def python_check() -> Check:
    return Check("Python 3.10 or newer", sys.version_info >= (3, 10),
                 f"this kernel runs Python {sys.version.split()[0]}; install Python 3.11 and re-create the venv")


def module_check(module: str, purpose: str) -> Check:
    try:
        importlib.import_module(module)
    except Exception as error:  # noqa: BLE001 - any import failure is reported, never raised
        return Check(f"{module}: {purpose}", False, f"{FIX_INSTALL}  ({type(error).__name__}: {error})")
    return Check(f"{module}: {purpose}", True)


def ipywidgets_version_check() -> Check:
    try:
        import ipywidgets
    except ImportError:
        return Check("ipywidgets 8 (no lab extension build needed)", False, FIX_INSTALL)
    major = int(ipywidgets.__version__.split(".")[0])
    return Check("ipywidgets 8 (no lab extension build needed)", major == 8,
                 f"ipywidgets {ipywidgets.__version__} is installed; {FIX_INSTALL}")


# A note, not a check: the course runs the same with or without the project's JupyterLab settings
# (binder/overrides.json turns off Lab's news and update pop-ups), so the line reads the same everywhere.
LAB_SETTINGS_NOTE = ("note     JupyterLab's news and update pop-ups: `make setup` and Binder turn them off "
                     "(binder/overrides.json);\n         elsewhere they may appear, and the course works the same.")


def environment_checks() -> list[Check]:
    """Variables that would make the legacy SDK send another key than the one the notebook uses."""
    present = [name for name in DISTURBING_VARIABLES if os.environ.get(name)]
    return [Check(f"{name} is not set", False,
                  f"unset {name} before starting Jupyter: the legacy SDK lets it override the key you pass")
            for name in present]


# --- In the browser (the JupyterLite site, `make lite`) ------------------------------------------------
def in_browser() -> bool:
    """True in the JupyterLite site: the kernel is Pyodide, inside the web page, with no server."""
    return sys.platform == "emscripten"


def browser_check() -> Check:
    """In the browser the site carries its own Lab settings; say where we are and what does not run here."""
    return Check("running in your browser (JupyterLite): no server; mock_cloud works, immplay.serve does not",
                 True)
# -------------------------------------------------------------------------------------------------------


def all_checks() -> list[Check]:
    checks = [python_check()]
    checks += [module_check(module, purpose) for module, purpose in REQUIRED_MODULES]
    checks += [ipywidgets_version_check()] + ([browser_check()] if in_browser() else [])
    checks += environment_checks()
    return checks


def run_checks() -> bool:
    """Print one line per check and a verdict; return True when the course can run."""
    checks = all_checks()
    for check in checks:
        print(check.line())
    if not in_browser():  # the site carries its own Lab settings
        print(LAB_SETTINGS_NOTE)
    missing = [c for c in checks if not c.ok]
    if missing:
        print(f"\n{len(missing)} problem(s): fix them (commands above), restart the kernel, run this cell again.")
    else:
        print("\nAll set: every notebook of the course can run here.")
    return not missing


if __name__ == "__main__":
    raise SystemExit(0 if run_checks() else 1)
