"""``immplay diff OLD NEW`` (or ``--old A.json B.json --new A2.json B2.json``): what access changes.

Exit 1 when NEW allows something OLD did not (the guard a CI job wants), 0 otherwise, 2 on bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..cli import EXIT_DENY, BadInput, _context, load_policy
from ..messages import text


def register(sub: Any) -> None:
    from ..catalog import DEFAULT_ACCOUNT, DEFAULT_REGION

    parser = sub.add_parser("diff", help="what access changes between two versions of policies "
                            "(exit 1 when NEW allows something OLD did not)")
    parser.add_argument("versions", nargs="*", metavar="OLD NEW", help="the old and the new policy file")
    parser.add_argument("--old", nargs="+", metavar="POLICY", help="the old version as several policy files")
    parser.add_argument("--new", nargs="+", metavar="POLICY", help="the new version as several policy files")
    parser.add_argument("--project", action="append", default=[], metavar="NAME",
                        help="also test this IMM project (repeatable)")
    parser.add_argument("--dataset", action="append", default=[], metavar="NAME",
                        help="also test this dataset in every project (repeatable)")
    parser.add_argument("--region", default=DEFAULT_REGION,
                        help=f"region where the policies name none (default {DEFAULT_REGION})")
    parser.add_argument("--account", default=DEFAULT_ACCOUNT,
                        help=f"account ID where the policies name none (default {DEFAULT_ACCOUNT})")
    parser.add_argument("--context", action="append", default=[], metavar="KEY=VALUE",
                        help="a request condition key used for every decision (default: none, so "
                             "conditions on request keys are false)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        diff = _diff(args)
    except BadInput as exc:
        if args.json:  # CI reads stdout: a bad input is an object there too, as with `immplay eval --json`
            print(json.dumps({"error": {"option": exc.option, "message": str(exc)}}, indent=2))
        raise
    if args.json:
        print(json.dumps(diff.to_json(), indent=2))
    else:
        print(diff.report())
    return EXIT_DENY if diff.grants_more else 0


def _diff(args: argparse.Namespace) -> Any:
    from ..access_diff import diff_access
    from ..catalog import RequestSpecError, build_request

    if args.versions and (args.old or args.new):
        raise BadInput(text("cli.diff-both-forms"))
    if args.versions:
        if len(args.versions) != 2:
            raise BadInput(text("cli.diff-two-files", count=len(args.versions)))
        old_paths, new_paths = [args.versions[0]], [args.versions[1]]
    elif args.old and args.new:
        old_paths, new_paths = args.old, args.new
    else:
        raise BadInput(text("cli.diff-no-versions"))
    old = [load_policy(path, "identity") for path in old_paths]
    new = [load_policy(path, "identity") for path in new_paths]
    try:
        # The context, region and account are checked as `immplay eval` checks them.
        checked, warnings = build_request("imm:ListProjects", region=args.region, account=args.account,
                                          context=_context(args.context))
    except RequestSpecError as exc:
        raise BadInput(str(exc), exc.option) from None
    for warning in warnings:
        print(text("cli.warning", command="diff", warning=warning), file=sys.stderr)
    try:
        return diff_access(old, new, projects=args.project, datasets=args.dataset, region=args.region,
                           account=args.account, context=checked.context)
    except ValueError as exc:
        raise BadInput(str(exc), "dataset" if "dataset=" in str(exc) else "project") from None
