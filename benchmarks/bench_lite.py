"""The browser site (build/lite/, `make lite`) in Chromium, served from 127.0.0.1: the figures of its targets.

1. Size: the whole site, and its largest files.
2. Page open to a ready kernel with immplay imported: open the site's start page (it opens 00-start),
   wait until the notebook's Pyodide kernel is idle, then run ``import immplay`` in it (timed apart too). Cold: a fresh
   browser profile (empty cache); warm: the same page loaded again (the browser's HTTP cache). Each
   `--runs` times, each cold run in its own new browser. Then, timed apart, 00-start's pre-flight check, which
   imports every package the course uses: the site installs some packages only on first import, and this
   shows what that moves into the first cells.
   With several ``--site`` folders (a site as built before a change, and after), the runs alternate between
   them, each served from its own loopback port, so that the machine's load falls on both alike.
3. Playground keystroke to painted decisions, 2,000 sample requests: a notebook holding the playground
   of bench_browser_latency.py (request 1 ListProjects, then 100 operations x 20 resources) is saved into
   the site's browser storage and run; "s" / Backspace alternately flip request 1 between ImplicitDeny
   and Allow; stamped from keydown to the frame after the decision is in the DOM (the same instrument
   as bench_browser_latency.py). 4 warm-up keystrokes, then `--keystrokes`, each after the page has settled
   (at least 0.6 s after the previous decision, then 0.3 s without a change in the playground, kernel idle).

Targets (issue 11): ready kernel with immplay imported <= 20 s cold, <= 8 s warm; keystroke to painted
decisions median <= 50 ms. The machine is shared and noisy: the load average is printed with the figures.
Needs /usr/bin/chromium, the playwright package and the built site.

Run: .venv/bin/python benchmarks/bench_lite.py [--runs 3] [--keystrokes 20] [--site build/lite-before --site build/lite]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from contextlib import ExitStack
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))  # the sealed browser and the loopback server of the Lite test
sys.path.insert(0, str(Path(__file__).parent))

from bench_browser_latency import FIRST_DECISION, LARGE_CELL, POLICY, summary, type_alternating  # noqa: E402
from lab_session import CHROMIUM, CHROMIUM_MISSING  # noqa: E402
from lite_session import (  # noqa: E402
    SITE,
    SITE_MISSING,
    command,
    open_lite_notebook,
    run_in_kernel,
    sealed_browser,
    serving_site,
)

LATENCY_NOTEBOOK = "latency-2000.ipynb"


def site_size(root: Path, largest: int = 8) -> None:
    files = [(p.stat().st_size, p.relative_to(root)) for p in root.rglob("*") if p.is_file()]
    total = sum(size for size, _ in files)
    print(f"site: {total / 1e6:.1f} MB in {len(files)} files ({root.relative_to(REPO) if root.is_relative_to(REPO) else root})")
    for size, path in sorted(files, reverse=True)[:largest]:
        print(f"  {size / 1e6:7.2f} MB  {path}")


PREFLIGHT = "from preflight import run_checks\nrun_checks()"


def ready_with_immplay(page, site, reload: bool = False) -> tuple[float, float, float]:
    """Seconds from opening the start page to a kernel that has imported immplay; of those, the seconds
    `import immplay` itself took (the rest: the page, Pyodide and the kernel starting); and then the seconds
    00-start's pre-flight check took."""
    started = time.monotonic()
    if reload:
        page.goto("about:blank")
    open_lite_notebook(page, site)
    idle = time.monotonic()
    reply = run_in_kernel(page, "import immplay")
    if reply["status"] != "ok":
        raise RuntimeError(f"import immplay failed in the browser: {reply}")
    ready = time.monotonic()
    reply = run_in_kernel(page, PREFLIGHT)
    printed = "".join(output["content"].get("text", "") for output in reply["outputs"])
    if reply["status"] != "ok" or "All set" not in printed:
        raise RuntimeError(f"the pre-flight check failed in the browser: {reply}")
    return ready - started, ready - idle, time.monotonic() - ready


