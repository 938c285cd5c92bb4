"""Each widget speaks the language it is given (`language="zh-CN"`), or the notebook's language when it
is created (`immplay.set_language("zh-CN")`), and keeps it for every later render; English stays the
default. The Chinese course's prose quotes the button labels, so they are pinned here."""

from __future__ import annotations

import re

import pytest
from widget_policies import ACCOUNT, allow, deny, policy_text

import immplay
from immplay.language import using_language
from immplay.widgets import AccessMatrix, Exercise, PolicyPlayground, SideBySide
from immplay.widgets.editor import PolicyCodeEditor, editor_phrases

GET_ONLY = policy_text(allow("imm:Get*", f"acs:imm:cn-shanghai:{ACCOUNT}:project/p"))
WITH_DENY = policy_text(allow("imm:*", f"acs:imm:cn-shanghai:{ACCOUNT}:project/p"), deny("imm:DeleteProject"))
REQUESTS = [("GetProject", "p"), ("DeleteProject", "p"), ("ListDatasets", "q")]


def shown_text(html: str) -> str:
    """What a reader sees of an HTML fragment: its text and its tooltips, no tags or class names."""
    return " ".join(re.findall(r'title="([^"]*)"', html)) + re.sub(r"<[^>]*>", "", html)


@pytest.fixture
def chinese_notebook():
    """A notebook that selected Chinese in its first cell (set back to English afterwards)."""
    immplay.set_language("zh-CN")
    yield
    immplay.set_language("en")


def test_a_chinese_playground_labels_its_buttons_table_and_decisions_in_chinese():
    pg = PolicyPlayground(WITH_DENY, requests=REQUESTS, language="zh-CN", restore=False)
    assert pg.language == "zh-CN"
    assert (pg.add_button.description, pg.remove_button.description) == ("添加请求", "删除所选")
    assert pg.original_button.description == "恢复原始内容"
    html = pg.table.value
    assert "<b>3 个示例请求</b>" in html
    assert "<th>请求</th><th>上下文</th><th class=immplay-narrow>判定结果</th><th>起决定作用的策略语句</th>" in html
    assert "✔ 允许" in html and "✖ 显式拒绝" in html and "∅ 隐式拒绝" in html
    # (the deciding statement's name is the engine's words, and Deny in a tooltip is the policy keyword)
    assert not re.search(r"sample|request|stale|[✔✖∅] \w*(Allow|Deny)|no statement", shown_text(html))
    assert 'data-effect="ExplicitDeny"' in html  # the page's hooks stay the same in both languages
    assert "GetProject，作用于 p" in html
    assert pg.editor.announcement == "3 个示例请求：允许 1 个，显式拒绝 1 个，隐式拒绝 1 个。"
    assert pg.page_label.value == "第 1–3 行，共 3 行（第 1/1 页）"
    assert "解释请求" in repr(pg.children)
    assert pg.explanation.value.startswith('<div class="immplay-explanation"><b>GetProject，作用于 p</b>')


def test_the_playground_keeps_its_language_after_the_notebook_switches():
    with using_language("zh-CN"):
        pg = PolicyPlayground(GET_ONLY, requests=REQUESTS, restore=False)
    assert pg.language == "zh-CN"
    pg.policy_text = GET_ONLY[:-2]  # does not parse: the stale banner, in the playground's language
    assert "◐ 已过时" in pg.table.value and "stale" not in shown_text(pg.table.value)
    assert "（已过时：文本无法解析）。" in pg.editor.announcement
    pg.policy_text = GET_ONLY
    pg.add_request(("GetDataset", "p", "d"))
    assert "<b>4 个示例请求</b>" in pg.table.value
    pg.remove_button.click()
    assert pg.form_message.value.startswith("✔ 已删除 GetDataset，作用于 p/d")


