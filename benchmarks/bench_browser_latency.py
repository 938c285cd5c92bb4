"""Keystroke latency of the playground's code editor in real JupyterLab + Chromium, beside a trivial widget.

Opens a playground holding 2,001 sample requests (request 1 is ListProjects, then 100 operations x
20 resources as in bench_widgets.py; `--requests 2` uses the browser test's notebook instead), runs
it, then presses "s" / Backspace alternately in the policy editor ("imm:ListProject" <->
"imm:ListProjects" flips request 1 between ImplicitDeny and Allow). In the page, a keydown
listener stamps the keystroke; a MutationObserver on the editor (for the calibration's Textarea,
its input event) stamps the moment the typed character is in its DOM (echo) and another the moment the new decision is in the table;
requestAnimationFrame + setTimeout(0) stamps the frame after each was painted. 20 measured
keystrokes (after 4 warm-up ones), 0.6 s apart. In the same run, the same measurement on a
trivial ipywidgets callback (Textarea -> HTML) calibrates what the machine itself costs; both use
binder/jupyter_server_config.py (TCP_NODELAY), and `--with-stock` adds the playground on a stock
jupyter_server (Nagle on). The load average is printed: on a busy 2-core machine every figure grows
with the load.

Targets (issue: the playground a trainee touches): echo (keystroke to character painted) <= 16 ms
median with no kernel round trip; keystroke to painted decisions <= 1.25 x the trivial callback's
median in the same run, and p90 <= 100 ms.
Needs /usr/bin/chromium (apt-get install -y chromium) and the playwright package.

`--trace FILE` also records a Chromium performance trace (with the V8 sampling profiler) over the
playground's measured keystrokes, writes it to FILE (open it in chrome://tracing or Perfetto) and
prints what the main thread ran between each keydown and the next paint (keystroke_profile.py).

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
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))  # the Lab/Chromium launcher the browser test uses

from lab_session import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_MISSING,
    chromium,
    copy_notebook,
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
w.VBox([editor, view])"""

INSTRUMENT = """() => {
  const input = document.querySelector('.immplay-editor .cm-content') || document.querySelector('.immplay-editor textarea');
  const host = document.querySelector('.immplay-table');
  const L = window.__immplayLatency = {t0: null, want: null, echo: null, results: []};
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


def write_notebook(folder: Path, requests: int) -> str:
    """The browser test's notebook (2 requests), a trivial widget (0), or a playground with `requests`."""
    if requests == 2:
        return copy_notebook(NOTEBOOK, folder)
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}}
    cell = LARGE_CELL.replace("POLICY_TEXT", repr(json.dumps(POLICY, indent=2))).replace("REQUESTS", str(requests))
    if requests == 0:
        cell = TRIVIAL_CELL
    nb.cells = [nbformat.v4.new_code_cell(cell)]
    nbformat.write(nb, folder / "latency.ipynb")
    return "latency.ipynb"


TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute",
                    "disabled-by-default-v8.cpu_profiler"]


def measure(nodelay: bool, keystrokes: int, requests: int, warmup: int = 4, trace: Path | None = None) -> list[dict]:
    """Median-ready latencies of `keystrokes` keystrokes (after `warmup`), optionally traced into `trace`."""
    with tempfile.TemporaryDirectory() as tmp, running_lab(Path(tmp), nodelay_config=nodelay) as lab, \
            chromium() as browser:
        name = write_notebook(Path(tmp), requests)
        page = open_notebook(browser, lab, name)
        run_all_cells(page, until=FIRST_DECISION)
        if requests == 0:  # the calibration's Textarea
            editor = page.locator(".immplay-editor textarea")
            caret = editor.input_value().index("imm:ListProject") + len("imm:ListProject")
            editor.click()
            editor.evaluate("(el, at) => el.setSelectionRange(at, at)", caret)
        else:  # the code editor, from the keyboard: find the text, close the panel, step past it
            page.locator(".immplay-editor .cm-content").click()
            page.keyboard.press("Control+f")
            page.locator(".immplay-editor .immplay-find input").fill("imm:ListProject")
            page.keyboard.press("Enter")
            page.keyboard.press("Escape")
            page.keyboard.press("ArrowRight")
        start_tracing = (lambda: browser.start_tracing(page=page, categories=TRACE_CATEGORIES)) if trace else None
        results = type_alternating(page, keystrokes, warmup, on_measuring=start_tracing)
        if trace is not None:
            trace.write_bytes(browser.stop_tracing())
        return results