def start_times(sites: list, runs: int) -> dict[Path, dict[str, list[tuple[float, float, float]]]]:
    """Cold and warm start times of each site, the sites taking turns run by run."""
    times = {site.root: {"cold": [], "warm": []} for site in sites}
    for _ in range(runs):
        for site in sites:
            with sealed_browser(site) as page:
                times[site.root]["cold"].append(ready_with_immplay(page, site))
                times[site.root]["warm"].append(ready_with_immplay(page, site, reload=True))
    return times


def latency_notebook() -> dict:
    cell = LARGE_CELL.replace("POLICY_TEXT", repr(json.dumps(POLICY, indent=2))).replace("REQUESTS", "2001")
    return {"cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                       "source": cell}],
            "metadata": {"kernelspec": {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def keystroke_latency(site, keystrokes: int, warmup: int = 4) -> list[dict]:
    with sealed_browser(site) as page:
        open_lite_notebook(page, site)
        page.evaluate("async ([path, nb]) => { await window.jupyterapp.serviceManager.contents.save(path,"
                      " {type: 'notebook', format: 'json', content: nb}); }", [LATENCY_NOTEBOOK, latency_notebook()])
        open_lite_notebook(page, site, LATENCY_NOTEBOOK)
        command(page, "notebook:run-all-cells")
        page.wait_for_selector(FIRST_DECISION, timeout=120_000)
        # the code editor (CodeMirror), from the keyboard: find the text, close the panel, step past it
        page.locator(".immplay-editor .cm-content").click()
        page.keyboard.press("Control+f")
        page.locator(".immplay-editor .immplay-find input").fill("imm:ListProject")
        page.keyboard.press("Escape")
        page.keyboard.press("ArrowRight")
        results = type_alternating(page, keystrokes, warmup)
        if site.foreign_requests:
            raise RuntimeError(f"requests left the site's origin: {site.foreign_requests}")
        return results


def report_start(root: Path, times: dict[str, list[tuple[float, float, float]]]) -> None:
    print(f"{root.relative_to(REPO) if root.is_relative_to(REPO) else root}:")
    for label, target in (("cold", 20), ("warm", 8)):
        runs = times[label]
        totals = [total for total, _, _ in runs]
        print(f"  page open -> kernel ready with immplay imported, {label} (s): median "
              f"{statistics.median(totals):.1f}  range {min(totals):.1f}-{max(totals):.1f}  runs "
              f"{' '.join(f'{t:.1f}' for t in totals)}   target <= {target}")
        print(f"      of which `import immplay`: {' '.join(f'{t:.1f}' for _, t, _ in runs)};"
              f" then the pre-flight check: {' '.join(f'{t:.1f}' for _, _, t in runs)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3, help="cold and warm page opens")
    parser.add_argument("--keystrokes", type=int, default=20, help="0: no keystroke latency")
    parser.add_argument("--site", type=Path, action="append",
                        help=f"a built site (default {SITE.relative_to(REPO)}); repeat to compare sites run by run; "
                             "the keystroke latency is measured on the first")
    args = parser.parse_args()
    roots = [root.resolve() for root in args.site or [SITE]]
    if not Path(CHROMIUM).exists():
        sys.exit(CHROMIUM_MISSING)
    for root in roots:
        if not (root / "index.html").exists():
            sys.exit(SITE_MISSING if root == SITE else f"no site in {root}")
        site_size(root)
    load = os.getloadavg()[0]
    with ExitStack() as stack:
        sites = [stack.enter_context(serving_site(root)) for root in roots]
        times = start_times(sites, args.runs)
        results = keystroke_latency(sites[0], args.keystrokes) if args.keystrokes else []
    print(f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after, {os.cpu_count()} CPUs")
    for root in roots:
        report_start(root, times[root])
    if results:
        dom, paint = summary([r["dom"] for r in results]), summary([r["paint"] for r in results])
        print(f"keystroke -> decisions, 2,001 requests (ms): DOM median {dom[0]:.1f} p90 {dom[1]:.1f}; "
              f"painted median {paint[0]:.1f} p90 {paint[1]:.1f}   target: painted median <= 50")
        print("    painted, each keystroke: " + " ".join(f"{r['paint']:.0f}" for r in results))


if __name__ == "__main__":
    main()