def test_set_language_makes_every_new_widget_chinese_and_english_ones_stay_english(chinese_notebook):
    before = PolicyPlayground(GET_ONLY, requests=REQUESTS, restore=False, language="en")
    pg = PolicyPlayground(GET_ONLY, requests=REQUESTS, restore=False)
    ex = Exercise("读取项目 p。", must_allow=[("GetProject", "p")], hints=["一", "二", "三"])
    m = AccessMatrix(GET_ONLY, ["GetProject", "DeleteProject"], ["p"], diff=True)
    assert [w.language for w in (pg, ex, m)] == ["zh-CN"] * 3
    assert "✔ Allow" in before.table.value and "<b>3 sample requests</b>" in before.table.value
    assert "✔ 允许" in pg.table.value
    assert ex.hint_button.description == "显示提示 1/3"
    assert m.diff_toggle.description == "与基准比较"


def test_a_chinese_exercise_uses_the_pinned_labels_and_grades_in_chinese():
    solution = policy_text(allow("imm:GetProject", f"acs:imm:cn-shanghai:{ACCOUNT}:project/p"))
    ex = Exercise({"en": "Read project p.", "zh-CN": "读取项目 p。"}, must_allow=[("GetProject", "p")],
                  must_deny=[("DeleteProject", "p")], solution=solution,
                  hints=[{"en": "one", "zh-CN": "第一条"}, {"en": "two", "zh-CN": "第二条"},
                         {"en": "three", "zh-CN": "第三条"}], language="zh-CN")
    assert ex.goal == "读取项目 p。" and '<b>目标：</b>读取项目 p。' in ex.static_html()
    assert ex.hint_button.description == "显示提示 1/3"  # "show a hint", "hint 1 of 3"
    ex.show_hint()
    ex.show_hint()
    assert "➜ 提示 2/3：第二条" in ex.hint_view.value and ex.hint_button.description == "显示提示 3/3"
    assert ex.solution_button.description == "查看答案"
    ex.solution_button.click()
    assert ex.solution_button.description == "隐藏答案" and ex.load_solution_button.description == "将答案放入编辑器"
    assert "<b>参考答案</b>" in ex.solution_view.value
    assert "✖ 未通过" in ex.report.value and "GetProject，作用于 p 必须被允许" in ex.report.value
    assert "<summary>为什么未通过</summary>" in ex.report.value
    ex.load_solution_button.click()
    assert ex.passed and "★ 练习通过" in ex.report.value and "✔ 通过" in ex.report.value
    assert str(ex.result).endswith("满足 2/2 项要求：练习通过。")


def test_an_exercise_hint_from_the_trace_is_chinese_and_keeps_the_arn():
    ex = Exercise("g", must_allow=[("GetDataset", "p", "d")], language="zh-CN",
                  policy=policy_text(allow("imm:ListDatasets", f"acs:imm:cn-shanghai:{ACCOUNT}:project/p")))
    [failure] = ex.result.failures
    assert failure.hint == ("没有策略语句的 Action 匹配 imm:GetDataset：请把它加入一条 Allow 策略语句的 Action")


def test_a_chinese_access_matrix_labels_its_buttons_grid_and_diff_in_chinese():
    m = AccessMatrix(GET_ONLY, ["GetProject", "DeleteProject", "GetDataset"], ["p", "p/d"], diff=True,
                     language="zh-CN")
    assert (m.diff_toggle.description, m.baseline_button.description) == ("与基准比较", "将当前文本设为基准")
    m.policy_text = GET_ONLY.replace("imm:Get*", "imm:*")
    html = m.grid.value
    assert "<b>▲ 这次修改新增了访问</b>，共 1 个单元格：DeleteProject，作用于 p" in html
    assert "▲ 新增访问" in html and "（原为 隐式拒绝）" in html and "— 不适用" in html
    assert ">操作 \\ 资源</th>" in html
    m.policy_text = "{"
    assert "◐ 已过时" in m.grid.value


