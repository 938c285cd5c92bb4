"""The course with no server: the JupyterLite site (build/lite/, `make lite`) in Chromium, sealed off.

The built site is served by a static file server on 127.0.0.1 (lite_session.py); Chromium may reach
nothing else: every other request is aborted and recorded, and any fails the test. The site opens at
00-start; then every notebook of the course in turn: clear its outputs, Run All, and require that
- every code cell ran in this page (its prompt shows a number again),
- no error output and no traceback on stderr is on the page,
- the widgets rendered (playgrounds, exercises, access matrices, each with its CodeMirror code editor, an
  anywidget), and the first playground answers typing.
Also: the pre-flight says it runs in the browser, and `immplay.serve` says it is not available there.

Skipped, saying why, when Chromium, playwright or the built site is missing (`make test` builds the site
when npm is there). Without a browser, test_site_files checks that the site loads nothing from elsewhere.
"""

from __future__ import annotations

import json
import os
import re
import time
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lab_session import CHROMIUM, CHROMIUM_MISSING
from lite_session import (
    SITE,
    SITE_MISSING,
    command,
    open_lite_notebook,
    run_in_kernel,
    sealed_browser,
    serving_site,
)

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
COURSE = sorted(path.name for path in NOTEBOOKS.glob("[0-9][0-9]*-*.ipynb"))
PLAYGROUND, EXERCISE, MATRIX = ".immplay-playground", ".immplay-exercise", ".immplay-access-matrix"
# Widgets each notebook must show once it has run: CSS selector -> how many at least. Each of them holds a
# code editor: CodeMirror's .cm-content in it shows that anywidget's front end rendered the editor.
WIDGETS = {
    "02b-read-operations-and-groups.ipynb": {EXERCISE: 1},
    "03-mfa.ipynb": {EXERCISE: 1},
    "04-custom-policies.ipynb": {PLAYGROUND: 2, EXERCISE: 1},
    "04b-project-and-dataset-examples.ipynb": {PLAYGROUND: 2},
    "04c-comparing-policies.ipynb": {MATRIX: 2, EXERCISE: 1},
    "05b-using-temporary-credentials.ipynb": {EXERCISE: 1},
    "06-exercises.ipynb": {EXERCISE: 3},
    "06b-exercises.ipynb": {EXERCISE: 2},
    "06c-exercises.ipynb": {EXERCISE: 2},
}
CODE_EDITOR = ".immplay-editor .cm-content"
ERROR_AREA = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']"
STDERR = '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'
PROMPT = ".jp-CodeCell .jp-InputArea-prompt"
CURRENT_PATH = "() => window.jupyterapp.shell.currentWidget.context.path"


@pytest.fixture(scope="module")
def built_site():
    if not (SITE / "index.html").exists():
        pytest.skip(SITE_MISSING)
    return SITE


@pytest.fixture(scope="module")
def site(built_site):
    if not os.path.exists(CHROMIUM):
        pytest.skip(CHROMIUM_MISSING)
    pytest.importorskip("playwright.sync_api", reason="the playwright package is missing: pip install playwright")
    with serving_site(built_site) as served:
        yield served


