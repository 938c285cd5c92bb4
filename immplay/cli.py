"""The ``immplay`` command: ``eval`` and ``lint`` policies in CI, ``serve`` the emulator on loopback.

Exit codes: ``eval`` 0 on Allow, 1 on a deny, 2 on bad input; ``lint`` 1 when an error-severity
finding exists, 2 when a file cannot be read; 2 for usage errors everywhere.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

EXIT_ALLOW, EXIT_DENY, EXIT_BAD_INPUT = 0, 1, 2


class BadInput(Exception):
    """Input the command cannot use; the message says what and where."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 too; keep the message one line
        self.print_usage(sys.stderr)
        print(f"immplay: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: cannot read: {exc}") from None


def _load_policy(path: str, kind: str) -> Any:
    from .policy import Policy, PolicyError

    text = _read(path)
    try:
        return Policy.parse(text, name=Path(path).name if path != "-" else "stdin", kind=kind)
    except PolicyError as err:
        lines = []
        for p in err.problems:
            where = f"{path}:{p.line}:{p.column}" if p.line is not None else path
            lines.append(f"{where}: {p.message} [{p.code}]" + (f" at {p.path}" if p.path else ""))
        raise BadInput("\n".join(lines)) from None


def _context(pairs: Sequence[str]) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise BadInput(f"--context {pair!r}: write KEY=VALUE, for example acs:SourceIp=10.0.0.1")
        if key in context:  # a repeated key carries several values
            existing = context[key]
            context[key] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            context[key] = value
    return context


def _request(args: argparse.Namespace) -> Any:
    from . import catalog
    from .policy import Request

    context = _context(args.context)
    if args.resource is not None:
        if args.project or args.dataset:
            raise BadInput("give either --resource or --project/--dataset, not both")
        return Request(args.action, args.resource, context)
    if not args.action.lower().startswith("imm:") and ":" in args.action:
        if args.project:
            raise BadInput(f"--project builds IMM ARNs only; give --resource for {args.action}")
        return Request(args.action, "*", context)
    try:
        op = catalog.operation(args.action)
        resource = op.resource_arn(args.region, args.account, args.project, args.dataset)
    except catalog.UnknownOperation as exc:
        raise BadInput(f"--action: {exc}") from None
    except ValueError as exc:
        raise BadInput(f"--action {op.name}: {exc} (--project, --dataset)") from None
    return Request(op.action, resource, context)


def _decision_json(decision: Any) -> dict[str, Any]:
    req = decision.request
    return {
        "effect": decision.effect,
        "allowed": decision.allowed,
        "denied_by": decision.denied_by,
        "request": {"action": req.action, "resource": req.resource, "context": req.context},
        "deciding": [{"policy": r.policy, "kind": r.kind, "statement": r.index, "effect": r.effect,
                      "line": r.line} for r in decision.deciding],
        "missing_context": list(decision.missing_context),
        "explanation": decision.explain(),
    }


def cmd_eval(args: argparse.Namespace) -> int:
    from .policy import evaluate

    policies = [_load_policy(path, "identity") for path in args.policies]
    session = _load_policy(args.session_policy, "session") if args.session_policy else None
    request = _request(args)
    decision = evaluate(request, policies, session_policy=session)
    if args.json:
        print(json.dumps(_decision_json(decision), indent=2, default=str))
    elif args.explain:
        print(decision.explain())
    else:
        print(f"{decision.effect}: {request.action} on {request.resource}")
        for ref in decision.deciding:
            print(f"  decided by {ref}")
        if decision.effect == "ImplicitDeny":
            print("  no statement allows it")
        if decision.missing_context:
            print("  missing context: " + ", ".join(decision.missing_context))
    return EXIT_ALLOW if decision.allowed else EXIT_DENY


def cmd_lint(args: argparse.Namespace) -> int:
    from .lint import lint

    any_error = False
    report = []
    for path in args.policies:
        findings = lint(_read(path), kind=args.kind)
        any_error = any_error or any(f.severity == "error" for f in findings)
        if args.json:
            report.append({"file": path, "findings": [
                {"severity": f.severity, "code": f.code, "message": f.message, "path": f.path,
                 "line": f.line, "column": f.column} for f in findings]})
        else:
            for f in findings:
                where = f"{path}:{f.line}:{f.column}" if f.line is not None else path
                print(f"{where}: {f.severity}: {f.message} [{f.code}]" + (f" at {f.path}" if f.path else ""))
            if not findings:
                print(f"{path}: no findings")
    if args.json:
        print(json.dumps(report, indent=2))
    return EXIT_DENY if any_error else 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .stub.server import run_server

    run_server(host=args.host, port=args.port, seed=args.seed)
    return 0


def build_parser() -> argparse.ArgumentParser:
    from .catalog import DEFAULT_ACCOUNT, DEFAULT_REGION

    parser = _Parser(prog="immplay", description="RAM policies for Alibaba Cloud IMM, offline.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    ev = sub.add_parser("eval", help="decide one request against policies (exit 0 Allow, 1 deny, 2 bad input)")
    ev.add_argument("policies", nargs="+", metavar="POLICY", help="policy JSON files (identity policies)")
    ev.add_argument("--action", required=True, help="imm:CreateProject, CreateProject, or another service's action")
    ev.add_argument("--resource", help="the resource ARN (or *)")
    ev.add_argument("--project", help="IMM project: the ARN is built from the catalog")
    ev.add_argument("--dataset", help="IMM dataset of --project")
    ev.add_argument("--region", default=DEFAULT_REGION, help=f"region for --project (default {DEFAULT_REGION})")
    ev.add_argument("--account", default=DEFAULT_ACCOUNT, help=f"account ID for --project (default {DEFAULT_ACCOUNT})")
    ev.add_argument("--context", action="append", default=[], metavar="KEY=VALUE",
                    help="a condition key of the request, e.g. acs:SourceIp=10.0.0.1 (repeatable)")
    ev.add_argument("--session-policy", metavar="FILE", help="an AssumeRole session policy that narrows the result")
    ev.add_argument("--explain", action="store_true", help="print the full explanation")
    ev.add_argument("--json", action="store_true", help="machine-readable output")
    ev.set_defaults(func=cmd_eval)

    li = sub.add_parser("lint", help="report mistakes and risky grants (exit 1 on an error finding)")
    li.add_argument("policies", nargs="+", metavar="POLICY")
    li.add_argument("--kind", choices=("identity", "session", "trust"), default="identity")
    li.add_argument("--json", action="store_true")
    li.set_defaults(func=cmd_lint)

    se = sub.add_parser("serve", help="run the emulated RAM/STS/IMM on a loopback port")
    se.add_argument("--host", default="127.0.0.1")
    se.add_argument("--port", type=int, default=0, help="0 picks a free port")
    se.add_argument("--seed", type=int, default=0)
    se.set_defaults(func=cmd_serve)

    from .commands import access_diff, policy_test, suggest  # policies as code: test, diff, suggest
    for command in (policy_test, access_diff, suggest):
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except BadInput as exc:
        print(f"immplay {args.command}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
