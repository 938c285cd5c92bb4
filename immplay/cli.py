"""The ``immplay`` command: ``eval`` and ``lint`` policies in CI, ``serve`` the emulator on loopback.

Exit codes: ``eval`` 0 on Allow, 1 on a deny, 2 on bad input; ``lint`` 1 when a finding at or
above ``--fail-on`` (default ``error``) exists, 2 when a file cannot be read; 2 for usage errors
everywhere. A policy file is named as it was given on the command line, by every command.

Each subcommand is a function that adds its parser to the subparsers and sets ``func`` (the
handler, ``args -> exit code``); ``SUBCOMMANDS`` lists them, so a new command is one function and
one entry. Handlers raise ``BadInput`` for input they cannot use.

``--language en|zh-CN`` (before or after the subcommand; default: the ``IMMPLAY_LANGUAGE``
environment variable, else English) chooses the language of every message; codes, file positions,
exit codes and JSON keys are the same in both.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .language import (
    ENGLISH,
    ENVIRONMENT_VARIABLE,
    LanguageError,
    current_language,
    language_code,
    using_language,
)
from .messages import text

EXIT_ALLOW, EXIT_DENY, EXIT_BAD_INPUT = 0, 1, 2


class BadInput(Exception):
    """Input the command cannot use; the message says what and where (``option`` names the flag)."""

    def __init__(self, message: str, option: str | None = None):
        self.option = option
        super().__init__(message)


class UsageError(SystemExit):
    """A command line argparse cannot read (exit 2); ``message`` says why."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(EXIT_BAD_INPUT)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 too; keep the message one line
        self.print_usage(sys.stderr)
        print(f"immplay: error: {message}", file=sys.stderr)
        raise UsageError(message)