def test_site_files_name_no_other_origin_for_pyodide_or_any_package(built_site):
    config = json.loads((built_site / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    # Pyodide, started through the site's own loader beside it (lite/kernel-start.mjs), which names no other origin
    assert kernel["pyodideUrl"] == "./static/pyodide/kernel-start.mjs"
    loader = (built_site / "static" / "pyodide" / "kernel-start.mjs").read_text()
    assert (built_site / "static" / "pyodide" / "pyodide.mjs").is_file() and "://" not in loader
    assert kernel["disablePyPIFallback"] is True
    lock = json.loads((built_site / "static" / "pyodide" / "pyodide-lock.json").read_text())
    missing = [p["file_name"] for p in lock["packages"].values()
               if urlsplit(p["file_name"]).scheme or not (built_site / "static" / "pyodide" / p["file_name"]).is_file()]
    assert not missing, f"lock entries not served by the site: {missing}"
    # the kernel starts with what it and `import immplay` need; the rest is installed on first import
    preloaded = set(kernel["loadPyodideOptions"]["packages"])
    assert {"immplay", "responses", "pyotp", "micropip", "piplite", "pyodide-kernel", "ipykernel", "ipython",
            "jedi", "comm", "packages-on-import"} <= preloaded <= set(lock["packages"])
    assert not preloaded & {"ipywidgets", "anywidget", "alibabacloud-imm20200930", "aliyun-python-sdk-core", "aiohttp"}
    for name in preloaded:
        assert set(lock["packages"][name]["depends"]) <= preloaded, f"{name} starts without its dependencies"
    # the loader writes the pure-Python ones from one archive; those with compiled libraries wait for an import
    start = json.loads((built_site / "static" / "pyodide" / "start-packages.json").read_text())
    assert set(start["packages"]) | set(start["native"]) == preloaded and not set(start["packages"]) & set(start["native"])
    assert not start["native"], "a start package with a compiled library (see lite/requirements-pure.txt)"
    startup = kernel["loadPyodideOptions"]["env"]["IPYTHONDIR"] + "/profile_default/startup/00-packages-on-import.py"
    with zipfile.ZipFile(built_site / "static" / "pyodide" / lock["packages"]["packages-on-import"]["file_name"]) as wheel:
        assert startup.split("/site-packages/", 1)[1] in wheel.namelist()
    for name, package in lock["packages"].items():
        unknown = set(package["depends"]) - set(lock["packages"])
        assert not unknown, f"{name} depends on {unknown}, which the site does not serve"


def test_site_carries_the_code_editors_front_end_at_the_version_of_its_python_half(built_site):
    lock = json.loads((built_site / "static" / "pyodide" / "pyodide-lock.json").read_text())["packages"]
    front_end = json.loads((built_site / "extensions" / "anywidget" / "package.json").read_text())
    assert front_end["version"] == lock["anywidget"]["version"]
    assert {"ipywidgets", "psygnal", "typing-extensions"} <= set(lock["anywidget"]["depends"])


def test_site_wheels_hold_bytecode_of_the_browsers_python_so_imports_need_no_compiling(built_site):
    lock = json.loads((built_site / "static" / "pyodide" / "pyodide-lock.json").read_text())["packages"]
    for name, module in (("immplay", "immplay/__init__"), ("ipython", "IPython/core/interactiveshell")):
        with zipfile.ZipFile(built_site / "static" / "pyodide" / lock[name]["file_name"]) as wheel:
            names = set(wheel.namelist())
        folder, stem = module.rsplit("/", 1)
        assert f"{module}.py" in names and f"{folder}/__pycache__/{stem}.cpython-314.pyc" in names, name


def problems_on_page(page, notebook: str, code_cells: int) -> list[str]:
    """What is wrong with the notebook on the page after Run All, in words (empty when all is well)."""
    problems = []
    prompts = page.locator(PROMPT).all_inner_texts()
    if len(prompts) != code_cells:
        problems.append(f"{len(prompts)} code cells on the page, {code_cells} in the notebook")
    not_run = [i for i, prompt in enumerate(prompts) if not re.fullmatch(r"\[\d+\]:", prompt.strip())]
    if not_run:
        problems.append(f"code cells {not_run} did not run (prompts {[prompts[i] for i in not_run]})")
    problems += [f"error output: {text[-800:]}" for text in page.locator(ERROR_AREA).all_inner_texts()]
    problems += [f"stderr output: {text[-800:]}" for text in page.locator(STDERR).all_inner_texts()
                 if "Traceback" in text or "Error" in text]
    for selector, least in WIDGETS.get(notebook, {}).items():
        shown = page.locator(selector).count()
        if shown < least:
            problems.append(f"{shown} {selector} widgets rendered, expected at least {least}")
        editors = page.locator(f"{selector} {CODE_EDITOR}").count()
        if editors < least:
            problems.append(f"{editors} code editors (CodeMirror) rendered in {selector} widgets, expected {least}")
    return problems


def all_cells_ran(page, code_cells: int, timeout: float = 120_000) -> bool:
    """Wait until every code cell's prompt shows an execution count (Run All stops at the first exception)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            "([selector, count]) => { const prompts = [...document.querySelectorAll(selector)];"
            " return prompts.length === count && prompts.every(p => /^\\[\\d+\\]:$/.test(p.innerText.trim())); }",
            arg=[PROMPT, code_cells], timeout=timeout)
    except PlaywrightTimeout:
        return False
    return True


def playground_answers_typing(page) -> list[str]:
    """In the first playground's code editor (CodeMirror), type "Deny" over the first statement's "Allow": the
    decisions must change; type "Allow" back: they must read exactly as before (the kernel in the page
    re-evaluates each keystroke). The keyboard only, as a trainee: find (Mod-f) puts the cursor there."""
    playground = page.locator(PLAYGROUND).first
    results = playground.locator(".immplay-requests")
    before = results.inner_text()
    editor = playground.locator(CODE_EDITOR)
    text = editor.inner_text()
    effect = re.search(r'"Effect":\s*"Allow"', text)
    if effect is None:
        return [f"the first playground's policy has no Allow statement to edit: {text[:200]}"]
    editor.click()
    page.keyboard.press("Control+Home")  # find searches onwards from the cursor: the first statement's
    page.keyboard.press("Control+f")
    playground.locator(".immplay-find input").fill(effect.group(0))  # selects the first match as it is typed
    page.keyboard.press("Escape")  # the find panel closes with the match selected
    page.keyboard.press("ArrowRight")  # after its closing quote
    page.keyboard.press("ArrowLeft")

    def replace_word_before_cursor(length: int, new: str) -> None:
        for _ in range(length):
            page.keyboard.press("Shift+ArrowLeft")
        page.keyboard.type(new)

    replace_word_before_cursor(len("Allow"), "Deny")
    if not shows(page, results, lambda shown: "ExplicitDeny" in shown and shown != before):
        return [f"typing Deny over Allow did not turn a decision into ExplicitDeny: {results.inner_text()[:300]}"]
    replace_word_before_cursor(len("Deny"), "Allow")
    if not shows(page, results, lambda shown: shown == before):
        return [f"typing Allow back did not restore the decisions: {results.inner_text()[:300]}"]
    return [] if editor.inner_text() == text else ["the editor does not hold what was typed"]


def shows(page, locator, wanted, timeout: float = 30) -> bool:
    """Poll the rendered text (innerText, as a trainee reads it) until `wanted(text)` holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if wanted(locator.inner_text()):
            return True
        page.wait_for_timeout(100)
    return False


@pytest.mark.browser
def test_every_course_notebook_runs_in_the_browser_alone(site):
    failures = {}
    with sealed_browser(site) as page:
        open_lite_notebook(page, site)  # the start page
        assert page.evaluate(CURRENT_PATH) == COURSE[0] == "00-start.ipynb"
        for notebook in COURSE:
            if notebook != COURSE[0]:
                open_lite_notebook(page, site, notebook)
            command(page, "notebook:clear-all-cell-outputs")
            command(page, "notebook:run-all-cells")
            code_cells = sum(c["cell_type"] == "code" for c in json.loads((NOTEBOOKS / notebook).read_text())["cells"])
            problems = [] if all_cells_ran(page, code_cells) else ["Run All did not finish within 120 s"]
            problems += problems_on_page(page, notebook, code_cells)
            if notebook == COURSE[0]:
                preflight = page.locator(".jp-OutputArea-output").first.inner_text()
                if "running in your browser (JupyterLite)" not in preflight or "All set" not in preflight:
                    problems.append(f"the pre-flight does not say it runs in the browser: {preflight[-600:]}")
            if notebook == "04-custom-policies.ipynb":
                problems += playground_answers_typing(page)
            if problems:
                failures[notebook] = problems
                page.screenshot(path=str(Path(os.environ.get("TMPDIR", "/tmp")) / f"lite-{notebook}.png"),
                                full_page=True)
        serve = run_in_kernel(page, "import immplay\ntry:\n    immplay.serve()\nexcept RuntimeError as e:\n    print(e)")
    printed = "".join(o["content"].get("text", "") for o in serve["outputs"])
    assert printed.startswith("immplay.serve is not available in the browser (JupyterLite)"), serve
    assert not failures, "\n".join(f"{nb}:\n  " + "\n  ".join(p) for nb, p in failures.items())
    assert not site.foreign_requests, f"requests left the site's origin: {site.foreign_requests}"


@pytest.mark.browser
def test_a_browser_without_stack_switching_gets_every_package_before_the_first_cell_and_the_chinese_course_runs(site):
    """Browsers without JavaScript Promise Integration cannot install a package inside an import: there the
    kernel installs the rest of the site's packages before the first cell runs (packages-on-import). The
    kernel is told to take that way here, in Chromium; the Chinese course's 00-start and 04 then run whole,
    its pre-flight in Chinese and its playgrounds speaking Chinese."""
    failures = {}
    with sealed_browser(site, kernel_env={"PACKAGES_ON_IMPORT_WITHOUT_RUN_SYNC": "1"}) as page:
        for notebook in ("zh-CN/00-start.ipynb", "zh-CN/04-custom-policies.ipynb"):
            open_lite_notebook(page, site, notebook)
            command(page, "notebook:clear-all-cell-outputs")
            command(page, "notebook:run-all-cells")
            code_cells = sum(c["cell_type"] == "code" for c in json.loads((NOTEBOOKS / notebook).read_text())["cells"])
            problems = [] if all_cells_ran(page, code_cells, timeout=180_000) else ["Run All did not finish within 180 s"]
            problems += problems_on_page(page, notebook.removeprefix("zh-CN/"), code_cells)
            if notebook.endswith("00-start.ipynb"):
                preflight = page.locator(".jp-OutputArea-output").first.inner_text()
                if "一切就绪" not in preflight or "本课程也有英文版" not in preflight:
                    problems.append(f"the Chinese pre-flight does not say all is set: {preflight[-600:]}")
            else:
                header = page.locator(f"{PLAYGROUND} .immplay-requests th", has_text="判定结果")
                if not shows(page, header.first, lambda text: "判定结果" in text):
                    problems.append("the playground's table has no Chinese header 判定结果")
            if problems:
                failures[notebook] = problems
        without = run_in_kernel(page, "import os\nprint(os.environ.get('PACKAGES_ON_IMPORT_WITHOUT_RUN_SYNC'))")
    assert "".join(o["content"].get("text", "") for o in without["outputs"]).strip() == "1", without
    assert not failures, "\n".join(f"{nb}:\n  " + "\n  ".join(p) for nb, p in failures.items())
    assert not site.foreign_requests, f"requests left the site's origin: {site.foreign_requests}"


# What a kernel must be able to do however it started: draw its own random numbers, have immplay, and install a
# package of the site on an import no cell shows (packages-on-import's finder; jmespath is not started).
PROBE = """import importlib, random, sys
import immplay
print(random.random(), [type(f).__name__ for f in sys.meta_path][-1], importlib.import_module("jmespath").__name__)"""
SNAPSHOT_CACHE = "immplay-kernel-snapshot"


def start_and_probe(page, site, notes: list[str]) -> tuple[str, list[str]]:
    """Open the start page (a new kernel); return what PROBE printed and the kernel start's console notes."""
    notes.clear()
    page.goto("about:blank")
    open_lite_notebook(page, site)
    reply = run_in_kernel(page, PROBE)
    assert reply["status"] == "ok", reply
    return "".join(o["content"].get("text", "") for o in reply["outputs"]).strip(), list(notes)


def wait_for_note(page, notes: list[str], text: str, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(text in note for note in notes):
            return True
        page.wait_for_timeout(200)
    return False


@pytest.mark.browser
def test_a_kernel_starts_from_the_snapshot_the_first_one_kept_and_a_broken_snapshot_is_replaced(site):
    """lite/kernel-start.mjs: the first kernel in a browser keeps a memory snapshot of the started interpreter;
    the next restores it, and works as the first did (its own random numbers, packages installed on import).
    A snapshot that does not restore is dropped, and that start makes a new one."""
    with sealed_browser(site) as page:
        notes: list[str] = []
        page.on("console", lambda message: notes.append(message.text)
                if message.text.startswith("immplay kernel start") else None)
        first, _ = start_and_probe(page, site, notes)
        assert wait_for_note(page, notes, "kept a snapshot"), notes
        second, second_notes = start_and_probe(page, site, notes)
        assert any("restored the snapshot" in note for note in second_notes), second_notes
        page.evaluate("""async (name) => {
          const cache = await caches.open(name);
          for (const request of await cache.keys()) await cache.put(request, new Response(new Uint8Array(4096)));
        }""", SNAPSHOT_CACHE)
        third, third_notes = start_and_probe(page, site, notes)
        assert any("did not restore; it is deleted" in note for note in third_notes), third_notes
        assert wait_for_note(page, notes, "kept a snapshot"), notes
    draws = [line.split()[0] for line in (first, second, third)]
    assert len(set(draws)) == 3, f"kernels drew the same random numbers: {draws}"
    for printed in (first, second, third):
        assert printed.split()[1:] == ["LockPackageFinder", "jmespath"], printed
    assert not site.foreign_requests, f"requests left the site's origin: {site.foreign_requests}"


@pytest.mark.browser
def test_a_site_whose_start_archive_cannot_be_read_starts_its_kernel_as_pyodide_would(site):
    """lite/kernel-start.mjs: when start-packages.gz does not arrive (here the server answers 404), the kernel
    loads its start packages one by one, as Pyodide does by itself, says so in the console, and works."""
    with sealed_browser(site) as page:
        notes: list[str] = []
        page.on("console", lambda message: notes.append(message.text)
                if message.text.startswith("immplay kernel start") else None)
        # the kernel fetches from its worker, through the service worker: a route of the context sees that
        page.context.route("**/start-packages.gz", lambda route: route.fulfill(status=404, body="not here"))
        printed, start_notes = start_and_probe(page, site, notes)
    assert any("start archive could not be read" in note for note in start_notes), start_notes
    assert printed.split()[1:] == ["LockPackageFinder", "jmespath"], printed
    assert not site.foreign_requests, f"requests left the site's origin: {site.foreign_requests}"
