"""Keystroke latency of the playground's code editor in real JupyterLab + Chromium, beside a trivial widget, alternating.

One notebook on one JupyterLab server and page holds two widgets: first the calibration, a trivial
ipywidgets callback (Textarea -> HTML) that shows what the machine itself costs, then the playground
holding 2,001 sample requests (request 1 is ListProjects, then 100 operations x 20 resources as in
bench_widgets.py; `--requests 2` uses the two requests of the browser test's playground instead). Both
run in the same kernel. Each widget is typed into by "s" / Backspace alternately ("imm:ListProject" <->
"imm:ListProjects" flips request 1 between ImplicitDeny and Allow), one keystroke into one widget, then
one into the other, round after round (the order within a round swaps every round), so that the load of
this shared machine falls on both alike. In the page, a keydown listener stamps the keystroke; a
MutationObserver on the editor (for the calibration's Textarea, its input event) stamps the moment the
typed character is in its DOM (echo) and another the moment the new decision is in the widget's table;
requestAnimationFrame + setTimeout(0) stamps the frame after each was painted. Between two keystrokes
both widgets settle: at least 0.6 s after the decision, until neither widget's DOM has changed for
0.3 s and the kernel is idle, so that the playground's explanation (refreshed 0.25 s after typing
pauses) never lands in the calibration's measurement, nor the other way round. 4 warm-up rounds, then
`--keystrokes` measured rounds (default 20: 20 keystrokes into each widget). Printed: echo and painted
medians and p90 of each, the ratio of the painted medians and, less sensitive to a burst of load, the
median of the per-round ratios (playground / calibration in the same round). The server loads
binder/jupyter_server_config.py (TCP_NODELAY); `--with-stock` repeats the whole alternating measurement
on a stock jupyter_server (Nagle on), in a second server and page, and prints its rows and ratios too.
The load average is printed before and after: on a busy 2-core machine every figure grows with the load.

Targets (issue: the playground a trainee touches): echo (keystroke to character painted) <= 16 ms
median with no kernel round trip; keystroke to painted decisions <= 1.25 x the trivial callback's
median in the same run, and p90 <= 100 ms.
Needs /usr/bin/chromium (apt-get install -y chromium) and the playwright package.

`--trace FILE` also records, after the alternating measurement, a Chromium performance trace (with the
V8 sampling profiler) over `--keystrokes` further keystrokes into the playground alone (traced apart, so
that the trace holds only the playground's keystrokes and its overhead stays out of the figures), writes
it to FILE (open it in chrome://tracing or Perfetto) and prints what the main thread ran between each
keydown and the next paint (keystroke_profile.py).

Run: .venv/bin/python benchmarks/bench_browser_latency.py [--keystrokes 20] [--requests 2001] [--with-stock]
     [--trace FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
from playwright.sync_api import TimeoutError as PlaywrightTimeout

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))  # the Lab/Chromium launcher the browser test uses

from lab_session import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_MISSING,
    chromium,
    open_notebook,
    run_all_cells,
    running_lab,
)

NOTEBOOK = REPO / "tests" / "browser" / "playground.ipynb"
FIRST_DECISION = ".immplay-requests tr[data-row='0'] .immplay-decision"
POLICY = {"Version": "1", "Statement": [
    {"Effect": "Allow", "Action": ["imm:ListProject"], "Resource": "*"},
    {"Effect": "Allow", "Action": ["imm:List*", "imm:Get*"], "Resource": "acs:imm:*:1509100000000000:project/proj-1*"},
    {"Effect": "Deny", "Action": "imm:Delete*", "Resource": "*"},
]}
LARGE_CELL = """from immplay import catalog
from immplay.widgets import PolicyPlayground
requests = ["ListProjects"]
for op in catalog.operations()[:100]:
    for r in range(20):
        requests.append((op.name, f"proj-{r % 5}", f"ds-{r}" if op.resource_type == "dataset" else None))
