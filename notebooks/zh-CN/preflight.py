"""中文课程的预检：与英文课程是同一个检查（../preflight.py），报告用简体中文。

The Chinese course's pre-flight check: the one beside the English notebooks (``../preflight.py``,
loaded by its path, so it still runs where immplay is missing), reporting in Simplified Chinese.
``from preflight import run_checks`` works the same in both course folders.

Example:
    >>> from preflight import run_checks
    >>> run_checks()          # doctest: +SKIP
    正常     Python 3.10 或更高版本
    ...
    本课程也有英文版：../00-start.ipynb
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_ENGLISH_COURSE_PREFLIGHT = Path(__file__).resolve().parent.parent / "preflight.py"


def _load_checks():
    spec = importlib.util.spec_from_file_location("immplay_course_preflight", _ENGLISH_COURSE_PREFLIGHT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


checks = _load_checks()
LANGUAGE = checks.CHINESE


def all_checks() -> list:
    """Every check, its lines in Chinese."""
    return checks.all_checks(LANGUAGE)


def run_checks() -> bool:
    """打印每一项检查和结论（简体中文），最后指向英文课程；课程可以运行时返回 True。"""
    return checks.run_checks(LANGUAGE)


if __name__ == "__main__":
    raise SystemExit(0 if run_checks() else 1)