def type_alternating(page, keystrokes: int, warmup: int, on_measuring=None) -> list[dict]:
    """Type "s" and Backspace in turn after "imm:ListProject" (Allow, then ImplicitDeny again), each keystroke
    waited for until its decision is painted; the latencies of the `keystrokes` after `warmup`.
    `on_measuring` runs once, right before the first measured keystroke (e.g. to start a trace)."""
    page.evaluate(INSTRUMENT)
    for i in range(warmup + keystrokes):
        if on_measuring is not None and i == warmup:
            on_measuring()
        want, key = ("Allow", "s") if i % 2 == 0 else ("ImplicitDeny", "Backspace")
        page.evaluate("w => { window.__immplayLatency.want = w; }", want)
        before = page.evaluate("() => window.__immplayLatency.results.length")
        page.keyboard.press(key)
        page.wait_for_function(f"() => window.__immplayLatency.results.length > {before}", timeout=15_000)
        page.wait_for_timeout(600)
    return page.evaluate("() => window.__immplayLatency.results")[warmup:]


def summary(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keystrokes", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2001,
                        help="sample requests in the playground (2: the browser test's notebook)")
    parser.add_argument("--with-stock", action="store_true", help="also measure on a stock jupyter_server")
    parser.add_argument("--trace", type=Path, help="record a Chromium trace of the playground's keystrokes here")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(CHROMIUM_MISSING)
    load = os.getloadavg()[0]
    playground = "playground (code editor), TCP_NODELAY"
    calibration = "calibration: trivial Textarea->HTML callback, TCP_NODELAY"
    runs = {playground: measure(True, args.keystrokes, args.requests, trace=args.trace),
            calibration: measure(True, args.keystrokes, 0)}
    if args.with_stock:
        runs["playground (code editor), stock jupyter_server (Nagle on)"] = measure(False, args.keystrokes, args.requests)
    print(f"keystroke -> decision, {args.keystrokes} keystrokes each, {args.requests} sample requests (ms); "
          f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after, {os.cpu_count()} CPUs")
    print(f"{'configuration':<60} {'echo median':>11} {'echo p90':>8} {'DOM median':>10} {'painted median':>15} "
          f"{'painted p90':>12}")
    for label, results in runs.items():
        echo = summary([r["echo"] for r in results if r.get("echo") not in (None, -1)] or [float("nan")])
        dom = summary([r["dom"] for r in results])
        paint = summary([r["paint"] for r in results])
        print(f"{label:<60} {echo[0]:11.1f} {echo[1]:8.1f} {dom[0]:10.1f} {paint[0]:15.1f} {paint[1]:12.1f}")
        print("    painted, each keystroke: " + " ".join(f"{r['paint']:.0f}" for r in results))
    ratio = summary([r["paint"] for r in runs[playground]])[0] / summary([r["paint"] for r in runs[calibration]])[0]
    print(f"playground / calibration, painted medians: {ratio:.2f}x")
    print("targets: echo median <= 16 ms; painted median <= 1.25x the calibration's; painted p90 <= 100 ms")
    if args.trace is not None:
        from keystroke_profile import report, summarise

        print(f"trace of the playground's measured keystrokes: {args.trace}")
        print(report(summarise(args.trace.read_bytes())))


if __name__ == "__main__":
    main()
