"""The JupyterLite site (build/lite/, `make lite`) served from 127.0.0.1 to Debian's Chromium, sealed off.

Used by the Lite browser test and the Lite benchmark. A stdlib static file server serves the built site
on a free loopback port (nothing else: no Jupyter server). The browser resolves no host name but
127.0.0.1 (``--host-resolver-rules``), and every request the page, its workers or its service worker
make to another origin is recorded in ``Site.foreign_requests`` and aborted: a test fails on any.

The site's ``jupyter-lite.json`` is served to this browser with ``exposeAppInBrowser`` set, so that a
test can call JupyterLab commands (``window.jupyterapp``); the built file is not changed.

Example:
    with serving_site(SITE) as site, sealed_browser(site) as page:
        open_lite_notebook(page, site, "00-start.ipynb")
"""

from __future__ import annotations

import functools
import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from lab_session import CHROMIUM, CHROMIUM_ARGS, accept_kernel_dialog

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "build" / "lite"
SITE_MISSING = "the JupyterLite site is not built: run `make lite` (it needs npm and PyPI)"
# Any host name but the loopback address fails to resolve: nothing can leave even if a route misses it.
SEALED_ARGS = [*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
SERVICE_WORKER_EVENTS = "PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS"
MIME_TYPES = {".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
              ".json": "application/json", ".whl": "application/zip", ".ipynb": "application/json"}


@dataclass
class Site:
    """The site on loopback: its origin, and what the browser tried to fetch from anywhere else."""

    origin: str
    root: Path
    foreign_requests: list[str] = field(default_factory=list)

    def url(self, path: str = "") -> str:
        return f"{self.origin}/{path}"


class _QuietStaticHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


@contextmanager
def serving_site(root: Path = SITE) -> Iterator[Site]:
    """Serve `root` read-only on 127.0.0.1 (a free port) from a background thread; stop after."""
    handler = functools.partial(_QuietStaticHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield Site(origin=f"http://127.0.0.1:{server.server_address[1]}", root=root)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def sealed_browser(site: Site, *, viewport: tuple[int, int] = (1400, 1000),
                   kernel_env: dict[str, str] | None = None) -> Iterator[object]:
    """A Chromium page that may talk only to `site`: any other request is recorded and aborted.
    `kernel_env` adds environment variables to the site's Python kernel, for this browser only."""
    from playwright.sync_api import sync_playwright

    # Let playwright see (and route) the requests of the site's service worker too (read when the driver starts).
    previous = os.environ.get(SERVICE_WORKER_EVENTS)
    os.environ[SERVICE_WORKER_EVENTS] = "1"
    try:
        with sync_playwright() as p:
            yield from _sealed_page(p, site, viewport, kernel_env or {})
    finally:
        if previous is None:
            os.environ.pop(SERVICE_WORKER_EVENTS, None)
        else:
            os.environ[SERVICE_WORKER_EVENTS] = previous


def _sealed_page(p, site: Site, viewport: tuple[int, int], kernel_env: dict[str, str]) -> Iterator[object]:
    """A page of a new Chromium whose every request to another origin is recorded and aborted."""
    browser = p.chromium.launch(executable_path=CHROMIUM, args=SEALED_ARGS, headless=True)
    try:
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})

        def guard(route) -> None:
            url = route.request.url
            if not url.startswith(site.origin + "/"):
                site.foreign_requests.append(url)
                route.abort("blockedbyclient")
            elif urlsplit(url).path.endswith("/jupyter-lite.json"):
                response = route.fetch()
                route.fulfill(response=response, body=expose_app(response.text(), kernel_env))
            else:
                route.continue_()

        context.route("**/*", guard)
        context.on("request", lambda request: _note_foreign(site, request.url))
        yield context.new_page()
    finally:
        browser.close()


def _note_foreign(site: Site, url: str) -> None:
    if url.startswith(("data:", "blob:")) or url.startswith(site.origin + "/"):
        return
    if url not in site.foreign_requests:
        site.foreign_requests.append(url)