PolicyPlayground(POLICY_TEXT, requests=requests[:REQUESTS], restore=False)"""

# Calibration: the same measurement on a trivial ipywidgets callback (Textarea -> HTML), so the
# playground's own cost can be read apart from the machine's (a busy 2-core box slows both).
TRIVIAL_CELL = """import ipywidgets as w
editor = w.Textarea(value='"Action": ["imm:ListProject"]', continuous_update=True)
editor.add_class("immplay-editor")
view = w.HTML()
view.add_class("immplay-table")
def show(change):
    effect = "Allow" if "ListProjects" in change["new"] else "ImplicitDeny"
    view.value = ('<table class="immplay-requests"><tr data-row="0"><td>'
                  f'<span class="immplay-decision" data-effect="{effect}">{effect}</span></td></tr></table>')
editor.observe(show, "value")
show({"new": editor.value})
w.VBox([editor, view]).add_class("immplay-calibration")"""

PLAYGROUND = ".immplay-playground"
CALIBRATION = ".immplay-calibration"

# Stamps of one widget's keystrokes, kept in window.__immplayLatency[name]; `root` scopes the editor and
# the table to one widget (none: the page's only one). Every change in the widget's DOM also stamps
# window.__immplayQuiet, which tells when the page has settled.
INSTRUMENT = """([name, root]) => {
  const scope = root ? document.querySelector(root) : document;
  const input = scope.querySelector('.immplay-editor .cm-content') || scope.querySelector('.immplay-editor textarea');
  const host = scope.querySelector('.immplay-table');
  const L = (window.__immplayLatency = window.__immplayLatency || {})[name] =
    {t0: null, want: null, echo: null, results: [], input};
  const quiet = window.__immplayQuiet = window.__immplayQuiet || {last: performance.now()};
  new MutationObserver(() => { quiet.last = performance.now(); })
    .observe(root ? scope : host, {childList: true, subtree: true, characterData: true, attributes: true});
  input.addEventListener('keydown', () => { L.t0 = performance.now(); L.echo = null; }, true);
  const painted = (f) => requestAnimationFrame(() => setTimeout(f, 0));
  const echoed = () => {  // the typed character reaches the editor's DOM (a Textarea: its input event)
    if (L.t0 === null || L.echo !== null) return;
    const t0 = L.t0;
    L.echo = -1;
    painted(() => { L.echo = performance.now() - t0; });
  };
  new MutationObserver(echoed).observe(input, {childList: true, subtree: true, characterData: true});
  input.addEventListener('input', echoed);
  new MutationObserver(() => {
    if (L.t0 === null || L.want === null) return;
    const el = host.querySelector("tr[data-row='0'] .immplay-decision");
    if (!el || el.dataset.effect !== L.want) return;
    const t0 = L.t0, dom = performance.now();
    L.t0 = null;
    painted(() => L.results.push({dom: dom - t0, paint: performance.now() - t0, echo: L.echo}));
  }).observe(host, {childList: true, subtree: true, characterData: true});
}"""

# Settled: `since` ms have passed, no widget's DOM has changed for `quiet` ms, and the kernel (when the
# page shows its indicator) is idle.
SETTLED = """([since, quiet]) => {
  const now = performance.now();
  const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
  return now >= since && now - window.__immplayQuiet.last >= quiet
    && (!indicator || indicator.getAttribute('data-status') === 'idle');
}"""
SETTLE_MS, FOCUS_SETTLE_MS, QUIET_MS, SETTLE_TIMEOUT_MS = 600, 200, 300, 10_000


def write_notebook(folder: Path, requests: int) -> str:
    """A notebook of the calibration (a trivial Textarea -> HTML callback), then the playground with `requests`
    sample requests (2: the browser test's playground cell); the cells' code is collapsed, so both fit the page."""
    if requests == 2:
        test_nb = nbformat.read(NOTEBOOK, as_version=4)
        cell = "\n".join(c.source for c in test_nb.cells if c.cell_type == "code")
    else:
        cell = LARGE_CELL.replace("POLICY_TEXT", repr(json.dumps(POLICY, indent=2))).replace("REQUESTS", str(requests))
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}}
    nb.cells = [nbformat.v4.new_code_cell(source, metadata={"jupyter": {"source_hidden": True}})
                for source in (TRIVIAL_CELL, cell)]
    nbformat.write(nb, folder / "latency.ipynb")
    return "latency.ipynb"


TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute",
                    "disabled-by-default-v8.cpu_profiler"]


@dataclass
class Measured:
    """The keystrokes of one alternating run: per widget, the latencies of its measured keystrokes, in order
    (keystroke i of the playground and keystroke i of the calibration are one round)."""

    playground: list[dict]
    calibration: list[dict]
    unsettled: int  # pauses after which the page had not settled within SETTLE_TIMEOUT_MS


def measure(nodelay: bool, keystrokes: int, requests: int, warmup: int = 4, trace: Path | None = None) -> Measured:
    """Alternating latencies of `keystrokes` rounds (after `warmup`) on one server and page; with `trace`, then a
    trace of `keystrokes` playground keystrokes written there."""
    with tempfile.TemporaryDirectory() as tmp, running_lab(Path(tmp), nodelay_config=nodelay) as lab, \
            chromium() as browser:
        name = write_notebook(Path(tmp), requests)
        page = open_notebook(browser, lab, name)
        run_all_cells(page, until=f"{PLAYGROUND} {FIRST_DECISION}")
        page.wait_for_selector(f"{CALIBRATION} {FIRST_DECISION}", timeout=45_000)
        place_caret_in_playground(page, PLAYGROUND)
        place_caret_in_textarea(page, CALIBRATION)
        for widget, root in (("playground", PLAYGROUND), ("calibration", CALIBRATION)):
            page.evaluate(INSTRUMENT, [widget, root])
        typed = {"playground": 0, "calibration": 0}
        unsettled = 0
        for round_ in range(warmup + keystrokes):
            order = ("playground", "calibration") if round_ % 2 == 0 else ("calibration", "playground")
            for widget in order:
                unsettled += not type_one(page, widget, typed[widget])
                typed[widget] += 1
        results = page.evaluate("() => [window.__immplayLatency.playground.results,"
                                " window.__immplayLatency.calibration.results]")
        if trace is not None:
            browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
            for _ in range(keystrokes):
                type_one(page, "playground", typed["playground"])
                typed["playground"] += 1
            trace.write_bytes(browser.stop_tracing())
        return Measured(results[0][warmup:], results[1][warmup:], unsettled)


def place_caret_in_playground(page, root: str = "") -> None:
    """The code editor, from the keyboard: find "imm:ListProject", close the panel, step past it."""
    scope = f"{root} .immplay-editor" if root else ".immplay-editor"
    page.locator(f"{scope} .cm-content").click()
    page.keyboard.press("Control+f")
    page.locator(f"{scope} .immplay-find input").fill("imm:ListProject")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.keyboard.press("ArrowRight")


def place_caret_in_textarea(page, root: str) -> None:
    """The calibration's Textarea: the caret right after "imm:ListProject"."""
    editor = page.locator(f"{root} .immplay-editor textarea")
    caret = editor.input_value().index("imm:ListProject") + len("imm:ListProject")
    editor.click()
    editor.evaluate("(el, at) => el.setSelectionRange(at, at)", caret)


def settle(page, at_least_ms: float) -> bool:
    """Wait `at_least_ms`, then until no widget's DOM has changed for QUIET_MS and the kernel is idle.
    False when that did not happen within SETTLE_TIMEOUT_MS."""
    since = page.evaluate("() => performance.now()") + at_least_ms
    try:
        page.wait_for_function(SETTLED, arg=[since, QUIET_MS], timeout=SETTLE_TIMEOUT_MS, polling=50)
    except PlaywrightTimeout:
        return False
    return True


def type_one(page, widget: str, typed: int) -> bool:
    """Type `widget`'s next keystroke: "s" (Allow) after an even number `typed` of its keystrokes, else Backspace
    (ImplicitDeny). When another editor has the focus, the focus moves first (the caret stays where it was) and
    what that moves (the focus ring, Lab's active cell) settles before the keystroke. Waits until the decision is
    painted, then until the page has settled. False when the page did not settle within SETTLE_TIMEOUT_MS."""
    want, key = ("Allow", "s") if typed % 2 == 0 else ("ImplicitDeny", "Backspace")
    settled = True
    switched = page.evaluate("""name => {
      const L = window.__immplayLatency[name];
      if (document.activeElement === L.input) return false;
      L.input.focus({preventScroll: true});
      return true;
    }""", widget)
    if switched:
        settled = settle(page, FOCUS_SETTLE_MS)
    before = page.evaluate("""([name, want]) => {
      const L = window.__immplayLatency[name];
      L.want = want;
      return L.results.length;
    }""", [widget, want])
    page.keyboard.press(key)
    page.wait_for_function(f"() => window.__immplayLatency[{widget!r}].results.length > {before}", timeout=15_000)
    return settle(page, SETTLE_MS) and settled


def type_alternating(page, keystrokes: int, warmup: int, on_measuring=None) -> list[dict]:
    """The page's only playground (its caret after "imm:ListProject"): type "s" and Backspace in turn (Allow, then
    ImplicitDeny again), each keystroke waited for until its decision is painted and the page has settled; the
    latencies of the `keystrokes` after `warmup`. `on_measuring` runs once, right before the first measured
    keystroke (e.g. to start a trace)."""
    page.evaluate(INSTRUMENT, ["playground", ""])
    for i in range(warmup + keystrokes):
        if on_measuring is not None and i == warmup:
            on_measuring()
        type_one(page, "playground", i)
    return page.evaluate("() => window.__immplayLatency.playground.results")[warmup:]


def summary(values: list[float]) -> tuple[float, float]:
    """Median and p90 (nearest rank) of `values`."""
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def print_rows(label: str, run: Measured) -> None:
    """The table rows of one alternating run, and its ratios."""
    for widget, results in (("playground (code editor)", run.playground),
                            ("calibration: trivial Textarea->HTML callback", run.calibration)):
        echo = summary([r["echo"] for r in results if r.get("echo") not in (None, -1)] or [float("nan")])
        dom = summary([r["dom"] for r in results])
        paint = summary([r["paint"] for r in results])
        print(f"{widget + ', ' + label:<78} {echo[0]:11.1f} {echo[1]:8.1f} {dom[0]:10.1f} {paint[0]:15.1f} "
              f"{paint[1]:12.1f}")
        print("    painted, each keystroke: " + " ".join(f"{r['paint']:.0f}" for r in results))
    medians = summary([r["paint"] for r in run.playground])[0] / summary([r["paint"] for r in run.calibration])[0]
    per_round = statistics.median(p["paint"] / c["paint"] for p, c in zip(run.playground, run.calibration, strict=True))
    print(f"playground / calibration, {label}: ratio of the painted medians {medians:.2f}x; "
          f"median of the {len(run.playground)} per-round ratios {per_round:.2f}x")
    if run.unsettled:
        print(f"    (the page had not settled within {SETTLE_TIMEOUT_MS / 1000:.0f} s after {run.unsettled} keystrokes)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keystrokes", type=int, default=20, help="measured keystrokes into each widget")
    parser.add_argument("--requests", type=int, default=2001,
                        help="sample requests in the playground (2: the browser test's playground)")
    parser.add_argument("--with-stock", action="store_true",
                        help="repeat the alternating measurement on a stock jupyter_server (Nagle on)")
    parser.add_argument("--trace", type=Path, help="record a Chromium trace of further playground keystrokes here")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(CHROMIUM_MISSING)
    load = os.getloadavg()[0]
    runs = {"TCP_NODELAY": measure(True, args.keystrokes, args.requests, trace=args.trace)}
    if args.with_stock:
        runs["stock jupyter_server (Nagle on)"] = measure(False, args.keystrokes, args.requests)
    print(f"keystroke -> decision, playground and calibration alternating on one page, {args.keystrokes} keystrokes "
          f"each, {args.requests} sample requests (ms); load average {load:.1f} before, {os.getloadavg()[0]:.1f} "
          f"after, {os.cpu_count()} CPUs")
    print(f"{'configuration':<78} {'echo median':>11} {'echo p90':>8} {'DOM median':>10} {'painted median':>15} "
          f"{'painted p90':>12}")
    for label, run in runs.items():
        print_rows(label, run)
    print("targets: echo median <= 16 ms; painted median <= 1.25x the calibration's; painted p90 <= 100 ms")
    if args.trace is not None:
        from keystroke_profile import report, summarise

        print(f"trace of {args.keystrokes} further keystrokes into the playground alone: {args.trace}")
        print(report(summarise(args.trace.read_bytes())))


if __name__ == "__main__":
    main()
