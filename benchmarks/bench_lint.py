"""Lint time per edit of a 6,144-character policy, this tree's lint beside a baseline revision's.

Run: `.venv/bin/python benchmarks/bench_lint.py [--baseline REV] [--edits 40]` (default baseline
cea0e4a, the last revision whose lint had no per-pattern caches). Target (issue: the
playground a trainee touches): lint of a full-size policy in <= 5 ms per edit in the kernel, so
diagnostics follow every keystroke. An "edit" changes one project name, as typing does; the
policy is already parsed (the playground parses once per keystroke for its decisions). The baseline's
`immplay/lint.py` is read with `git show` and run against this tree's other modules, interleaved
with the current one so both see the same machine load. Also shown: the first lint of a policy
never seen before (every cache cold) and parse + lint together.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench_parse_and_import import full_size_policy

from immplay import Policy
from immplay.lint import lint

ROOT = Path(__file__).resolve().parent.parent


def baseline_lint(revision: str) -> Callable | None:
    """`lint` from ``revision``'s immplay/lint.py, imported as a sibling module of this tree's immplay."""
    try:
        source = subprocess.run(["git", "show", f"{revision}:immplay/lint.py"], cwd=ROOT, check=True,
                                capture_output=True, text=True).stdout
    except (subprocess.CalledProcessError, FileNotFoundError) as err:
        print(f"no baseline: {err}")
        return None
    path = ROOT / "build" / "bench_lint_baseline.py"
    path.parent.mkdir(exist_ok=True)
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("immplay._lint_baseline", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    try:
        spec.loader.exec_module(module)  # type: ignore[union-attr]
    except ImportError as err:
        print(f"baseline {revision} does not import against this tree: {err}")
        return None
    return module.lint


def edits(text: str, count: int) -> list[Policy]:
    """``count`` parsed variants of ``text``, each with one project name retyped."""
    return [Policy.parse(text.replace("team-3/", f"team-3{i}/", 1)) for i in range(count)]


def clear_caches() -> None:
    """Every cache lint's answers come from: its own, and the pattern algebra's (``policy.wildcard``)."""
    module = sys.modules["immplay.lint"]
    for name in ("_covers", "_reaches", "_reaches_dataset_level", "_operations_matching", "_closest_actions"):
        cached = getattr(module, name, None)  # _covers: lint's own before the algebra moved to policy.wildcard
        if cached is not None:
            cached.cache_clear()
    from immplay.policy import wildcard

    wildcard.clear_caches()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", default="cea0e4a",
                        help="git revision to compare with (default: the lint before its per-pattern caches)")
    parser.add_argument("--edits", type=int, default=40)
    args = parser.parse_args()
    text = full_size_policy()
    policies = edits(text, args.edits)
    old = baseline_lint(args.baseline)
    if old is not None:
        for p in policies[:3]:
            assert old(p) == lint(p), "the baseline and this tree disagree on the findings"
    lint(text)
    new_times, old_times = [], []
    for p in policies:  # interleaved, so both see the same load
        t = time.perf_counter()
        lint(p)
        new_times.append(time.perf_counter() - t)
        if old is not None:
            t = time.perf_counter()
            old(p)
            old_times.append(time.perf_counter() - t)
    cold, parse_and_lint = [], []
    for i, p in enumerate(policies[:10]):
        clear_caches()
        t = time.perf_counter()
        lint(p)
        cold.append(time.perf_counter() - t)
        edited = text.replace("team-2/", f"team-2{i}/", 1)
        t = time.perf_counter()
        lint(edited)
        parse_and_lint.append(time.perf_counter() - t)
    ms = lambda xs: f"median {statistics.median(xs) * 1e3:.2f} ms, p90 {sorted(xs)[int(len(xs) * 0.9)] * 1e3:.2f} ms"  # noqa: E731
    print(f"policy: {len(text)} characters, {text.count('Effect')} statements; {len(policies)} edits")
    if old_times:
        print(f"lint per edit, baseline {args.baseline}: {ms(old_times)}")
    print(f"lint per edit, this tree:        {ms(new_times)}   (target <= 5 ms)")
    print(f"lint of a policy never seen (caches cold): {ms(cold)}")
    print(f"parse + lint per edit, this tree: {ms(parse_and_lint)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
