"""The whole course in a real JupyterLab and Chromium: every notebook runs top to bottom without an error.

Uses the widgets' browser harness (lab_session.py: JupyterLab on 127.0.0.1 with the project's server
config and lab settings, Debian's Chromium through playwright). The notebooks folder is copied first
(Lab autosaves; the committed notebooks stay untouched). 00-start opens first, as `make lab` and
Binder open it; then each notebook in course order: Run All Cells, wait for the kernel to go idle,
and require that
- every code cell ran (its prompt shows a number: Run All stops at the first exception),
- no error output area and no stderr output carrying a Traceback is on the page,
- the widgets rendered where the notebook shows them (playgrounds in 04 and 04b, exercises in 06 to 06c),
- in 04c, with the page ~700 px wide, every panel of access matrices shown side by side is at least
  22em wide (or the whole grid, when that is narrower: the grid wraps to fewer columns) and shows its
  operation names whole (a matrix wider than its panel scrolls sideways, its first column in view).
Outputs are cleared in the copies, so what is checked comes from this run. All notebooks run in
one Lab page (File > Open from Path); each kernel is shut down before the next notebook opens.
"""

from __future__ import annotations

import json
import re
import time
import urllib.request
from pathlib import Path

import pytest
from lab_session import (
    chromium,
    copy_course_folder,
    open_notebook,
    run_all_cells,
    running_lab,
    wait_kernel_idle,
)

pytestmark = pytest.mark.browser

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
COURSE = sorted(path.name for path in NOTEBOOKS.glob("[0-9][0-9]*-*.ipynb"))
# Widgets each notebook must show once it has run: (CSS selector, how many at least).
WIDGETS = {"04-custom-policies.ipynb": (".immplay-playground", 2),
           "04b-project-and-dataset-examples.ipynb": (".immplay-playground", 2),
           "06-exercises.ipynb": (".immplay-exercise", 3), "06b-exercises.ipynb": (".immplay-exercise", 2),
           "06c-exercises.ipynb": (".immplay-exercise", 2)}
# Notebooks showing access matrices side by side (SideBySide), checked in a narrow page.
SIDE_BY_SIDE = {"04c-comparing-policies.ipynb"}
NARROW_PAGE = (700, 1000)
# Per access matrix in a SideBySide grid: the widths of its panel, of the grid, and of 22em there, and the
# operation names its panel does not show whole (cut by the panel's edge, or by their own cell).
SIDE_BY_SIDE_WIDTHS = """() => [...document.querySelectorAll('.widget-gridbox')]
  .filter((grid) => grid.querySelector('.immplay-access-matrix'))
  .flatMap((grid) => [...grid.children].map((panel) => {
    const table = panel.querySelector('table.immplay-matrix');
    if (!table) return null;
    const box = panel.getBoundingClientRect();
    const cut = [...table.querySelectorAll('tbody th')].filter((th) => {
      const r = th.getBoundingClientRect();
      return r.left < box.left - 1 || r.right > box.right + 1 || th.scrollWidth > th.clientWidth + 1;
    }).map((th) => th.textContent);
    const em = parseFloat(getComputedStyle(panel).fontSize);
    return {panel: box.width, grid: grid.getBoundingClientRect().width, least: 22 * em, cut};
  }).filter(Boolean))"""
STDERR = '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'
FIRST_OUTPUT = ".jp-OutputArea-output"  # outputs were cleared: one appears once the run has started
ERROR_AREA = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']"


def copy_course(target: Path) -> None:
    """The notebooks and what they read (preflight.py, exercise_book.py, exercises/, solutions/).

    The copies lose their committed outputs and execution counts, so that every output and every
    numbered prompt on the page comes from this run.
    """
    copy_course_folder(target)
    for name in COURSE:
        notebook = json.loads((target / name).read_text())
        for cell in notebook["cells"]:
            if cell["cell_type"] == "code":
                cell["outputs"], cell["execution_count"] = [], None
        (target / name).write_text(json.dumps(notebook, indent=1))


LOOPBACK = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy


def attach_every_cell(lab) -> None:
    """Lab settings (REST) so that every cell stays in the DOM: windowing would detach off-screen ones."""
    body = json.dumps({"raw": json.dumps({"windowingMode": "none"})}).encode()
    request = urllib.request.Request(
        f"{lab.url}/lab/api/settings/@jupyterlab/notebook-extension:tracker?token={lab.token}",
        data=body, method="PUT", headers={"Content-Type": "application/json"})
    LOOPBACK.open(request, timeout=10).close()


def shut_down_kernels(lab) -> None:
    with LOOPBACK.open(f"{lab.url}/api/kernels?token={lab.token}", timeout=10) as response:
        kernels = json.load(response)
    for kernel in kernels:
        request = urllib.request.Request(f"{lab.url}/api/kernels/{kernel['id']}?token={lab.token}", method="DELETE")
        LOOPBACK.open(request, timeout=10).close()


