"""The widgets of the Chinese course in a real browser: a notebook that selects Chinese in its first cell
shows a PolicyPlayground and an Exercise whose labels, decisions, hints and code editor speak Chinese.

A temporary copy of the course folder is served by JupyterLab; in its zh-CN/ folder a notebook runs
`import immplay; immplay.set_language("zh-CN")`, a PolicyPlayground and an exercise of the course. The
test reads the table's header and decisions (「判定结果」, 「允许」/「隐式拒绝」), types a letter and
sees the decision flip to 「✔ 允许」, opens a hint (「显示提示 1/2」 then 「提示 1/2」), opens the
editor's find panel (「查找」) and reads a fold marker's tooltip (「折叠此行」), then breaks the policy
and expects the diagnostic at 「第 6 行第 N 个字符」, marked 「错误」 (in the list and the gutter), with
the message the kernel writes in Chinese for that text, and the decisions marked 「◐ 已过时」.

The second test opens the course's own zh-CN/04-custom-policies and checks its playgrounds and exercise.
Skipped, saying how to install it, when Chromium is missing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lab_session import chromium, copy_course_folder, open_notebook, run_all_cells, running_lab

from immplay.language import using_language
from immplay.widgets.diagnostics import diagnostics

pytestmark = pytest.mark.browser

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
COURSE_NOTEBOOK = NOTEBOOKS / "zh-CN" / "04-custom-policies.ipynb"

POLICY = """{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["imm:ListProject"],
      "Resource": "*"
    }
  ]
}"""
CELLS = [
    'import immplay; immplay.set_language("zh-CN")',
    "from immplay.widgets import PolicyPlayground\n"
    f"PolicyPlayground('''{POLICY}''',\n"
    '                 requests=["ListProjects", ("GetDataset", "p", "d")], key="zh-browser-check")',
    "from immplay.course import exercise_book\n"
    'exercise_book.exercise_widget("wildcard-plus-list-projects")',
]
PLAYGROUND = ".immplay-playground"
EDITOR = f"{PLAYGROUND} .immplay-code-editor"
FIRST_DECISION = ".immplay-requests tr[data-row='0'] .immplay-decision"


def course_copy_with_notebook(target: Path) -> str:
    """Copy the course folder into `target` with the test's notebook in its zh-CN/; return its path from `target`."""
    copy_course_folder(target)
    notebook = {"cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                           "source": source} for source in CELLS],
                "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
                "nbformat": 4, "nbformat_minor": 5}
    (target / "zh-CN" / "widgets-check.ipynb").write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    return "zh-CN/widgets-check.ipynb"


def find_in_editor(page, text: str) -> None:
    """Open the editor's find panel (its label must be Chinese), find `text`, close, cursor after it."""
    from playwright.sync_api import expect

    page.locator(f"{EDITOR} .cm-content").click()
    page.keyboard.press("Control+f")
    panel = page.locator(f"{EDITOR} .immplay-find")
    expect(panel.locator("label")).to_have_text(re.compile(r"^查找"))
    expect(panel.locator("input")).to_have_attribute("aria-label", "在权限策略中查找")
    panel.locator("input").fill(text)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.keyboard.press("ArrowRight")


