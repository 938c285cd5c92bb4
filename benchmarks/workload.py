"""The shared benchmark workload: many realistic IMM policies and requests, reproducible from a seed.

23 identity policies of 5 statements each with wildcards; about a quarter of the statements carry
conditions (IpAddress on acs:SourceIp, Bool on acs:SecureTransport); a few Deny statements; no
blanket allow. Requests cover every IMM operation over projects and datasets, with context.
"""

from __future__ import annotations

import random

from immplay import catalog

ACCOUNT = catalog.DEFAULT_ACCOUNT
REGIONS = ["cn-shanghai", "cn-hangzhou", "cn-beijing"]
PROJECTS = [f"team-{t}-{k}" for t in "abcd" for k in ("media", "doc", "test")]
DATASETS = ["dataset1", "dataset2", "faces", "archive"]
ACTION_PATTERNS = ["imm:Get*", "imm:List*", "imm:CreateFigure*", "imm:*Dataset*", "imm:Query*",
                   "imm:*Task", "imm:Batch*", "imm:Create*", "imm:Update*", "imm:Delete*", "imm:Index*",
                   "imm:Simple*", "imm:Detect*"]


def _resource(rng: random.Random) -> str:
    region = rng.choice(REGIONS + ["*"])
    team = rng.choice("abcd")
    shape = rng.random()
    if shape < 0.35:
        return f"acs:imm:{region}:{ACCOUNT}:project/team-{team}-*"
    if shape < 0.7:
        return f"acs:imm:{region}:{ACCOUNT}:project/{rng.choice(PROJECTS)}"
    if shape < 0.9:
        return f"acs:imm:{region}:{ACCOUNT}:project/{rng.choice(PROJECTS)}/dataset/{rng.choice(DATASETS)}*"
    return "*"


def _statement(rng: random.Random, ops: list[str]) -> dict:
    n = rng.randint(1, 3)
    actions = [rng.choice(ACTION_PATTERNS) if rng.random() < 0.6 else f"imm:{rng.choice(ops)}" for _ in range(n)]
    resources = [_resource(rng) for _ in range(rng.randint(1, 2))]
    if "*" in resources and any(a.endswith("*") for a in actions) and rng.random() < 0.8:
        resources = [r for r in resources if r != "*"] or [_resource(rng).replace("*", "x") or "x"]
    statement = {"Effect": "Deny" if rng.random() < 0.1 else "Allow", "Action": actions, "Resource": resources}
    if rng.random() < 0.25:
        if rng.random() < 0.5:
            statement["Condition"] = {"IpAddress": {"acs:SourceIp": rng.choice(
                ["10.0.0.0/8", "192.168.0.0/16", "172.16.0.0/12", "203.0.113.7"])}}
        else:
            statement["Condition"] = {"Bool": {"acs:SecureTransport": rng.choice(["true", "false"])}}
    return statement


def make_policies(seed: int = 7, count: int = 23, statements: int = 5) -> list[dict]:
    rng = random.Random(seed)
    ops = [op.name for op in catalog.operations()]
    return [{"Version": "1", "Statement": [_statement(rng, ops) for _ in range(statements)]} for _ in range(count)]


def make_requests(seed: int = 11, count: int = 2400) -> list[tuple[str, str, dict]]:
    """(action, resource ARN, context) triples over every IMM operation."""
    rng = random.Random(seed)
    ops = catalog.operations()
    out = []
    for i in range(count):
        op = ops[i % len(ops)]
        project = rng.choice(PROJECTS)
        dataset = rng.choice(DATASETS) if op.resource_type == "dataset" else None
        arn = op.resource_arn(rng.choice(REGIONS), ACCOUNT, None if op.resource_type == "*" else project, dataset)
        context = {
            "acs:SourceIp": rng.choice(["10.1.2.3", "192.168.7.9", "198.51.100.4", "172.20.0.1"]),
            "acs:SecureTransport": rng.choice([True, False]),
        }
        out.append((op.action, arn, context))
    return out