def read_text(path: str) -> str:
    """The text of ``path`` (``-`` is stdin); ``BadInput`` naming the path when it cannot be read."""
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BadInput(text("cli.no-such-file", path=path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(text("cli.cannot-read", path=path, error=exc)) from None


def load_policy(path: str, kind: str = "identity") -> Any:
    """The ``Policy`` in file ``path``, named by the path as given; ``BadInput`` with file:line:column."""
    from .policy import Policy, PolicyError

    source = read_text(path)
    try:
        return Policy.parse(source, name=path if path != "-" else "stdin", kind=kind)
    except PolicyError as err:
        lines = []
        for p in err.problems:
            where = f"{path}:{p.line}:{p.column}" if p.line is not None else path
            said = f"{where}: {p.message} [{p.code}]"  # file:line:column as compilers write it, in every language
            lines.append(text("cli.problem-at", where=where, message=p.message, code=p.code, path=p.path)
                         if p.path else said)
        raise BadInput("\n".join(lines)) from None


# --- eval -------------------------------------------------------------------------------------------

def _context(pairs: Sequence[str]) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise BadInput(text("cli.context-pair", pair=pair), "context")
        if key in context:  # a repeated key carries several values
            existing = context[key]
            context[key] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            context[key] = value
    return context


def _request(args: argparse.Namespace) -> tuple[Any, list[str]]:
    from .catalog import RequestSpecError, build_request

    try:
        return build_request(args.action, resource=args.resource, project=args.project, dataset=args.dataset,
                             region=args.region, account=args.account, context=_context(args.context))
    except RequestSpecError as exc:
        raise BadInput(str(exc), exc.option) from None


_STAGE_NAMES = {"SessionPolicy": "explain.stage-session", "IdentityBasedPolicy": "explain.stage-identity",
                "ResourceBasedPolicy": "explain.stage-role-trust"}


def _decision_json(decision: Any, warnings: list[str]) -> dict[str, Any]:
    req = decision.request
    return {
        "effect": decision.effect,
        "allowed": decision.allowed,
        "denied_by": decision.denied_by,
        "request": {"action": req.action, "resource": req.resource, "context": req.context},
        "deciding": [{"policy": r.policy, "kind": r.kind, "statement": r.index, "effect": r.effect,
                      "line": r.line, "position": r.position} for r in decision.deciding],
        "missing_context": list(decision.missing_context),
        "warnings": warnings,
        "explanation": decision.explain(),
    }


def _short(decision: Any) -> list[str]:
    from .policy.effect import Effect

    request = decision.request
    lines = [text("cli.decision", effect=decision.effect.value, action=request.action, resource=request.resource)]
    lines += [text("cli.decided-by", statement=ref) for ref in decision.deciding]
    if decision.effect == Effect.IMPLICIT_DENY:
        lines.append(text("cli.no-statement-allows", stage=text(_STAGE_NAMES[decision.denied_by])))
    elif decision.effect == Effect.EXPLICIT_DENY:
        lines.append(text("cli.denied-explicitly-by", stage=text(_STAGE_NAMES[decision.denied_by])))
    if decision.missing_context:
        lines.append(text("cli.missing-context", keys=", ".join(decision.missing_context)))
    return lines


def cmd_eval(args: argparse.Namespace) -> int:
    from .policy import evaluate

    try:
        policies = [load_policy(path, "identity") for path in args.policies]
        session = load_policy(args.session_policy, "session") if args.session_policy else None
        request, warnings = _request(args)
    except BadInput as exc:
        if args.json:  # CI reads stdout: a bad input is an object there too
            print(json.dumps({"error": {"option": exc.option, "message": str(exc)}}, indent=2))
        raise
    for warning in warnings:
        print(text("cli.warning", command="eval", warning=warning), file=sys.stderr)
    decision = evaluate(request, policies, session_policy=session)
    if args.json:
        print(json.dumps(_decision_json(decision, warnings), indent=2, default=str))
    elif args.explain:
        print(decision.explain())
    else:
        print("\n".join(_short(decision)))
    return EXIT_ALLOW if decision.allowed else EXIT_DENY


def _add_eval(sub: Any) -> None:
    from .catalog import DEFAULT_ACCOUNT, DEFAULT_REGION

    ev = sub.add_parser("eval", help="decide one request against policies (exit 0 Allow, 1 deny, 2 bad input)",
                        description="Decide one request against identity policies (and a session policy). "
                        "Exit 0 on Allow, 1 on a deny, 2 on bad input.")
    ev.add_argument("policies", nargs="+", metavar="POLICY", help="identity policy JSON files (- reads stdin)")
    ev.add_argument("--action", required=True,
                    help="imm:CreateProject, CreateProject (an IMM operation), or another service's action")
    ev.add_argument("--resource", help="the resource ARN (or *); instead of --project/--dataset")
    ev.add_argument("--project", help="IMM project: the ARN is built from the catalog")
    ev.add_argument("--dataset", help="IMM dataset of --project")
    ev.add_argument("--region", default=DEFAULT_REGION, help=f"region for --project (default {DEFAULT_REGION})")
    ev.add_argument("--account", default=DEFAULT_ACCOUNT,
                    help=f"16-digit account ID for --project (default {DEFAULT_ACCOUNT})")
    ev.add_argument("--context", action="append", default=[], metavar="KEY=VALUE",
                    help="a condition key of the request, e.g. acs:SourceIp=10.0.0.1 (repeatable; a repeated "
                    "key has several values)")
    ev.add_argument("--session-policy", metavar="FILE", help="an AssumeRole session policy that narrows the result")
    ev.add_argument("--explain", action="store_true", help="print the full explanation")
    ev.add_argument("--json", action="store_true",
                    help="machine-readable output (on bad input, an {\"error\": ...} object)")
    ev.set_defaults(func=cmd_eval)


# --- lint -------------------------------------------------------------------------------------------

def cmd_lint(args: argparse.Namespace) -> int:
    from .lint import SEVERITIES, lint

    failing = set(SEVERITIES[:SEVERITIES.index(args.fail_on) + 1])
    fails = False
    report = []
    for path in args.policies:
        findings = lint(read_text(path), kind=args.kind)
        fails = fails or any(f.severity in failing for f in findings)
        if args.json:
            report.append({"file": path, "findings": [
                {"severity": f.severity, "code": f.code, "message": f.message, "path": f.path,
                 "line": f.line, "column": f.column} for f in findings]})
        else:
            for f in findings:
                where = f"{path}:{f.line}:{f.column}" if f.line is not None else path
                said = {"where": where, "severity": f.severity, "message": f.message, "code": f.code}
                plain = f"{where}: {f.severity}: {f.message} [{f.code}]"  # as compilers write it, in every language
                print(text("cli.finding-at", path=f.path, **said) if f.path else plain)
            if not findings:
                print(text("cli.no-findings", path=path))
    if args.json:
        print(json.dumps(report, indent=2))
    return EXIT_DENY if fails else 0


def _add_lint(sub: Any) -> None:
    from .lint import SEVERITIES

    li = sub.add_parser("lint", help="report mistakes and risky grants (exit 1 on a finding at --fail-on or worse)",
                        description="Report mistakes and risky grants in policy files. Exit 1 when a finding at "
                        "or above --fail-on exists, 2 when a file cannot be read.")
    li.add_argument("policies", nargs="+", metavar="POLICY", help="policy JSON files (- reads stdin)")
    li.add_argument("--kind", choices=("identity", "session", "trust"), default="identity",
                    help="what the files are: identity policies (default), AssumeRole session policies, or "
                    "role trust policies")
    li.add_argument("--fail-on", choices=SEVERITIES, default="error",
                    help="exit 1 when a finding of this severity or a more severe one exists; from most to least "
                    "severe: " + ", ".join(SEVERITIES) + " (default error)")
    li.add_argument("--json", action="store_true", help="machine-readable output: the findings of each file")
    li.set_defaults(func=cmd_lint)


# --- serve ------------------------------------------------------------------------------------------

def cmd_serve(args: argparse.Namespace) -> int:
    from .stub.server import run_server

    run_server(host=args.host, port=args.port, seed=args.seed)
    return 0


def _add_serve(sub: Any) -> None:
    se = sub.add_parser("serve", help="run the emulated RAM/STS/IMM on a loopback port",
                        description="Run the emulated RAM, STS and IMM for clients that cannot use mock_cloud; "
                        "point an SDK at the printed endpoint.")
    se.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    se.add_argument("--port", type=int, default=0, help="port to listen on (default 0: a free port, printed)")
    se.add_argument("--seed", type=int, default=0, help="seed for ids, keys and the emulated clock (default 0)")
    se.set_defaults(func=cmd_serve)


SUBCOMMANDS: list[Callable[[Any], None]] = [_add_eval, _add_lint, _add_serve]


def _language(name: str) -> str:
    """``--language``'s value as a language code; argparse turns the error into a usage error."""
    try:
        return language_code(name)
    except LanguageError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _add_language(parser: argparse.ArgumentParser, default: Any) -> None:
    parser.add_argument("--language", type=_language, default=default, metavar="{en,zh-CN}",
                        help=text("cli.language-help"))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="immplay", description="RAM policies for Alibaba Cloud IMM, offline.")
    _add_language(parser, None)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for add in SUBCOMMANDS:
        add(sub)
    from .commands import access_diff, policy_test, suggest  # policies as code: test, diff, suggest
    for command in (policy_test, access_diff, suggest):
        command.register(sub)
    for subparser in sub.choices.values():  # also after the subcommand; there it overrides the one before
        _add_language(subparser, argparse.SUPPRESS)
    if current_language() != ENGLISH:
        for key, holder, attribute in help_texts(parser):
            setattr(holder, attribute, text(key, **_help_fields()))
    return parser


def _help_fields() -> dict[str, str]:
    """The values help texts name: the default region and account, the severities."""
    from .catalog import DEFAULT_ACCOUNT, DEFAULT_REGION
    from .lint import SEVERITIES

    return {"region": DEFAULT_REGION, "account": DEFAULT_ACCOUNT, "severities": ", ".join(SEVERITIES)}


def help_texts(parser: argparse.ArgumentParser) -> list[tuple[str, Any, str]]:
    """Every help text and description of ``parser`` and its subcommands as (message name in
    cli-help.toml, the object holding it, its attribute); the English parser is written with the
    messages' English texts."""
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    found: list[tuple[str, Any, str]] = [("cli-help.immplay-description", parser, "description")]
    found += [(f"cli-help.{choice.dest}", choice, "help") for choice in sub._choices_actions]
    for name, subparser in sub.choices.items():
        if subparser.description:
            found.append((f"cli-help.{name}-description", subparser, "description"))
        found += [(f"cli-help.{name}-{action.dest.replace('_', '-')}", action, "help") for action in subparser._actions
                  if action.help and action.dest not in ("help", "language")]
    return found


def _chosen_language(args: argparse.Namespace) -> str:
    """``--language``, else ``IMMPLAY_LANGUAGE`` (read now, not at import), else English."""
    if args.language is not None:
        return args.language
    value = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if not value:
        return "en"
    try:
        return language_code(value)
    except LanguageError as exc:
        raise BadInput(text("cli.language-from-environment", variable=ENVIRONMENT_VARIABLE, value=value,
                            reason=exc)) from None


def _help_language(arguments: Sequence[str]) -> str | None:
    """The language ``--language`` names in ``arguments``, so that ``--help`` and usage errors speak it
    too; ``None`` when absent or misspelt (parsing then reports it)."""
    for i, argument in enumerate(arguments):
        name, sep, value = argument.partition("=")
        if name == "--language":
            try:
                return language_code(value if sep else arguments[i + 1])
            except (LanguageError, IndexError):
                return None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    with using_language(_help_language(arguments)):
        parser = build_parser()
    try:
        with using_language(_help_language(arguments)):
            args = parser.parse_args(arguments)
    except UsageError as exc:
        if "--json" in arguments:  # CI reads stdout: a usage error is an object there too
            print(json.dumps({"error": {"option": None, "message": exc.message}}, indent=2))
        raise
    try:
        with using_language(_chosen_language(args)):
            return args.func(args)
    except BadInput as exc:
        where = f"--{exc.option.replace('_', '-')}: " if exc.option else ""
        print(f"immplay {args.command}: {where}{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
