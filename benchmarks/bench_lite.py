"""The browser site (build/lite/, `make lite`) in Chromium, served from 127.0.0.1: the figures of its targets.

1. Size: the whole site, and its largest files.
2. Page open to a ready kernel with immplay imported: open the site's start page (it opens 00-start),
   wait until the notebook's Pyodide kernel is idle, then run ``import immplay`` in it (timed apart too). Cold: a fresh
   browser profile (empty cache); warm: the same page loaded again (the browser's HTTP cache). Each
   `--runs` times, each cold run in its own new browser.
3. Playground keystroke to painted decisions, 2,000 sample requests: a notebook holding the playground
   of bench_browser_latency.py (request 1 ListProjects, then 100 operations x 20 resources) is saved into
   the site's browser storage and run; "s" / Backspace alternately flip request 1 between ImplicitDeny
   and Allow; stamped from keydown to the frame after the decision is in the DOM (the same instrument
   as bench_browser_latency.py). 4 warm-up keystrokes, then `--keystrokes`, 0.6 s apart.

Targets (issue 11): ready kernel with immplay imported <= 20 s cold, <= 8 s warm; keystroke to painted
decisions median <= 50 ms. The machine is shared and noisy: the load average is printed with the figures.
Needs /usr/bin/chromium, the playwright package and the built site.

Run: .venv/bin/python benchmarks/bench_lite.py [--runs 3] [--keystrokes 20]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
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
    print(f"site: {total / 1e6:.1f} MB in {len(files)} files ({root.relative_to(REPO)})")
    for size, path in sorted(files, reverse=True)[:largest]:
        print(f"  {size / 1e6:7.2f} MB  {path}")


def ready_with_immplay(page, site, reload: bool = False) -> tuple[float, float]:
    """Seconds from opening the start page to a kernel that has imported immplay; and of those, the
    seconds `import immplay` itself took (the rest: the page, Pyodide and the kernel starting)."""
    started = time.monotonic()
    if reload:
        page.goto("about:blank")
    open_lite_notebook(page, site)
    idle = time.monotonic()
    reply = run_in_kernel(page, "import immplay")
    if reply["status"] != "ok":
        raise RuntimeError(f"import immplay failed in the browser: {reply}")
    return time.monotonic() - started, time.monotonic() - idle


def start_times(site, runs: int) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    cold, warm = [], []
    for _ in range(runs):
        with sealed_browser(site) as page:
            cold.append(ready_with_immplay(page, site))
            warm.append(ready_with_immplay(page, site, reload=True))
    return cold, warm


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3, help="cold and warm page opens")
    parser.add_argument("--keystrokes", type=int, default=20)
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(CHROMIUM_MISSING)
    if not (SITE / "index.html").exists():
        sys.exit(SITE_MISSING)
    site_size(SITE)
    load = os.getloadavg()[0]
    with serving_site(SITE) as site:
        cold, warm = start_times(site, args.runs)
        results = keystroke_latency(site, args.keystrokes)
    print(f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after, {os.cpu_count()} CPUs")
    for label, times, target in (("cold", cold, 20), ("warm", warm, 8)):
        totals = [total for total, _ in times]
        print(f"page open -> kernel ready with immplay imported, {label} (s): median {statistics.median(totals):.1f}  "
              f"runs {' '.join(f'{t:.1f}' for t in totals)}   target <= {target}; of which `import immplay`: "
              f"{' '.join(f'{t:.1f}' for _, t in times)}")
    dom, paint = summary([r["dom"] for r in results]), summary([r["paint"] for r in results])
    print(f"keystroke -> decisions, 2,001 requests (ms): DOM median {dom[0]:.1f} p90 {dom[1]:.1f}; "
          f"painted median {paint[0]:.1f} p90 {paint[1]:.1f}   target: painted median <= 50")
    print("    painted, each keystroke: " + " ".join(f"{r['paint']:.0f}" for r in results))


if __name__ == "__main__":
    main()
