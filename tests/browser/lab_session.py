"""A throwaway JupyterLab (or Notebook 7, or Voila) on 127.0.0.1 plus Debian's Chromium via playwright.

Used by the browser test, the latency benchmark and the screenshot script. Everything JupyterLab
writes (workspaces, user settings, runtime files) goes under a temporary directory, the project's
lab settings overrides (binder/overrides.json: no news toast) are applied as user settings, and the
server is always stopped, even when the caller fails.

Example:
    with running_lab(notebook_dir) as lab, chromium() as browser:
        page = open_notebook(browser, lab, "playground.ipynb")
        run_all_cells(page, until=".immplay-playground")
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SERVER_CONFIG = REPO / "binder" / "jupyter_server_config.py"
SETTINGS_OVERRIDES = REPO / "binder" / "overrides.json"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_MISSING = "Chromium is missing: apt-get install -y chromium"
# Flags that let Debian's Chromium run headless as root in a container (see the facts file).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


@dataclass
class Lab:
    """A running Jupyter front end: JupyterLab ("lab"), Notebook 7 ("notebook") or Voila ("voila")."""

    url: str
    token: str
    root: Path
    log: Path
    process: subprocess.Popen
    frontend: str = "lab"

    def tree_url(self, notebook: str) -> str:
        """Where `notebook` opens: full Lab (with ?reset), the Notebook 7 page, or Voila's rendering."""
        if self.frontend == "notebook":
            return f"{self.url}/notebooks/{notebook}?token={self.token}"
        if self.frontend == "voila":
            return f"{self.url}/voila/render/{notebook}"
        return f"{self.url}/lab/tree/{notebook}?reset&token={self.token}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_user_settings(settings_dir: Path) -> None:
    # overrides.json maps "<package>:<plugin>" to settings; user settings live in <package>/<plugin>.jupyterlab-settings
    for plugin_id, values in json.loads(SETTINGS_OVERRIDES.read_text()).items():
        package, plugin = plugin_id.split(":", 1)
        target = settings_dir / package / f"{plugin}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))


def _command(frontend: str, notebook_dir: Path, home: Path, port: int, token: str, nodelay_config: bool) -> list[str]:
    if frontend == "voila":  # Voila runs its own server: no token, no Lab settings, no server config
        return [sys.executable, "-m", "voila", "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
                str(notebook_dir)]
    module = {"lab": "jupyterlab", "notebook": "notebook"}[frontend]
    cmd = [sys.executable, "-m", module, "--no-browser", "--allow-root",
           "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={notebook_dir}"]
    if frontend == "lab":
        cmd += [f"--LabApp.workspaces_dir={home / 'workspaces'}", f"--LabApp.user_settings_dir={home / 'user-settings'}",
                "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if nodelay_config:
        cmd.append(f"--config={SERVER_CONFIG}")
    return cmd


@contextmanager
def running_lab(notebook_dir: Path, *, nodelay_config: bool = True, frontend: str = "lab",
                startup_timeout: float = 90) -> Iterator[Lab]:
    """Start JupyterLab (or Notebook 7, or Voila) serving `notebook_dir` on 127.0.0.1, and stop it after.

    With `nodelay_config` the server loads binder/jupyter_server_config.py (not for Voila).
    """
    home = Path(tempfile.mkdtemp(prefix="immplay-lab-"))
    for sub in ("runtime", "workspaces", "user-settings", "config"):
        (home / sub).mkdir()
    _write_user_settings(home / "user-settings")
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(home / "runtime"), JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"), JUPYTERLAB_SETTINGS_DIR=str(home / "user-settings"),
               PYTHONUNBUFFERED="1")
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        env.pop(proxy, None)  # loopback only
    cmd = _command(frontend, notebook_dir, home, port, token, nodelay_config and frontend != "voila")
    log = home / "server.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=notebook_dir)
    lab = Lab(url=f"http://127.0.0.1:{port}", token=token, root=notebook_dir, log=log, process=process,
              frontend=frontend)
    try:
        _wait_until_up(lab, startup_timeout)
        yield lab
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        shutil.rmtree(home, ignore_errors=True)


def _wait_until_up(lab: Lab, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    while time.monotonic() < deadline:
        if lab.process.poll() is not None:
            raise RuntimeError(f"{lab.frontend} exited with {lab.process.returncode}:\n{lab.log.read_text()[-3000:]}")
        try:
            probe = f"{lab.url}/voila/tree" if lab.frontend == "voila" else f"{lab.url}/api/status?token={lab.token}"
            with opener.open(probe, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{lab.frontend} did not answer within {timeout} s:\n{lab.log.read_text()[-3000:]}")


@contextmanager
def chromium(**launch: object) -> Iterator[object]:
    """Debian's Chromium through playwright (no `playwright install` needed)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, **launch)
        try:
            yield browser
        finally:
            browser.close()


def open_notebook(browser, lab: Lab, notebook: str, *, viewport=(1400, 1000)):
    """Open `notebook` and wait until its kernel is idle (Voila: until the page has rendered)."""
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    page.goto(lab.tree_url(notebook), timeout=120_000)
    if lab.frontend == "voila":
        return page  # Voila runs every cell itself
    page.wait_for_selector(".jp-NotebookPanel", timeout=90_000)
    wait_kernel_idle(page)
    return page


def wait_kernel_idle(page, timeout: float = 90_000, settle: float = 2.0) -> None:
    """Wait until the kernel indicator has read "idle" for `settle` seconds in a row.

    It reads "idle" for a moment before the kernel has even started, so one sighting is not enough.
    """
    indicator = page.locator(".jp-Notebook-ExecutionIndicator").first
    deadline = time.monotonic() + timeout / 1000
    idle_since = None
    while time.monotonic() < deadline:
        accept_kernel_dialog(page)
        if indicator.get_attribute("data-status") == "idle":
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since >= settle:
                return
        else:
            idle_since = None
        page.wait_for_timeout(200)
    raise TimeoutError(f"the kernel was not idle within {timeout / 1000:.0f} s")


def accept_kernel_dialog(page) -> None:
    """If Lab asks which kernel to use, take its preselected choice (the notebook's python3)."""
    dialog = page.locator(".jp-Dialog")
    if dialog.count() and "Select Kernel" in dialog.first.inner_text():
        dialog.locator(".jp-mod-accept").first.click()


def run_all_cells(page, until: str, attempts: int = 3, timeout: float = 45_000) -> None:
    """Run > Run All Cells through the menu bar until `until` (a CSS selector) shows up.

    On a loaded machine Lab may still be wiring the kernel when the menu is first used, and the run
    is dropped; the menu is used again (at most `attempts` times) rather than failing at once.
    """
    for attempt in range(1, attempts + 1):
        page.keyboard.press("Escape")  # close any menu left open
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        try:
            page.wait_for_selector(until, timeout=timeout)
        except Exception:
            accept_kernel_dialog(page)
            if attempt == attempts:
                raise
            wait_kernel_idle(page)
            continue
        wait_kernel_idle(page)
        return


def copy_course_folder(target: Path) -> None:
    """The course folder (notebooks/, both languages, and what they read) copied into `target`, as a trainee has it."""
    shutil.copytree(REPO / "notebooks", target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))


def copy_notebook(source: Path, target_dir: Path) -> str:
    """Copy a committed notebook into the served directory (Lab autosaves: always drive a copy)."""
    shutil.copy(source, target_dir / source.name)
    return source.name
