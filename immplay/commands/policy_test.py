"""``immplay test FILE... [--json] [--junit-xml PATH]``: run policy test files (see ``immplay.policy_tests``).

Output: one line per failing case (file:line:column, what decided and why), warnings, then a summary
per file and in total. Exit 0 when every case holds, 1 when any fails, 2 when a file is bad (its
problems name file, line and column; the other files still run).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..cli import EXIT_BAD_INPUT, EXIT_DENY
from ..messages import text


def register(sub: Any) -> None:
    parser = sub.add_parser("test", help="run policy test files: requests and the effect each must get "
                            "(exit 0 all hold, 1 a case fails, 2 a bad file)")
    parser.add_argument("files", nargs="+", metavar="FILE", help="test files (YAML or JSON); policy paths in "
                        "them are relative to the test file")
    parser.add_argument("--json", action="store_true", help="machine-readable results on stdout")
    parser.add_argument("--junit-xml", metavar="PATH", help="also write the results as JUnit XML (for CI systems)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..policy_tests import PolicyTestFileError, run_policy_tests

    outcomes: list[tuple[str, Any, PolicyTestFileError | None]] = []
    for path in args.files:
        try:
            outcomes.append((path, run_policy_tests(path), None))
        except PolicyTestFileError as err:
            outcomes.append((path, None, err))
    if args.junit_xml:
        from .junit_xml import write_junit_xml

        write_junit_xml(args.junit_xml, outcomes)
    if args.json:
        print(json.dumps(_as_json(outcomes), indent=2, default=str))
    else:
        _print_text(outcomes)
    if any(err is not None for _, _, err in outcomes):
        return EXIT_BAD_INPUT
    return EXIT_DENY if any(not run.passed for _, run, _ in outcomes) else 0


def _print_text(outcomes: list) -> None:
    cases = failed = bad = 0
    for path, run, err in outcomes:
        if err is not None:
            bad += 1
            print(str(err), file=sys.stderr)
            print(text("cli.test-file-not-run", path=path, count=len(err.problems)))
            continue
        for case in run.cases:
            for warning in case.warnings:
                print(text("cli.test-case-warning", file=case.file, line=case.line, column=case.column,
                           warning=warning), file=sys.stderr)
            if not case.passed:
                print(case.failure_line())
        cases += len(run.cases)
        failed += len(run.failures)
        print(run.summary())
    if len(outcomes) > 1:
        counts = {"cases": cases, "files": len(outcomes), "passed": cases - failed, "failed": failed}
        print(text("cli.test-total-not-run", bad=bad, **counts) if bad else text("cli.test-total", **counts))


def _as_json(outcomes: list) -> dict[str, Any]:
    files = []
    for path, run, err in outcomes:
        if err is not None:
            files.append({"file": path, "error": [{"file": f, "line": line, "column": column, "message": message}
                                                  for f, line, column, message in err.problems], "cases": []})
        else:
            files.append({"file": path, "error": None, "passed": run.passed,
                          "cases": [c.to_json() for c in run.cases]})
    runs = [run for _, run, _ in outcomes if run is not None]
    return {"passed": all(f["error"] is None for f in files) and all(r.passed for r in runs),
            "cases": sum(len(r.cases) for r in runs), "failed": sum(len(r.failures) for r in runs),
            "files_not_run": sum(1 for f in files if f["error"] is not None), "files": files}