def test_static_snapshots_are_framed_and_filled_in_the_widgets_language():
    pg = PolicyPlayground(GET_ONLY.replace("imm:Get*", "imm:GetProjct"), requests=REQUESTS, restore=False,
                          language="zh-CN")
    html = pg._repr_mimebundle_()["text/html"]  # the notebook's language is English here: the widget's wins
    assert "PolicyPlayground，随笔记本保存的快照：运行笔记本即可实时编辑。" in html
    assert "<div>1 个问题：</div>" in html and "<b>第 6 行第 17 个字符</b> 错误" in html
    grid = SideBySide({"只读": AccessMatrix(GET_ONLY, ["GetProject"], ["p"], language="zh-CN")}, language="zh-CN")
    snapshot = grid._repr_mimebundle_()["text/html"]
    assert "SideBySide，随笔记本保存的快照" in snapshot and "✔ 允许" in snapshot


def test_the_policy_menu_is_chinese_and_still_loads_an_english_label():
    pg = PolicyPlayground(GET_ONLY, requests=REQUESTS, restore=False, language="zh-CN")
    assert pg.menu.options[:3] == ("加载一个权限策略…", "示例：完全访问", "示例：通配符")
    assert "系统策略：AliyunIMMReadOnlyAccess" in pg.menu.options
    pg.load_policy("Example: specific projects")  # the code cells are the English course's
    assert pg.menu_note.value.startswith("<small>已加载 <b>示例：指定项目</b>。来源：")
    pg.menu.value = "示例：完全访问"
    assert '"imm:*"' in pg.policy_text and pg.menu.value == "加载一个权限策略…"


def test_the_editor_gets_codemirrors_phrases_in_chinese_and_none_in_english():
    chinese = PolicyCodeEditor(GET_ONLY, language="zh-CN")
    assert chinese.phrases["Find"] == "查找" and chinese.phrases["Fold line"] == "折叠此行"
    assert chinese.phrases["line $1, position $2"] == "第 $1 行第 $2 个字符"
    assert chinese.phrases["$1 problems: $2."] == "$1 个问题：$2。"
    assert PolicyCodeEditor(GET_ONLY).phrases == {} == editor_phrases("en")


def test_every_phrase_the_editors_javascript_asks_for_has_a_chinese_entry():
    from pathlib import Path

    source = "".join(p.read_text(encoding="utf-8") for p in (Path(__file__).resolve().parents[2] / "js" / "src")
                     .glob("*.js"))
    asked = set(re.findall(r'phrase\("([^"]+)"', source))
    severities = {"error", "security-warning", "warning", "suggestion"}
    asked |= severities | {f"{s}s" for s in severities}  # asked for by name: state.phrase(severity)
    assert asked - set(editor_phrases("zh-CN")) == set()


def test_english_stays_the_default_and_unchanged():
    pg = PolicyPlayground(WITH_DENY, requests=REQUESTS, restore=False)
    assert pg.language == "en" and pg.add_button.description == "add request"
    assert pg.editor.announcement == "3 sample requests: 1 Allow, 1 ExplicitDeny, 1 ImplicitDeny."
    ex = Exercise("goal", must_allow=[("GetProject", "p")], hints=["a", "b", "c"])
    assert ex.hint_button.description == "show hint 1 of 3" and ex.solution_button.description == "reveal solution"


def test_bad_input_in_a_chinese_playgrounds_form_and_share_box_is_explained_in_chinese():
    pg = PolicyPlayground(GET_ONLY, requests=REQUESTS, restore=False, language="zh-CN")
    pg.add_context.value = "acs:SourceIp"
    pg.add_button.click()
    assert "上下文的每一项都写成 键=值；&#x27;acs:SourceIp&#x27; 不是" in pg.form_message.value
    pg.share_box.value = "not-a-code"
    pg.load_share_button.click()
    assert "这个分享码已损坏或不完整" in pg.share_message.value
    pg.share_button.click()
    assert "PolicyPlayground.from_share_code(code)</code> 或<b>加载分享码</b>" in pg.share_message.value
