"""Parse-and-validate time of a full-size custom policy, and `import immplay` over a bare interpreter.

Run: `.venv/bin/python benchmarks/bench_parse_and_import.py`. Targets (issue: the policy engine):
parse and validate a 6,144-character policy in < 2 ms; `import immplay` < 150 ms more than a bare
`python -c pass`, importing no SDK, widget or HTTP library. Medians over repeated runs, side by side.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time

from immplay import Policy

HEAVY = ("responses", "requests", "ipywidgets", "aliyunsdkcore", "alibabacloud_tea_openapi", "IPython")


def full_size_policy() -> str:
    """A realistic custom policy just under RAM's 6,144-character limit, with conditions."""
    statements = []
    i = 0
    while True:
        statement = {
            "Effect": "Allow" if i % 5 else "Deny",
            "Action": ["imm:Get*", "imm:List*", "imm:CreateFigureClusteringTask"],
            "Resource": [f"acs:imm:cn-shanghai:1509100000000000:project/team-{i}/dataset/*",
                         f"acs:imm:*:1509100000000000:project/team-{i}-*"],
        }
        if i % 4 == 0:
            statement["Condition"] = {"IpAddress": {"acs:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]},
                                      "Bool": {"acs:SecureTransport": "true"}}
        candidate = json.dumps({"Version": "1", "Statement": statements + [statement]}, indent=2)
        if len(candidate) > 6144:
            return json.dumps({"Version": "1", "Statement": statements}, indent=2)
        statements.append(statement)
        i += 1


def time_import(code: str, runs: int) -> float:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def main() -> int:
    text = full_size_policy()
    Policy.parse(text)
    samples = []
    for _ in range(300):
        t = time.perf_counter()
        Policy.parse(text)
        samples.append(time.perf_counter() - t)
    print(f"parse+validate {len(text)} chars, {text.count('Effect')} statements: "
          f"median {statistics.median(samples) * 1e3:.3f} ms (target < 2 ms)")

    bare, with_immplay = [], []
    for _ in range(15):  # interleaved so both see the same machine load
        bare.append(time_import("pass", 1))
        with_immplay.append(time_import("import immplay", 1))
    extra = statistics.median(with_immplay) - statistics.median(bare)
    print(f"python -c pass: {statistics.median(bare) * 1e3:.1f} ms; import immplay: "
          f"{statistics.median(with_immplay) * 1e3:.1f} ms; extra {extra * 1e3:.1f} ms (target < 150 ms)")
    leaked = subprocess.run([sys.executable, "-c", "import sys, immplay; print(','.join(m for m in "
                             f"{HEAVY!r} if m in sys.modules))"], capture_output=True, text=True, check=True)
    print("heavy modules imported by `import immplay`:", leaked.stdout.strip() or "none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