def saved_problems(page, path: Path, timeout: float = 30) -> list[str]:
    """Save the notebook from Lab and read what the run left in it: the complete record, whatever the page shows."""
    page.keyboard.press("Escape")
    page.keyboard.press("Control+s")
    deadline = time.monotonic() + timeout
    while True:
        try:
            cells = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
        except json.JSONDecodeError:  # caught Lab in the middle of writing the file: read it again
            if time.monotonic() > deadline:
                return [f"saved notebook: {path.name} is not valid JSON {timeout:.0f} s after saving"]
            time.sleep(0.5)
            continue
        not_run = [i for i, c in enumerate(cells) if c.get("execution_count") is None]
        if not not_run or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    problems = [f"saved notebook: code cells {not_run} have no execution count (not run)"] if not_run else []
    for i, cell in enumerate(cells):
        for output in cell.get("outputs", []):
            if output["output_type"] == "error":
                problems.append(f"saved notebook: cell {i} raised {output['ename']}: {output['evalue']}")
            elif output.get("name") == "stderr" and "Traceback" in "".join(output.get("text", "")):
                problems.append(f"saved notebook: cell {i} printed a traceback on stderr")
    return problems


def menu(page, top: str, item: str) -> None:
    page.keyboard.press("Escape")  # close any menu left open
    page.locator(".lm-MenuBar-itemLabel", has_text=top).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()


def open_in_same_lab(page, notebook: str) -> None:
    """Close the open tabs and open `notebook` through File > Open from Path (no reload of the Lab app:
    a fresh page load costs ~15 s here, this ~2 s)."""
    menu(page, "File", "Close All Tabs")
    discard = page.locator(".jp-Dialog button", has_text=re.compile(r"^(Discard|Don't Save)$"))
    if discard.count():
        discard.first.click()  # outputs of widgets may still mark the saved notebook dirty
    page.wait_for_selector(".jp-NotebookPanel", state="detached", timeout=30_000)
    menu(page, "File", "Open from Path")
    page.locator(".jp-Dialog input").fill(notebook)
    page.keyboard.press("Enter")
    page.wait_for_selector(".jp-NotebookPanel", timeout=90_000)
    wait_kernel_idle(page)


def problems_on_page(page, notebook: str) -> list[str]:
    """What is wrong with the executed notebook on the page, in words (empty when all is well)."""
    problems = []
    cells = json.loads((NOTEBOOKS / notebook).read_text())["cells"]
    code_cells = sum(cell["cell_type"] == "code" for cell in cells)
    prompts = page.locator(".jp-CodeCell .jp-InputArea-prompt").all_inner_texts()
    if len(prompts) != code_cells:
        problems.append(f"{len(prompts)} code cells on the page, {code_cells} in the notebook")
    not_run = [i for i, prompt in enumerate(prompts) if not re.fullmatch(r"\[\d+\]:", prompt.strip())]
    if not_run:
        problems.append(f"code cells {not_run} did not run (prompts {[prompts[i] for i in not_run]})")
    for area in page.locator(ERROR_AREA).all_inner_texts():
        problems.append(f"error output: {area[-800:]}")
    for text in page.locator(STDERR).all_inner_texts():
        if "Traceback" in text or "Error" in text:
            problems.append(f"stderr output: {text[-800:]}")
    if notebook in WIDGETS:
        selector, least = WIDGETS[notebook]
        shown = page.locator(selector).count()
        if shown < least:
            problems.append(f"{shown} {selector} widgets rendered, expected at least {least}")
    if notebook in SIDE_BY_SIDE:
        problems += side_by_side_problems(page)
    return problems


def side_by_side_problems(page) -> list[str]:
    """In a page ~700 px wide, every panel of access matrices side by side is at least 22em wide (or as wide
    as the grid) and shows its operation names whole."""
    wide = page.viewport_size
    page.set_viewport_size({"width": NARROW_PAGE[0], "height": NARROW_PAGE[1]})
    try:
        page.wait_for_timeout(500)  # Lab lays the notebook out again for the new width
        panels = page.evaluate(SIDE_BY_SIDE_WIDTHS)
    finally:
        page.set_viewport_size(wide)
    if not panels:
        return ["no access matrix shown side by side (SideBySide) on the page"]
    return [f"at {NARROW_PAGE[0]} px a panel of access matrices is {p['panel']:.0f} px wide in a grid "
            f"{p['grid']:.0f} px wide (22em: {p['least']:.0f} px); operation names not shown whole: {p['cut']}"
            for p in panels if p["panel"] < min(p["least"], p["grid"]) - 1 or p["cut"]]


def test_the_course_is_fifteen_notebooks_starting_with_00_start():
    assert len(COURSE) == 15 and COURSE[0] == "00-start.ipynb"


def test_every_course_notebook_runs_in_jupyterlab_without_an_error_output(playwright_available, tmp_path):
    copy_course(tmp_path)
    failures = {}
    with running_lab(tmp_path) as lab, chromium() as browser:
        attach_every_cell(lab)
        page = open_notebook(browser, lab, COURSE[0])  # the newcomer's entry point, as make lab opens it
        for notebook in COURSE:
            if notebook != COURSE[0]:
                shut_down_kernels(lab)
                open_in_same_lab(page, notebook)
            run_all_cells(page, until=FIRST_OUTPUT)
            problems = problems_on_page(page, notebook) + saved_problems(page, tmp_path / notebook)
            if problems:
                failures[notebook] = problems
                page.screenshot(path=str(tmp_path / f"{notebook}.png"), full_page=True)
    assert not failures, "\n".join(f"{nb}:\n  " + "\n  ".join(p) for nb, p in failures.items())