def test_the_chinese_course_widgets_speak_chinese_in_jupyterlab(playwright_available, tmp_path):
    from playwright.sync_api import expect

    name = course_copy_with_notebook(tmp_path)
    with running_lab(tmp_path) as lab, chromium() as browser:
        page = open_notebook(browser, lab, name, viewport=(1366, 900))
        run_all_cells(page, until=".immplay-exercise")

        # the playground's table: Chinese header, Chinese decisions
        expect(page.locator(".immplay-requests th").nth(3)).to_have_text("判定结果")
        decision = page.locator(FIRST_DECISION)
        expect(decision).to_have_text(re.compile(r"^∅ 隐式拒绝$"), timeout=60_000)
        expect(page.locator(".immplay-summary").first).to_contain_text(re.compile(r"2 个示例请求"))
        expect(page.locator(f"{PLAYGROUND} button", has_text="添加请求")).to_have_count(1)
        expect(page.locator(f"{PLAYGROUND} .widget-html", has_text="解释请求")).to_have_count(1)
        find_in_editor(page, "imm:ListProject")
        page.keyboard.type("s")
        expect(decision).to_have_text(re.compile(r"^✔ 允许$"), timeout=20_000)
        expect(page.locator(f"{EDITOR} .immplay-editor-status")).to_have_text(re.compile(r"^没有发现问题。"))
        page.keyboard.press("Backspace")
        expect(decision).to_have_text(re.compile(r"^∅ 隐式拒绝$"), timeout=20_000)

        # CodeMirror's own words: a fold marker's tooltip
        titles = page.locator(f"{EDITOR} .cm-foldGutter span[title]")
        expect(titles.first).to_have_attribute("title", re.compile(r"^(折叠此行|展开此行)$"))
        expect(page.locator(f'{EDITOR} .cm-foldGutter span[title="折叠此行"]').first).to_be_attached()

        # a broken policy: the diagnostic is placed and marked in Chinese, its message the kernel's zh-CN one
        find_in_editor(page, '"imm:ListProject')
        page.keyboard.press("Delete")  # the closing quote
        broken = POLICY.replace('"imm:ListProject"', '"imm:ListProject', 1)
        with using_language("zh-CN"):
            [expected] = [d for d in diagnostics(broken) if d["severity"] == "error"][:1]
        where = page.locator(f"{EDITOR} .immplay-diagnostic-where").first
        expect(where).to_have_text(re.compile(r"^第 6 行第 \d+ 个字符$"), timeout=20_000)
        expect(page.locator(f"{EDITOR} .immplay-diagnostic-severity").first).to_have_text("错误")
        expect(page.locator(f"{EDITOR} .immplay-gutter-error")).to_have_attribute(
            "title", re.compile(r"^错误: "))  # the gutter marker's tooltip
        expect(page.locator(f"{EDITOR} .immplay-diagnostic-message").first).to_have_text(
            f"{expected['message']} [{expected['code']}]")
        expect(page.locator(f"{EDITOR} .immplay-editor-status")).to_have_text(re.compile(r"^1 个问题：错误 1 个。"))
        expect(page.locator(".immplay-stale").first).to_contain_text("◐ 已过时")
        page.keyboard.press("Control+z")

        # the exercise: its goal, its hint button and hint, its buttons, its report
        exercise = page.locator(".immplay-exercise")
        expect(exercise.locator(".immplay-goal")).to_contain_text(re.compile(r"^目标：初始策略是指南中的通配符示例"))
        hint = exercise.locator("button", has_text="显示提示")
        expect(hint).to_have_text(re.compile(r"显示提示 1/2"))
        hint.click()
        expect(exercise.locator(".widget-html", has_text="➜ 提示 1/2：")).to_have_count(1)
        expect(exercise.locator("button", has_text="查看答案")).to_have_count(1)
        expect(exercise.locator(".immplay-check")).to_contain_text(re.compile(r"未通过.*必须被允许"))
        expect(exercise.locator(".immplay-check .immplay-decision").first).to_have_text(re.compile(r"^[✔∅✖] "
                                                                                                   r"(允许|隐式拒绝|显式拒绝)$"))


def test_the_course_own_chinese_notebook_shows_chinese_widgets(playwright_available, tmp_path):
    """The course's zh-CN/04-custom-policies, run as a trainee runs it: its playgrounds and its exercise
    speak Chinese, and a decision explained in the notebook's own output is Chinese too."""
    from playwright.sync_api import expect

    copy_course_folder(tmp_path)
    with running_lab(tmp_path) as lab, chromium() as browser:
        page = open_notebook(browser, lab, COURSE_NOTEBOOK.relative_to(NOTEBOOKS).as_posix(), viewport=(1280, 900))
        run_all_cells(page, until=".immplay-exercise")
        expect(page.locator(".immplay-requests th", has_text="判定结果").first).to_be_visible(timeout=60_000)
        expect(page.locator(f"{PLAYGROUND} {FIRST_DECISION}").first).to_have_text(
            re.compile(r"^(✔ 允许|∅ 隐式拒绝|✖ 显式拒绝)$"), timeout=60_000)
        exercise = page.locator(".immplay-exercise")
        expect(exercise.locator("button", has_text="显示提示")).to_have_count(1)
        expect(exercise.locator("button", has_text="查看答案")).to_have_count(1)
        expect(exercise.locator(".immplay-goal")).to_contain_text("目标：")
        expect(page.locator(".jp-OutputArea-output", has_text="Traceback")).to_have_count(0)
