"""The pre-flight check reports in the language of its course folder, from one table in
notebooks/preflight.py: `from preflight import run_checks` prints English in notebooks/ and Chinese in
notebooks/zh-CN/ (a small module that loads ../preflight.py by its path), and each report ends by
pointing to the course in the other language. Both still run where immplay is missing."""

from __future__ import annotations

import importlib.util
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
HAN = re.compile(r"[\u4e00-\u9fff]")


def load(path: Path, name: str, monkeypatch):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def english(monkeypatch):
    module = load(NOTEBOOKS / "preflight.py", "preflight_english_under_test", monkeypatch)
    for name in module.DISTURBING_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return module


@pytest.fixture
def chinese(monkeypatch):
    module = load(NOTEBOOKS / "zh-CN" / "preflight.py", "preflight_chinese_under_test", monkeypatch)
    for name in module.checks.DISTURBING_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return module


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_every_sentence_with_the_same_fields_and_every_purpose(english):
    en, zh = english.WORDS["en"], english.WORDS["zh-CN"]
    assert set(en) == set(zh)
    for key in en:
        assert fields(en[key]) == fields(zh[key]), key
        assert HAN.search(zh[key]), f"the zh-CN text of {key!r} has no Chinese in it"
    for module, purpose in english.REQUIRED_MODULES:
        assert set(purpose) == {"en", "zh-CN"} and HAN.search(purpose["zh-CN"]), module


def test_the_english_report_ends_by_pointing_to_the_chinese_course(english, capsys):
    assert english.run_checks() is True
    out = capsys.readouterr().out
    assert out.startswith("ok       Python 3.10 or newer\n")
    assert out.endswith("All set: every notebook of the course can run here.\n\n"
                        "This course is also in Simplified Chinese: notebooks/zh-CN/00-start.ipynb\n")
    assert (NOTEBOOKS / "zh-CN").is_dir()
    assert not HAN.search(out.replace("notebooks/zh-CN", ""))


def test_the_chinese_folder_reports_in_chinese_and_points_to_the_english_course(chinese, capsys):
    assert chinese.run_checks() is True
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "正常     Python 3.10 或更高版本"
    assert "正常     immplay: 策略引擎、模拟器和交互组件" in lines
    assert not any(line.startswith(("ok ", "MISSING", "note ")) for line in lines)
    assert "一切就绪：本课程的每个笔记本都可以在这里运行。" in lines
    assert lines[-1] == "本课程也有英文版：../00-start.ipynb"
    assert (NOTEBOOKS / "zh-CN" / "../00-start.ipynb").resolve() == NOTEBOOKS / "00-start.ipynb"


def test_a_missing_module_is_reported_in_chinese_with_the_command_that_fixes_it(chinese, capsys, monkeypatch):
    monkeypatch.setattr(chinese.checks, "REQUIRED_MODULES",
                        (("no_such_module_for_immplay", {"en": "a test", "zh-CN": "测试用"}),))
    assert chinese.run_checks() is False
    out = capsys.readouterr().out
    assert "缺失     no_such_module_for_immplay: 测试用\n         修复方法：在代码仓库中运行 `make setup`" in out
    assert "pip install -e '.[course]'" in out and "ModuleNotFoundError" in out
    assert "发现 1 个问题" in out


def test_a_set_access_key_variable_is_reported_in_chinese(chinese, capsys, monkeypatch):
    monkeypatch.setenv("ALIYUN_ACCESS_KEY_ID", "x")
    assert chinese.run_checks() is False
    assert "缺失     未设置环境变量 ALIYUN_ACCESS_KEY_ID\n         修复方法：启动 Jupyter 前请执行 unset" in \
        capsys.readouterr().out


def test_an_unknown_language_is_refused_before_any_line(english, capsys):
    with pytest.raises(ValueError, match=r"speaks 'en' and 'zh-CN', not 'fr'"):
        english.run_checks("fr")
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("folder", [NOTEBOOKS, NOTEBOOKS / "zh-CN"], ids=["en", "zh-CN"])
def test_each_folders_check_runs_where_immplay_is_missing(folder):
    # -S: no site-packages, so neither immplay nor any course package can be imported
    run = subprocess.run([sys.executable, "-S", "preflight.py"], cwd=folder, capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert ("MISSING  immplay" if folder == NOTEBOOKS else "缺失     immplay") in run.stdout