def expose_app(config_text: str, kernel_env: dict[str, str] | None = None) -> str:
    """A jupyter-lite.json with ``exposeAppInBrowser`` on (``window.jupyterapp``), for this browser only;
    with `kernel_env`, the Python kernel's environment gains those variables."""
    config = json.loads(config_text)
    data = config.setdefault("jupyter-config-data", {})
    data["exposeAppInBrowser"] = True
    if kernel_env:
        kernel = data.get("litePluginSettings", {}).get("@jupyterlite/pyodide-kernel-extension:kernel")
        if kernel is not None:  # only the site's own jupyter-lite.json carries the kernel's settings
            kernel.setdefault("loadPyodideOptions", {}).setdefault("env", {}).update(kernel_env)
    return json.dumps(config)


def open_lite_notebook(page, site: Site, notebook: str | None = None, *, timeout: float = 180) -> float:
    """Load the site (its start page when `notebook` is None) and wait for a ready kernel; return seconds taken.

    Ready: the notebook's kernel reports "idle" and answers a trivial execution (``1 + 1``).
    """
    started = time.monotonic()
    if page.evaluate("() => window.jupyterapp !== undefined"):
        close_all_documents(page)  # else the next page load restores them, each with its kernel
    page.goto(site.url() if notebook is None else site.url(f"lab/index.html?path={notebook}"), timeout=timeout * 1000)
    page.wait_for_function("""path => { const app = window.jupyterapp; const widget = app && app.shell.currentWidget;
                                        return !!(widget && widget.context && (!path || widget.context.path === path)); }""",
                           arg=notebook, timeout=timeout * 1000)
    deadline = started + timeout
    while time.monotonic() < deadline:
        accept_kernel_dialog(page)
        status = page.evaluate(KERNEL_STATUS)
        if status == "idle":
            return time.monotonic() - started
        page.wait_for_timeout(100)
    raise TimeoutError(f"no idle kernel within {timeout:.0f} s (last status: {page.evaluate(KERNEL_STATUS)})")


def close_all_documents(page) -> None:
    """Close every open document, dropping unsaved changes (a run's outputs), and let Lab save that layout."""
    page.evaluate("""() => {
      for (const widget of [...window.jupyterapp.shell.widgets('main')]) {
        if (widget.context) { widget.context.model.dirty = false; }
        widget.close();
      }
    }""")
    page.wait_for_timeout(1500)  # the layout is saved to browser storage shortly after it changes


# The kernel status of the notebook in the main area, as JupyterLab's session context knows it.
KERNEL_STATUS = """() => {
  const widget = window.jupyterapp.shell.currentWidget;
  const session = widget && widget.sessionContext;
  if (!session || !session.session || !session.session.kernel) return 'no kernel';
  return session.session.kernel.status;
}"""


def run_in_kernel(page, code: str, timeout: float = 120) -> dict:
    """Execute `code` in the current notebook's kernel (not in a cell); return its reply content and outputs."""
    return page.evaluate(
        """async ([code, timeout]) => {
          const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
          const outputs = [];
          const future = kernel.requestExecute({code, store_history: false});
          future.onIOPub = (msg) => {
            if (['stream', 'error', 'execute_result', 'display_data'].includes(msg.header.msg_type)) {
              outputs.push({type: msg.header.msg_type, content: msg.content});
            }
          };
          const reply = await Promise.race([future.done,
            new Promise((_, reject) => setTimeout(() => reject(new Error('execution timed out')), timeout * 1000))]);
          return {status: reply.content.status, outputs};
        }""",
        [code, timeout],
    )


def command(page, name: str, args: dict | None = None) -> None:
    """Run a JupyterLab command (e.g. ``notebook:run-all-cells``) and wait for it to return."""
    page.evaluate("async ([name, args]) => { await window.jupyterapp.commands.execute(name, args); }",
                  [name, args or {}])
