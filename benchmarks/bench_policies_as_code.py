"""Policies as code: ``immplay test`` of a 1,000-case file, and ``diff_access`` of about 210,000 decisions.

Run: `.venv/bin/python benchmarks/bench_policies_as_code.py`. The machine is noisy, so each
measurement takes turns with its baseline for several rounds in one run, and the script prints
medians and per-round ratios.

1. ``immplay test`` (a fresh interpreter each time, as CI runs it) of a YAML file of 1,000 cases over
   two policies, beside ``python -c "import immplay"`` (the start-up alone). Target: <= 1 s wall.
2. ``immplay.diff_access`` of two 20-statement policies (wildcards, a few Deny statements, some
   conditions) over all 105 IMM operations x 1,000 projects and their datasets: about 210,000
   decisions for the two versions, taken twice since the policies have conditions (no condition
   holds; every condition holds). Target: <= 0.5 s after start-up. Beside it, the same diff decided
   one request at a time with ``immplay.evaluate``; the script checks both find the same changes.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import immplay
from immplay import catalog

ACCOUNT = catalog.DEFAULT_ACCOUNT
TEAMS = "abcdefgh"
ACTION_PATTERNS = ["imm:Get*", "imm:List*", "imm:Create*", "imm:*Dataset*", "imm:Query*", "imm:*Task",
                   "imm:Batch*", "imm:Update*", "imm:Delete*", "imm:Index*", "imm:Detect*", "imm:*Trigger*"]


def diff_policy(seed: int, name: str) -> immplay.Policy:
    """20 statements over team projects: wildcards, named datasets, ~10% Deny, ~20% with a condition."""
    rng = random.Random(seed)
    ops = [op.name for op in catalog.operations()]
    statements = []
    for _ in range(20):
        team = rng.choice(TEAMS)
        resources = [f"acs:imm:*:{ACCOUNT}:project/team-{team}-*" if rng.random() < 0.6
                     else f"acs:imm:*:{ACCOUNT}:project/team-{team}-{rng.randrange(125)}/dataset/ds{rng.randrange(3)}"]
        actions = [rng.choice(ACTION_PATTERNS) if rng.random() < 0.7 else f"imm:{rng.choice(ops)}" for _ in range(2)]
        statement = {"Effect": "Deny" if rng.random() < 0.1 else "Allow", "Action": actions, "Resource": resources}
        if rng.random() < 0.2:
            statement["Condition"] = {"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}}
        statements.append(statement)
    return immplay.Policy.parse({"Version": "1", "Statement": statements}, name=name)


def without_conditions(policies: list[immplay.Policy]) -> list[immplay.Policy]:
    return [immplay.Policy.parse({"Version": "1", "Statement": [
        {k: v for k, v in st.items() if k != "Condition"} for st in p.document["Statement"]]}, name=p.name)
        for p in policies]


def naive_diff(diff, old, new) -> tuple[set, set, set, set]:
    """The same diff, one ``evaluate`` per request and version: with no context, then (the policies
    have conditions) as if every condition held, i.e. with the Condition blocks removed."""
    passes = []
    for old_policies, new_policies in ((old, new), (without_conditions(old), without_conditions(new))):
        newly, lost = set(), set()
        old_set, new_set = immplay.PolicySet(old_policies), immplay.PolicySet(new_policies)
        for action, resource in diff.requests():
            request = immplay.Request(action, resource)
            before = old_set.evaluate(request).allowed
            after = new_set.evaluate(request).allowed
            if after != before:
                (newly if after else lost).add((action.removeprefix("imm:"), resource))
        passes.append((newly, lost))
    (newly, lost), (newly_if, lost_if) = passes
    return newly, lost, newly_if - newly - lost, lost_if - newly - lost


def test_file(folder: Path, cases: int) -> Path:
    rng = random.Random(5)
    media = {"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": ["imm:Get*", "imm:List*"], "Resource": f"acs:imm:*:{ACCOUNT}:project/team-*"},
        {"Effect": "Allow", "Action": "imm:CreateFigureClusteringTask",
         "Resource": f"acs:imm:*:{ACCOUNT}:project/team-a-*/dataset/*"},
        {"Effect": "Allow", "Action": "imm:ListProjects", "Resource": "*"}]}
    guard = {"Version": "1", "Statement": [{"Effect": "Deny", "Action": "imm:Delete*", "Resource": "*",
                                            "Condition": {"NotIpAddress": {"acs:SourceIp": "10.0.0.0/8"}}}]}
    (folder / "media.json").write_text(json.dumps(media, indent=2), encoding="utf-8")
    (folder / "guard.json").write_text(json.dumps(guard, indent=2), encoding="utf-8")
    lines = ["policies: [media.json, guard.json]", "region: cn-shanghai", 'account: "1509100000000000"', "cases:"]
    for i in range(cases):
        team, n = rng.choice(TEAMS), rng.randrange(50)
        kind = i % 4
        if kind == 0:
            lines += [f"  - name: read project {i}", "    action: GetProject", f"    project: team-{team}-{n}",
                      "    expect: Allow"]
        elif kind == 1:
            lines += [f"  - name: cluster {i}", "    action: CreateFigureClusteringTask",
                      f"    project: team-{team}-{n}", "    dataset: faces",
                      f"    expect: {'Allow' if team == 'a' else 'ImplicitDeny'}"]
        elif kind == 2:
            lines += [f"  - name: delete from outside {i}", "    action: DeleteProject", f"    project: team-{team}-{n}",
                      "    context: {acs:SourceIp: 203.0.113.5}", "    expect: ExplicitDeny"]
        else:
            lines += [f"  - name: list {i}", "    action: ListProjects", "    expect: Allow"]
    path = folder / "media.tests.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def wall(argv: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    t = time.perf_counter()
    run = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - t, run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--projects", type=int, default=1000)
    args = parser.parse_args()
    ok = True

    # 1. immplay test, a fresh interpreter each round.
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = test_file(folder, args.cases)
        command = [sys.executable, "-m", "immplay.cli", "test", path.name]
        startup = [sys.executable, "-c", "import immplay"]
        _, first = wall(command, folder)
        print(f"immplay test: {first.stdout.strip()} (exit {first.returncode})")
        ok = ok and first.returncode == 0
        tests, starts = [], []
        for _ in range(args.rounds):
            tests.append(wall(command, folder)[0])
            starts.append(wall(startup, folder)[0])
    test_median = statistics.median(tests)
    print(f"  immplay test, {args.cases} cases, wall incl. interpreter start: median {test_median:.3f} s "
          f"(range {min(tests):.3f}-{max(tests):.3f}; target <= 1 s)")
    print(f"  python -c 'import immplay' (start-up alone):            median {statistics.median(starts):.3f} s")

    # 2. diff_access, in-process after start-up, beside the naive one-request-at-a-time diff.
    old, new = [diff_policy(1, "old.json")], [diff_policy(2, "new.json")]
    projects = [f"team-{t}-{i}" for t in TEAMS for i in range(args.projects // len(TEAMS))]
    diff = immplay.diff_access(old, new, projects=projects)
    passes = 2 if diff.conditional else 1
    print(f"diff: {2 * diff.decisions:,} decisions per pass ({diff.decisions:,} per version: 105 operations on "
          f"{len(diff.resources) - 1:,} resources and *), {passes} passes (no condition holds; every condition "
          f"holds), {len(diff.newly_allowed):,} newly allowed, {len(diff.no_longer_allowed):,} no longer allowed, "
          f"{len(diff.newly_allowed_if_conditions_hold):,} more newly allowed if every condition holds")
    fast, naive, ratios = [], [], []
    for _ in range(args.rounds):
        gc.collect()
        gc.disable()
        t = time.perf_counter()
        diff = immplay.diff_access(old, new, projects=projects)
        fast.append(time.perf_counter() - t)
        gc.enable()
        gc.collect()
        gc.disable()
        t = time.perf_counter()
        expected = naive_diff(diff, old, new)
        naive.append(time.perf_counter() - t)
        gc.enable()
        ratios.append(naive[-1] / fast[-1])
    same = expected == tuple({(c.operation, c.resource) for c in changes} for changes in (
        diff.newly_allowed, diff.no_longer_allowed, diff.newly_allowed_if_conditions_hold,
        diff.no_longer_allowed_if_conditions_hold))
    ok = ok and same
    print(f"  diff_access:                   median {statistics.median(fast):.3f} s "
          f"(range {min(fast):.3f}-{max(fast):.3f}; target <= 0.5 s)")
    print(f"  one evaluate per request:      median {statistics.median(naive):.3f} s")
    print(f"  ratio naive/diff_access:       median {statistics.median(ratios):.1f}x per round "
          f"(range {min(ratios):.1f}-{max(ratios):.1f}x)")
    print(f"  both find the same changes: {same}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
