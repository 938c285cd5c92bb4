"""Decisions per second: immplay versus moto's IAM evaluator and cedarpy, on the same workload.

Run: `make bench` (or `.venv/bin/python benchmarks/bench_evaluate.py`). The three engines take turns
over the same requests for several rounds in one run (the machine is noisy); the script prints the
median time per decision of each, the ratios, and checks that immplay and cedarpy agree on every
decision. moto's evaluator is AWS's semantics (no RAM hierarchy, partial conditions), so it is
timed but not compared.

The workload (benchmarks/workload.py): 23 policies x 5 statements with wildcards, about a quarter
with conditions (IpAddress on acs:SourceIp, Bool on acs:SecureTransport), no blanket allow, over
2,400 IMM requests with context.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import workload  # noqa: E402

import immplay  # noqa: E402
from immplay.policy.arn import resource_chain  # noqa: E402


def cedar_string(value: str) -> str:
    return json.dumps(value)


def cedar_like(pattern: str) -> str:
    """A RAM wildcard as a Cedar `like` pattern (the workload uses `*` only; Cedar has no `?`)."""
    if "?" in pattern:
        raise ValueError("the Cedar translation supports only * wildcards")
    return json.dumps(pattern)


def to_cedar(policies: list[dict]) -> str:
    """RAM statements as Cedar permit/forbid policies over context.action / context.arns.

    Actions are compared lower-cased (RAM matches action names case-insensitively). A resource is
    covered when any ARN of its chain (the resource, then its project) matches, as in immplay.
    """
    out = []
    for p in policies:
        for st in p["Statement"]:
            actions = st["Action"] if isinstance(st["Action"], list) else [st["Action"]]
            resources = st["Resource"] if isinstance(st["Resource"], list) else [st["Resource"]]
            action_test = " || ".join(f"context.action like {cedar_like(a.lower())}" for a in actions)
            resource_test = " || ".join(
                f"context.arn like {cedar_like(r)} || context.parent like {cedar_like(r)}" for r in resources)
            tests = [f"({action_test})", f"({resource_test})"]
            for op, block in st.get("Condition", {}).items():
                for key, value in block.items():
                    values = value if isinstance(value, list) else [value]
                    if op == "IpAddress" and key == "acs:SourceIp":
                        tests.append("(" + " || ".join(f'ip(context.ip).isInRange(ip("{v}"))' for v in values) + ")")
                    elif op == "Bool" and key == "acs:SecureTransport":
                        tests.append("(" + " || ".join(f"context.secure == {str(v).lower()}" for v in values) + ")")
                    else:
                        raise ValueError(f"no Cedar translation for {op} {key}")
            verb = "forbid" if st["Effect"] == "Deny" else "permit"
            out.append(f"{verb}(principal, action, resource) when {{ {' && '.join(tests)} }};")
    return "\n".join(out)


def cedar_requests(requests: list[tuple[str, str, dict]]) -> list[dict]:
    out = []
    for action, arn, context in requests:
        chain = resource_chain(arn)
        out.append({
            "principal": 'User::"trainee"', "action": 'Action::"call"', "resource": 'Resource::"imm"',
            "context": {"action": action.lower(), "arn": chain[0], "parent": chain[-1],
                        "ip": context["acs:SourceIp"], "secure": context["acs:SecureTransport"]},
        })
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--moto-sample", type=int, default=300, help="requests per round for moto (it is slow)")
    args = parser.parse_args()

    documents = workload.make_policies()
    raw_requests = workload.make_requests()
    policies = [immplay.Policy.parse(d, name=f"policy-{i}") for i, d in enumerate(documents)]
    requests = [immplay.Request(a, r, c) for a, r, c in raw_requests]
    n_statements = sum(len(p.statements) for p in policies)
    n_conditional = sum(1 for p in policies for st in p.statements if st.conditions)
    print(f"workload: {len(policies)} policies, {n_statements} statements ({n_conditional} with conditions), "
          f"{len(requests)} requests")

    timings: dict[str, list[float]] = {"immplay": [], "immplay (compile each round)": [], "cedarpy": [], "moto": []}

    import cedarpy
    from moto.iam.access_control import IAMPolicy, PermissionResult

    cedar_policies = cedarpy.PolicySet.from_str(to_cedar(documents)) if hasattr(cedarpy, "PolicySet") else to_cedar(documents)
    cedar_batch = cedar_requests(raw_requests)
    cedar_entities = cedarpy.Entities.from_json_str("[]") if hasattr(cedarpy, "Entities") else "[]"
    moto_policies = [IAMPolicy(json.dumps(d)) for d in documents]
    moto_sample = raw_requests[: args.moto_sample]

    def moto_decide(action: str, arn: str, context: dict) -> str:
        permitted = False
        values = {"aws:SourceIp": context["acs:SourceIp"], "aws:SecureTransport": str(context["acs:SecureTransport"]).lower()}
        for p in moto_policies:
            result = p.is_action_permitted(action, arn, incoming_condition_values=values)
            if result == PermissionResult.DENIED:
                return "Deny"
            permitted = permitted or result == PermissionResult.PERMITTED
        return "Allow" if permitted else "Deny"

    policy_set = immplay.PolicySet(policies)
    immplay_results = [policy_set.evaluate(r) for r in requests]  # warm the per-action index
    cedar_results = cedarpy.is_authorized_batch(cedar_batch, cedar_policies, cedar_entities)

    # As timeit does, the garbage collector is paused while an engine is timed (and run between),
    # so one engine's garbage is not collected on another's clock.
    for _ in range(args.rounds):
        gc.collect()
        gc.disable()
        t = time.perf_counter()
        immplay_results = [policy_set.evaluate(r) for r in requests]
        timings["immplay"].append((time.perf_counter() - t) / len(requests))

        gc.enable()
        gc.collect()
        gc.disable()
        t = time.perf_counter()
        fresh = immplay.PolicySet(policies)
        for r in requests:
            fresh.evaluate(r)
        timings["immplay (compile each round)"].append((time.perf_counter() - t) / len(requests))

        gc.enable()
        gc.collect()
        gc.disable()
        t = time.perf_counter()
        cedar_results = cedarpy.is_authorized_batch(cedar_batch, cedar_policies, cedar_entities)
        timings["cedarpy"].append((time.perf_counter() - t) / len(requests))

        gc.enable()
        gc.collect()
        gc.disable()
        t = time.perf_counter()
        for a, r, c in moto_sample:
            moto_decide(a, r, c)
        timings["moto"].append((time.perf_counter() - t) / len(moto_sample))
        gc.enable()

    medians = {name: statistics.median(values) for name, values in timings.items()}
    for name, value in medians.items():
        print(f"{name:32s} {value * 1e6:9.2f} us/decision  {1 / value:12,.0f} decisions/s")
    # Each round times the engines back to back, so a ratio within one round sees one machine load;
    # the median of those ratios is steadier than a ratio of medians on a busy machine.
    moto_ratios = [m / i for m, i in zip(timings["moto"], timings["immplay"], strict=True)]
    cedar_ratios = [c / i for c, i in zip(timings["cedarpy"], timings["immplay"], strict=True)]
    print(f"ratio moto/immplay:    median {statistics.median(moto_ratios):7.1f}x per round "
          f"(range {min(moto_ratios):.0f}-{max(moto_ratios):.0f}x; target >= 100x)")
    print(f"ratio cedarpy/immplay: median {statistics.median(cedar_ratios):7.1f}x per round "
          f"(range {min(cedar_ratios):.0f}-{max(cedar_ratios):.0f}x; target >= 80x)")

    disagreements = []
    for req, mine, theirs in zip(requests, immplay_results, cedar_results, strict=False):
        cedar_allowed = str(theirs.decision).endswith("Allow")
        if mine.allowed != cedar_allowed:
            disagreements.append((req, mine.effect, theirs.decision))
    print(f"immplay and cedarpy agree on {len(requests) - len(disagreements)} of {len(requests)} decisions")
    for req, mine, theirs in disagreements[:5]:
        print(f"  DISAGREE {req}: immplay {mine}, cedarpy {theirs}")
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
