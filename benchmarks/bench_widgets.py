"""How long one keystroke costs the policy playground in the kernel, with 2,000 sample requests.

Target (issue 4): one edit re-evaluates 2,000 decisions (100 operations x 20 resources) and rebuilds
what the page shows in <= 10 ms. Measured here: `PlaygroundModel.edit` + `view()` (parse, compile
once, decide all, count, render one page of 25 rows with deciding statements and the selected
explanation; without lint, and with lint as the widget now does on every keystroke);
the same with incremental re-decision (the widget's default: only requests whose action is covered
by a statement that changed are decided again; this benchmark's edit touches imm:List*/Get*), and,
side by side, a naive variant that evaluates with `evaluate(req, [policy])` and renders all 2,000
rows with their deciding statements (what the page would cost without paging). Also the full
widget path (`PolicyPlayground.policy_text = ...`, trait updates included) when ipywidgets is
installed. Medians over many edits; the edits alternate between two texts so both flip decisions.

Run: .venv/bin/python benchmarks/bench_widgets.py [--edits N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time

from immplay import catalog
from immplay.policy import Policy, PolicyError, evaluate
from immplay.widgets import rendering
from immplay.widgets.playground_model import PlaygroundModel
from immplay.widgets.samples import imm_sample

POLICY = """{
  "Version": "1",
  "Statement": [
    {"Effect": "Allow", "Action": ["imm:List*", "imm:Get*"], "Resource": "acs:imm:*:1509100000000000:project/proj-1*"},
    {"Effect": "Allow", "Action": ["imm:CreateFigureClusteringTask", "imm:QueryFigureClusters"],
     "Resource": "acs:imm:cn-shanghai:1509100000000000:project/proj-2/dataset/ds-*"},
    {"Effect": "Allow", "Action": "imm:*", "Resource": "acs:imm:cn-shanghai:1509100000000000:project/proj-3",
     "Condition": {"IpAddress": {"acs:SourceIp": ["10.0.0.0/8"]}}},
    {"Effect": "Deny", "Action": "imm:Delete*", "Resource": "*"}
  ]
}"""
# The second text differs by one character, like a keystroke: proj-1* -> proj-4*.
EDITS = (POLICY, POLICY.replace("proj-1*", "proj-4*"))


def samples_2000() -> list:
    """100 operations x 20 resources, each on the level the catalog authorizes it on."""
    out = []
    for op in catalog.operations()[:100]:
        for r in range(20):
            project = f"proj-{r % 5}"
            dataset = f"ds-{r}" if op.resource_type == "dataset" else None
            context = {"acs:SourceIp": f"10.0.0.{r}"} if r % 2 else {}
            out.append(imm_sample(op.name, project, dataset, context))
    return out


def naive_edit(text: str, samples: list) -> str:
    """No PolicySet reuse, every row rendered with its deciding statement (the cost paging avoids)."""
    try:
        policy = Policy.parse(text, name="policy")
    except PolicyError as err:
        return rendering.problems_html(err)
    decisions = [evaluate(s.request, [policy]) for s in samples]
    return rendering.requests_table_html(samples, decisions, range(len(samples)))


def measure(fn, n: int) -> list[tuple[float, float]]:
    """(wall ms, CPU ms) per edit: on a busy machine the CPU time is the steadier figure."""
    times = []
    for i in range(n):
        text = EDITS[i % 2]
        t0, c0 = time.perf_counter(), time.thread_time()
        fn(text)
        times.append(((time.perf_counter() - t0) * 1000, (time.thread_time() - c0) * 1000))
    return times


def report(label: str, times: list[tuple[float, float]]) -> float:
    wall = sorted(t[0] for t in times)
    cpu = sorted(t[1] for t in times)
    p90 = wall[int(0.9 * (len(wall) - 1))]
    median, cpu_median = statistics.median(wall), statistics.median(cpu)
    print(f"{label:<64} median {median:7.2f} ms   p90 {p90:7.2f} ms   CPU median {cpu_median:7.2f} ms"
          f"   ({len(times)} edits)")
    return cpu_median


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--edits", type=int, default=200)
    args = parser.parse_args()
    samples = samples_2000()
    print(f"{len(samples)} sample requests, {len({s.operation for s in samples})} operations; "
          f"decisions {PlaygroundModel(POLICY, samples).counts()}")

    model = PlaygroundModel(POLICY, samples, incremental=False)

    def keystroke(text: str) -> None:  # deciding and showing alone
        model.edit(text, lint=False)
        model.view()

    incremental = PlaygroundModel(POLICY, samples)

    def keystroke_incremental(text: str) -> None:
        incremental.edit(text, lint=False)
        incremental.view()

    def keystroke_and_lint(text: str) -> None:
        model.edit(text, lint=True)
        model.view()

    measure(keystroke, 20)  # warm-up (regex caches, first explanations)
    fast = report("paged model, all 2,000 decided again: edit + view", measure(keystroke, args.edits))
    measure(keystroke_incremental, 20)
    report("paged model, incremental (re-decides the edited actions only)", measure(keystroke_incremental, args.edits))
    report("paged model: edit + lint + view (lint on every edit)", measure(keystroke_and_lint, args.edits // 2))
    bad = EDITS[0][:-3]
    report("paged model: edit that does not parse (stale path)",
           measure(lambda _t: (model.edit(bad, lint=False), model.view()), args.edits))
    naive_runs = max(10, args.edits // 10)
    measure(lambda t: naive_edit(t, samples), 3)
    naive = report("naive: evaluate(req, [policy]) + render all 2,000 rows",
                   measure(lambda t: naive_edit(t, samples), naive_runs))
    print(f"naive / paged (CPU medians) = {naive / fast:.1f}x")

    try:
        from immplay.widgets.playground import PolicyPlayground
    except ImportError as err:  # ipywidgets is in the 'course' extra
        print(f"(widget path skipped: {err})")
        return
    pg = PolicyPlayground(POLICY, samples, restore=False)

    async def typing(n: int) -> list[float]:
        # Inside a running event loop, as in a kernel: decisions and lint answer every keystroke,
        # the explanation waits for a pause in typing.
        def widget_edit(text: str) -> None:
            pg.policy_text = text

        measure(widget_edit, 20)
        times = measure(widget_edit, n)
        await asyncio.sleep(0.4)  # the pause: the explanation is refreshed once now
        return times

    report("widget: PolicyPlayground.policy_text = ... (traits set)", asyncio.run(typing(args.edits)))
    print(f"target: <= 10 ms per edit in the kernel for 2,000 decisions; load average {os.getloadavg()[0]:.1f}, "
          f"{os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
