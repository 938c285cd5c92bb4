"""``immplay suggest TRAIL (--user NAME | --role NAME)``: the least-privilege policy of a saved trail.

Exit 0 with the policy JSON on stdout; 2 when the file cannot be read or holds no IMM call of the
principal.
"""

from __future__ import annotations

import argparse
from typing import Any

from ..cli import BadInput
from ..messages import text


def register(sub: Any) -> None:
    parser = sub.add_parser("suggest", help="print the smallest policy that allows the IMM calls a principal "
                            "made in a saved trail (cloud.trail.save)")
    parser.add_argument("trail", metavar="TRAIL", help="a trail written by cloud.trail.save(path): JSON lines")
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--user", metavar="NAME", help="the RAM user whose calls count")
    who.add_argument("--role", metavar="NAME", help="the RAM role whose sessions' calls count")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..cloud.least_privilege import suggest_policy
    from ..cloud.trail import read_trail

    try:
        events = read_trail(args.trail)
    except FileNotFoundError:
        raise BadInput(text("cli.no-such-file", path=args.trail)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(text("cli.cannot-read", path=args.trail, error=exc)) from None
    except ValueError as exc:
        raise BadInput(str(exc)) from None
    try:
        policy = suggest_policy(events, user=args.user, role=args.role)
    except ValueError as exc:
        raise BadInput(f"{args.trail}: {exc}") from None
    print(policy.text)
    return 0
