"""Policy test results as JUnit XML, the report format CI systems (GitLab, Jenkins, GitHub actions) read.

One ``<testsuite>`` per test file, one ``<testcase>`` per case; a failing case carries ``<failure>``
with the one-line reason and the full explanation; a file that could not be run is one ``<testcase>``
with ``<error>`` listing its problems.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from typing import Any


def write_junit_xml(path: str | os.PathLike, outcomes: list[tuple[str, Any, Any]]) -> None:
    """Write ``outcomes`` ((file, PolicyTestRun or None, PolicyTestFileError or None) each) to ``path``."""
    root = ET.Element("testsuites", name="immplay test")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for file, run, err in outcomes:
        suite = ET.SubElement(root, "testsuite", name=file)
        if err is not None:
            case = ET.SubElement(suite, "testcase", name="load the test file", classname=file, file=file)
            error = ET.SubElement(case, "error", message=err.problems[0][3], type="PolicyTestFileError")
            error.text = str(err)
            counts = {"tests": 1, "failures": 0, "errors": 1}
        else:
            for result in run.cases:
                attributes = {"name": result.name, "classname": file, "file": file}
                if result.line is not None:
                    attributes["line"] = str(result.line)
                case = ET.SubElement(suite, "testcase", attributes)
                if not result.passed:
                    failure = ET.SubElement(case, "failure", message=result.failure_line(), type=result.effect)
                    failure.text = result.decision.explain()
            counts = {"tests": len(run.cases), "failures": len(run.failures), "errors": 0}
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
