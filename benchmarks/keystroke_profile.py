"""What the renderer's main thread does between a keystroke and the next paint, from a Chromium trace.

`bench_browser_latency.py --trace FILE` records a performance trace (with the V8 sampling profiler)
over the playground's measured keystrokes; this module reads it back. For each keydown it takes the
window up to the end of the first Paint after it, and sums, over all keystrokes: the trace's own
task kinds (event dispatch, script, style, layout, paint) and the profiler's self time per JavaScript
function, so what runs synchronously on the keystroke path can be named and moved off it.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

TASK_KINDS = ("EventDispatch", "FunctionCall", "TimerFire", "FireAnimationFrame", "FireIdleCallback",
              "UpdateLayoutTree", "Layout", "Paint", "RunMicrotasks")


@dataclass
class KeystrokeProfile:
    """Totals over every keystroke's window, in milliseconds, and how many windows there were."""

    windows: int
    mean_window_ms: float
    task_ms: Counter
    function_ms: Counter


def _windows(events: list[dict], main: tuple[int, int]) -> list[tuple[float, float]]:
    on_main = [e for e in events if (e.get("pid"), e.get("tid")) == main and e.get("ph") == "X"]
    keydowns = sorted(e["ts"] for e in on_main if e["name"] == "EventDispatch"
                      and e.get("args", {}).get("data", {}).get("type") == "keydown")
    paints = sorted(e["ts"] + e.get("dur", 0) for e in on_main if e["name"] == "Paint")
    out = []
    for start in keydowns:
        end = next((p for p in paints if p > start), None)
        if end is not None:
            out.append((start, end))
    return out


def summarise(trace: bytes | str) -> KeystrokeProfile:
    """Read a trace (playwright's `browser.stop_tracing()` bytes) and total the keystroke windows."""
    data = json.loads(trace)
    events = data["traceEvents"] if isinstance(data, dict) else data
    # the page's main thread: the CrRendererMain thread that dispatched the keydowns
    keyed = Counter((e["pid"], e["tid"]) for e in events if e.get("name") == "EventDispatch"
                    and e.get("args", {}).get("data", {}).get("type") == "keydown")
    if not keyed:
        raise ValueError("no keydown in the trace: were the keystrokes recorded?")
    main = keyed.most_common(1)[0][0]
    windows = _windows(events, main)
    inside = lambda ts: any(a <= ts < b for a, b in windows)  # noqa: E731
    tasks: Counter = Counter()
    for e in events:
        if (e.get("pid"), e.get("tid")) == main and e.get("ph") == "X" and e["name"] in TASK_KINDS and inside(e["ts"]):
            detail = e.get("args", {}).get("data", {}).get("type")
            tasks[f"{e['name']}{f' ({detail})' if detail else ''}"] += e.get("dur", 0) / 1000
    # V8 sampling profiler: nodes and samples arrive in chunks per profile
    nodes: dict[tuple, dict] = {}
    functions: Counter = Counter()
    starts: dict[tuple, float] = {}
    clock: dict[tuple, float] = {}
    for e in events:
        if e.get("pid") != main[0]:
            continue
        if e.get("name") == "Profile":
            starts[(e["pid"], e["id"])] = e["args"]["data"]["startTime"]
        elif e.get("name") == "ProfileChunk":
            key = (e["pid"], e["id"])
            profile = e["args"]["data"].get("cpuProfile", {})
            for node in profile.get("nodes", []):
                nodes[key + (node["id"],)] = node["callFrame"]
            t = clock.get(key, starts.get(key, 0))
            for sample, delta in zip(profile.get("samples", []), e["args"]["data"].get("timeDeltas", []), strict=True):
                t += delta
                if inside(t):
                    frame = nodes.get(key + (sample,), {})
                    url = frame.get("url", "").rsplit("/", 1)[-1].split("?")[0]
                    name = frame.get("functionName") or "(anonymous)"
                    functions[f"{name} {url}:{frame.get('lineNumber', -1) + 1}" if url else name] += delta / 1000
            clock[key] = t
    total = sum(b - a for a, b in windows) / 1000
    return KeystrokeProfile(len(windows), total / max(len(windows), 1), tasks, functions)


def report(profile: KeystrokeProfile, top: int = 15) -> str:
    """The profile as text: mean window, then the task kinds and functions taking most time per keystroke."""
    n = max(profile.windows, 1)
    lines = [f"{profile.windows} keystrokes, keydown to end of the next paint: {profile.mean_window_ms:.1f} ms mean",
             "  main-thread tasks in that window (ms per keystroke; nested tasks counted in each):"]
    lines += [f"    {ms / n:7.2f}  {name}" for name, ms in profile.task_ms.most_common(top)]
    lines.append("  JavaScript self time in that window (sampled, ms per keystroke):")
    lines += [f"    {ms / n:7.2f}  {name}" for name, ms in profile.function_ms.most_common(top)]
    return "\n".join(lines)
