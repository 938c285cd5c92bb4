"""Every exercise is written in both languages of the course from one data file: its title, goal and
hints side by side as {"en": ..., "zh-CN": ...}, its requirements and solution the same for both.

A text missing in either language, or a Chinese text that is a copy of the English one, fails here;
the loader refuses such a file with a message naming the exercise and the text. The Exercise widget
and TrustExercise show the texts and grade in the language they are given (or the current one).
"""

from __future__ import annotations

import json
import re

import pytest

import immplay
from immplay.course import exercise_book

SLUGS = sorted(path.stem for path in exercise_book.EXERCISES.glob("*.json"))
TRUST_SLUGS = [s for s in SLUGS if exercise_book.exercise_data(s).get("kind") == "trust"]
HAN = re.compile(r"[\u4e00-\u9fff]")


def worded_texts(slug: str) -> list[tuple[str, dict]]:
    data = json.loads((exercise_book.EXERCISES / f"{slug}.json").read_text(encoding="utf-8"))
    return ([("title", data["title"]), ("goal", data["goal"])]
            + [(f"hint {i}", hint) for i, hint in enumerate(data["hints"], start=1)])


@pytest.mark.parametrize("slug", SLUGS)
def test_title_goal_and_each_hint_are_written_in_english_and_in_chinese(slug):
    for place, value in worded_texts(slug):
        assert isinstance(value, dict) and set(value) == {"en", "zh-CN"}, f"{slug}: {place} is {value!r}"
        assert value["en"].strip() and not HAN.search(value["en"]), f"{slug}: {place}'s English text"
        assert HAN.search(value["zh-CN"]), f"{slug}: {place}'s zh-CN text has no Chinese in it: {value['zh-CN']!r}"


@pytest.mark.parametrize("slug", SLUGS)
def test_the_chinese_text_keeps_the_names_arns_and_codes_of_the_english_one(slug):
    # Operation names, ARNs, condition keys and policy words stay as they are in Chinese prose.
    code = re.compile(r"(?:acs|imm|sts|ram):[\w:*/<>.-]+|\b[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+\b|\d{6,}")
    for place, value in worded_texts(slug):
        def names(words: str) -> set[str]:
            return {name.rstrip(".:") for name in code.findall(words)}

        missing = names(value["en"]) - names(value["zh-CN"])
        assert not missing, f"{slug}: {place}'s Chinese text lacks {sorted(missing)}"


def test_an_exercise_text_without_chinese_is_refused_naming_the_file_and_the_text(tmp_path, monkeypatch):
    data = exercise_book.exercise_data("team-a-read-only")
    data["hints"][1] = {"en": data["hints"][1]["en"]}
    (tmp_path / "team-a-read-only.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(exercise_book, "EXERCISES", tmp_path)
    with pytest.raises(exercise_book.ExerciseTextError, match=r"exercises/team-a-read-only.json: hint 2 must be "
                                                               r"written in en and zh-CN"):
        exercise_book.load_spec("team-a-read-only")


def test_a_plain_string_goal_is_refused_too(tmp_path, monkeypatch):
    data = exercise_book.exercise_data("team-a-read-only")
    data["goal"] = data["goal"]["en"]
    (tmp_path / "team-a-read-only.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(exercise_book, "EXERCISES", tmp_path)
    with pytest.raises(exercise_book.ExerciseTextError, match=r"goal must be written in en and zh-CN"):
        exercise_book.exercise_widget("team-a-read-only")


def test_load_spec_gives_the_texts_in_the_asked_or_the_current_language():
    data = exercise_book.exercise_data("fix-broken-policy")
    assert exercise_book.load_spec("fix-broken-policy")["goal"] == data["goal"]["en"]
    chinese = exercise_book.load_spec("fix-broken-policy", "zh-CN")
    assert chinese["title"] == "修复有错误的策略" and chinese["hints"] == [h["zh-CN"] for h in data["hints"]]
    assert chinese["must_allow"] == data["must_allow"] and chinese["start"] == data["start"]
    try:
        immplay.set_language("zh-CN")
        assert exercise_book.load_spec("fix-broken-policy")["goal"] == data["goal"]["zh-CN"]
    finally:
        immplay.set_language("en")


@pytest.mark.parametrize("slug", SLUGS)
def test_the_chinese_exercise_widget_shows_chinese_texts_and_grades_the_same_solution(slug):
    pytest.importorskip("ipywidgets")
    data = exercise_book.exercise_data(slug)
    widget = exercise_book.exercise_widget(slug, language="zh-CN")
    assert widget.goal == data["goal"]["zh-CN"]
    assert "目标：" in widget.static_html()
    assert widget.hint_button.description == f"显示提示 1/{len(data['hints'])}"
    assert widget.show_hint() == data["hints"][0]["zh-CN"]
    assert f"➜ 提示 1/{len(data['hints'])}：" in widget.hint_view.value
    assert widget.passed is False and "项要求" in widget.report.value and "未通过" in widget.report.value
    widget.load_solution()
    assert widget.passed is True and "★ 练习通过" in widget.report.value
    assert "练习通过" in str(widget.result)


def test_a_notebook_that_selects_chinese_gets_chinese_exercises_without_passing_a_language():
    pytest.importorskip("ipywidgets")
    try:
        immplay.set_language("zh-CN")
        widget = exercise_book.exercise_widget("wildcard-plus-list-projects")
    finally:
        immplay.set_language("en")
    assert widget.language == "zh-CN"
    assert widget.goal.startswith("初始策略是指南中的通配符示例")
    widget.policy_text = widget.policy_text  # graded again after the notebook switched back: still Chinese
    widget.check()
    assert "必须被允许" in widget.report.value and "must be allowed" not in widget.report.value


@pytest.mark.parametrize("slug", TRUST_SLUGS)
def test_trust_exercise_without_a_widget_speaks_chinese_like_the_widget(slug):
    pytest.importorskip("ipywidgets")
    bare = exercise_book.TrustExercise(slug, language="zh-CN")
    widget = exercise_book.exercise_widget(slug, language="zh-CN")
    assert bare.goal == widget.goal == exercise_book.exercise_data(slug)["goal"]["zh-CN"]
    assert str(bare.result) == str(widget.result)
    assert "调用 AssumeRole [没有外部 ID] 必须被拒绝" in str(bare.result)
    assert bare.show_hint() == widget.show_hint() == exercise_book.exercise_data(slug)["hints"][0]["zh-CN"]
    bare.load_solution()
    assert bare.passed and str(bare.result).endswith("练习通过。")
