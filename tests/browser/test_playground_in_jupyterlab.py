"""The playground in a real browser: the code editor, its diagnostics, completion, navigation, layout and contrast.

One JupyterLab session (a copy of playground.ipynb, run once) is driven through every check, at
1366, 1280, 900 and 600 px wide (the viewport is resized, not reloaded) and in the light and dark
themes: a broken policy shows its diagnostic at the line and position the editor shows (at every
width and in both themes, unclipped, its error text legible); typing `imm:ListPro` offers
`imm:ListProjects` and Enter completes it (again at every width and theme); in a Resource, "acs"
offers the ARN skeleton of the statement's operations, and under a Condition the operators and
condition keys are offered; clicking a deciding statement
selects it in the editor; no table column is clipped and rows stay within two lines; every text in
the playground measures >= 4.5:1 contrast against its background (from computed styles); and a
re-run says it restored the edited text. Keys typed in the editor never reach notebook shortcuts,
Tab indents and Escape then Tab leaves; hovering an action shows the ARN it is authorized on; a
second view of the widget (Lab's "Create New View for Cell Output") undoes edits made in the first.
Notebook 7 and Voila (one server each) get the typing, diagnostic, completion and navigation checks
once, then layout, a diagnostic, completion and contrast at the four widths in both themes.

Texts are matched with anchored regular expressions (a plain string would match case-insensitively).
Skipped, saying how to install it, when Chromium is missing.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from lab_session import (
    chromium,
    copy_notebook,
    open_notebook,
    run_all_cells,
    running_lab,
    wait_kernel_idle,
)

pytestmark = pytest.mark.browser

NOTEBOOK = Path(__file__).with_name("playground.ipynb")
FIRST_DECISION = ".immplay-requests tr[data-row='0'] .immplay-decision"
EDITOR = ".immplay-playground .immplay-code-editor"
WIDTHS = (1366, 1280, 900, 600)

# The contrast of every element that draws text in the playground, against the first opaque
# background behind it (WCAG relative luminance; alpha blended over what lies beneath).
CONTRAST_JS = """
(root) => {
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(',').map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const blend = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3]));
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e); const c = parse(s.backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let colour = [255, 255, 255];
    for (const layer of layers.reverse()) colour = blend(layer, colour);
    return colour;
  };
  const opacity = (el) => { let o = 1; for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity); return o; };
  const out = [];
  for (const el of root.querySelectorAll('*')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    // WCAG 1.4.3 exempts inactive controls (a disabled "next" button on the last page)
    if (!own || el.closest(':disabled')) continue;
    const rect = el.getBoundingClientRect();
    if (!rect.width || !rect.height || getComputedStyle(el).visibility === 'hidden') continue;
    const bg = background(el); const fg = parse(getComputedStyle(el).color);
    // stale (greyed) decisions are deliberately faded: judged at full opacity, their meaning is in the word
    // (the summary's stale badges are told by their tooltip, which says "(stale: ...)")
    const stale = el.closest('.immplay-stale-row,.immplay-stale-badge,.immplay-decision[title*="(stale:"]');
    const text = blend([...fg.slice(0, 3), fg[3] * (stale ? 1 : opacity(el))], bg);
    const [a, b] = [lum(text), lum(bg)];
    out.push({ text: el.textContent.trim().slice(0, 40), ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
               cls: el.className && el.className.baseVal === undefined ? el.className : '' });
  }
  return out;
}
"""


def put_cursor_after(page, text: str) -> None:
    """Place the editor's cursor right after the first `text`, from the keyboard (Mod-f finds it)."""
    page.locator(f"{EDITOR} .cm-content").click()
    page.keyboard.press("Control+f")
    page.locator(f"{EDITOR} .immplay-find input").fill(text)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")  # closes the find panel, back in the text with the match selected
    page.keyboard.press("ArrowRight")


def flip_first_decision_by_typing(page) -> None:
    """Type "s" and expect Allow, press Backspace and expect ImplicitDeny; the editor keeps the text."""
    from playwright.sync_api import expect

    decision = page.locator(FIRST_DECISION)
    expect(decision).to_have_text(re.compile(r"^∅ ImplicitDeny$"), timeout=60_000)
    expect(page.locator(".immplay-requests tr[data-row='0']")).to_contain_text(re.compile(r"ListProjects"))
    before = page.locator(f"{EDITOR} .cm-content").inner_text()
    second_row = ".immplay-requests tr[data-row='1']"
    page.evaluate("row => { window.__immplaySecondRow = document.querySelector(row); }", second_row)
    put_cursor_after(page, "imm:ListProject")
    page.keyboard.type("s")
    expect(decision).to_have_text(re.compile(r"^✔ Allow$"), timeout=20_000)
    # the table changes in place: a row whose decision stayed the same is still the same element
    assert page.evaluate("row => window.__immplaySecondRow === document.querySelector(row)", second_row)
    expect(page.locator(".immplay-requests")).to_contain_text(
        re.compile(r"policy, statement at line 4 \(Allow\)"))
    page.keyboard.press("Backspace")
    expect(decision).to_have_text(re.compile(r"^∅ ImplicitDeny$"), timeout=20_000)
    assert page.locator(f"{EDITOR} .cm-content").inner_text() == before  # the editor holds what was typed


def broken_policy_is_marked_where_it_breaks(page) -> None:
    """Delete the closing quote of "imm:ListProject": the error is listed at line 6 and underlined there."""
    from playwright.sync_api import expect

    put_cursor_after(page, '"imm:ListProject')
    page.keyboard.press("Delete")
    where = page.locator(f"{EDITOR} .immplay-diagnostic-where").first
    expect(where).to_have_text(re.compile(r"^line 6, position \d+$"), timeout=20_000)
    expect(page.locator(f"{EDITOR} .immplay-diagnostic-message").first).to_have_text(
        re.compile(r'^invalid JSON: a closing quote is missing: the text "imm:ListProject\],".*line 6 \[InvalidJSON\]$'))
    marked_line = page.locator(f"{EDITOR} .cm-line", has=page.locator(".immplay-mark-error"))
    expect(marked_line).to_contain_text(re.compile(r'"Action": \["imm:ListProject\],'))
    expect(page.locator(f"{EDITOR} .immplay-gutter-error")).to_have_count(1)
    expect(page.locator(FIRST_DECISION)).to_have_class(re.compile(r"immplay-stale-badge"))
    page.keyboard.press("Control+z")  # undo puts the quote back
    expect(page.locator(f"{EDITOR} .immplay-editor-status")).to_have_text(
        re.compile(r"^1 problem: 1 error\. .*"), timeout=20_000)  # only the lint finding (ListProject) is left
    expect(page.locator(f"{EDITOR} .immplay-diagnostic-message").first).to_contain_text(
        re.compile(r"is not an IMM 2020-09-30 operation"))


def completing_an_action(page) -> None:
    """Typing inside the Action string offers the catalog's operations; Enter takes the first match."""
    from playwright.sync_api import expect

    put_cursor_after(page, "imm:ListProject")
    for _ in range(len("ListProject")):
        page.keyboard.press("Backspace")
    page.keyboard.type("ListPro")
    option = page.locator(".cm-tooltip-autocomplete li", has_text=re.compile(r"^imm:ListProjects"))
    expect(option.first).to_be_visible(timeout=10_000)
    page.wait_for_timeout(150)  # CodeMirror ignores Enter for 75 ms after the list opens (no accidental picks)
    page.keyboard.press("Enter")
    expect(page.locator(f"{EDITOR} .cm-content")).to_contain_text(re.compile(r'"imm:ListProjects"'))
    expect(page.locator(FIRST_DECISION)).to_have_text(re.compile(r"^✔ Allow$"), timeout=20_000)


def completing_an_arn_skeleton_and_a_condition_key(page) -> None:
    """In a Resource, the ARN skeleton of the statement's operations; under a Condition, operators and keys.

    Adds imm:GetDataset to the Action, completes "acs" in the Resource to GetDataset's dataset ARN
    (a snippet whose fields hold "*" and the field names), then types a Condition block and completes
    its operator and key; finally undoes it all, so the policy is as before.
    """
    from playwright.sync_api import expect

    content = page.locator(f"{EDITOR} .cm-content")
    before = content.inner_text()
    popup = page.locator(".cm-tooltip-autocomplete li")
    put_cursor_after(page, '"imm:ListProjects"')
    page.keyboard.type(', "imm:GetDataset')  # the closing quote is typed for us (closeBrackets)
    page.keyboard.press("Escape")  # closes the list of operations
    put_cursor_after(page, '"Resource": "*')
    page.keyboard.press("Backspace")
    page.keyboard.type("acs")
    skeleton = popup.filter(has_text=re.compile(
        r"^acs:imm:\{regionId\}:\{accountId\}:project/\{ProjectName\}/dataset/\{DatasetName\}\s*skeleton for imm:GetDataset$"))
    expect(skeleton).to_have_count(1, timeout=10_000)
    expect(popup).to_have_count(1)  # ListProjects is authorized on "*" only: no ARN to offer for it
    page.wait_for_timeout(150)  # CodeMirror ignores Enter for 75 ms after the list opens
    page.keyboard.press("Enter")
    expect(content).to_contain_text(re.compile(r'"Resource": "acs:imm:\*:\*:project/ProjectName/dataset/DatasetName"'))
    page.keyboard.press("Escape")  # leaves the snippet's fields
    put_cursor_after(page, 'DatasetName"')
    page.keyboard.type(', "Condition": {"StringEq')
    operator = popup.filter(has_text=re.compile(r"^StringEquals\s*condition operator$"))
    expect(operator).to_have_count(1, timeout=10_000)
    page.wait_for_timeout(150)
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowRight")  # over the closing quote
    page.keyboard.type(': {"acs:SourceI')
    key = popup.filter(has_text=re.compile(r"^acs:SourceIp\s*IP address$"))
    expect(key).to_have_count(1, timeout=10_000)
    page.wait_for_timeout(150)
    page.keyboard.press("Enter")
    expect(content).to_contain_text(re.compile(r'"Condition": \{"StringEquals": \{"acs:SourceIp"\}\}'))
    page.keyboard.press("Escape")
    for _ in range(30):  # undo groups quick typing: a handful of steps take it all back
        if content.inner_text() == before:
            break
        page.keyboard.press("Control+z")
        page.wait_for_timeout(100)
    assert content.inner_text() == before
    expect(page.locator(FIRST_DECISION)).to_have_text(re.compile(r"^✔ Allow$"), timeout=20_000)


def keyboard_stays_in_the_editor_until_escape_then_tab(page) -> None:
    """Keys typed in the editor never reach notebook shortcuts; Tab indents; Escape then Tab leaves."""
    from playwright.sync_api import expect

    cells = page.locator(".jp-Notebook .jp-Cell").count()
    content = page.locator(f"{EDITOR} .cm-content")
    before = content.inner_text()
    put_cursor_after(page, '"Resource": "*"')
    page.keyboard.type("abdd")  # in command mode a, b insert cells and d d deletes one
    page.keyboard.press("Tab")
    expect(content).to_contain_text(re.compile(r'"Resource": "\*"abdd\s+\n|"Resource": "\*"abdd\s'))
    assert page.locator(".jp-Notebook .jp-Cell").count() == cells
    for _ in range(4):  # undo groups quick typing: one or two steps take it all back
        if content.inner_text() == before:
            break
        page.keyboard.press("Control+z")
        page.wait_for_timeout(100)
    assert content.inner_text() == before
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert not page.evaluate("() => !!document.activeElement.closest('.cm-content')")


def hovering_an_action_shows_its_arn(page) -> None:
    from playwright.sync_api import expect

    page.locator(f"{EDITOR} .cm-content span", has_text=re.compile(r"imm:ListProjects")).first.hover()
    expect(page.locator(".immplay-hover").first).to_have_text(
        re.compile(r"^imm:ListProjects is authorized on \* \(only a Resource matching \"\*\"\)"), timeout=10_000)


def clicking_a_deciding_statement_selects_it(page) -> None:
    page.locator(".immplay-requests tr[data-row='0'] .immplay-goto").click()
    selected = page.evaluate("() => window.getSelection().toString()")
    assert selected.startswith("{") and '"Effect": "Allow"' in selected and selected.rstrip().endswith("}"), selected


def undo_survives_a_second_view(page) -> None:
    """Lab's "Create New View for Cell Output" renders the widget again: that view undoes the first's edits."""
    first = page.locator(".jp-Notebook .immplay-code-editor .cm-content").first
    first.click()
    page.keyboard.press("Control+End")
    page.keyboard.type("XYZ")
    page.wait_for_timeout(300)
    page.locator(".jp-Notebook .jp-OutputArea-output").last.click(button="right", position={"x": 5, "y": 5})
    page.locator(".lm-Menu-itemLabel", has_text="Create New View for Cell Output").first.click()
    second = page.locator(".jp-LinkedOutputView .immplay-code-editor .cm-content").first
    second.wait_for(timeout=20_000)
    assert "XYZ" in second.inner_text()
    second.click()
    page.keyboard.press("Control+z")
    page.wait_for_timeout(500)
    assert "XYZ" not in second.inner_text() and "XYZ" not in first.inner_text()


def layout_holds(page, width: int) -> None:
    """No column clipped or pushed past the playground; rows no taller than two lines of text."""
    box = page.locator(".immplay-playground").bounding_box()
    table = page.locator(".immplay-requests").bounding_box()
    assert table["x"] >= box["x"] - 1 and table["x"] + table["width"] <= box["x"] + box["width"] + 1, (width, table, box)
    cells = page.evaluate("""() => [...document.querySelectorAll('.immplay-requests th, .immplay-requests td')]
        .map((c) => ({ text: c.innerText, right: c.getBoundingClientRect().right, scroll: c.scrollWidth,
                       client: c.clientWidth }))""")
    right = box["x"] + box["width"] + 1
    for cell in cells:
        assert cell["right"] <= right and cell["scroll"] <= cell["client"] + 1, (width, cell)
    heights = page.evaluate("() => [...document.querySelectorAll('.immplay-requests tbody tr')]"
                            ".map((r) => r.getBoundingClientRect().height)")
    line = 12 * 1.4
    assert max(heights) <= 2 * line + 8, (width, heights)  # two lines of 12px text plus padding and border
    editor = page.locator(EDITOR).bounding_box()
    assert editor["x"] + editor["width"] <= right, (width, editor)


def diagnostic_and_completion_hold(page, where: str) -> None:
    """At this width and theme: a broken policy is marked at its line, unclipped and legible; completion works.

    Expects the policy to read "imm:ListProjects" (after `completing_an_action`). Deletes its closing
    quote: the error is listed at line 6 and underlined on that line inside the editor, and every text,
    the error's included, measures >= 4.5:1; undo puts the quote back. Then completes the action again.
    """
    from playwright.sync_api import expect

    decision = page.locator(FIRST_DECISION)
    put_cursor_after(page, '"imm:ListProjects')
    page.keyboard.press("Delete")
    expect(page.locator(f"{EDITOR} .immplay-diagnostic-where").first).to_have_text(
        re.compile(r"^line 6, position \d+$"), timeout=20_000)
    expect(page.locator(f"{EDITOR} .immplay-diagnostic-message").first).to_have_text(
        re.compile(r"^invalid JSON: a closing quote is missing"))
    expect(page.locator(f"{EDITOR} .cm-line", has=page.locator(".immplay-mark-error"))).to_contain_text(
        re.compile(r'"Action": \["imm:ListProjects\],'))
    mark = page.locator(f"{EDITOR} .immplay-mark-error").first
    editor, marked = page.locator(EDITOR).bounding_box(), mark.bounding_box()
    assert editor["x"] <= marked["x"] and marked["x"] + marked["width"] <= editor["x"] + editor["width"] + 1, \
        (where, editor, marked)
    clipped = page.evaluate("""() => [...document.querySelectorAll('.immplay-diagnostic-list *')]
        .filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
        .map((e) => e.textContent)""")
    assert not clipped, (where, clipped)
    contrast_holds(page, f"{where}, with an error shown")
    page.keyboard.press("Control+z")
    expect(decision).to_have_text(re.compile(r"^✔ Allow$"), timeout=20_000)
    expect(decision).not_to_have_class(re.compile(r"immplay-stale-badge"))
    put_cursor_after(page, '"imm:ListProjects')
    for _ in range(2):
        page.keyboard.press("Backspace")
    page.keyboard.type("t")  # "imm:ListProjet" offers imm:ListProjects
    expect(page.locator(".cm-tooltip-autocomplete li", has_text=re.compile(r"^imm:ListProjects")).first).to_be_visible(
        timeout=10_000)
    page.wait_for_timeout(150)
    page.keyboard.press("Enter")
    expect(page.locator(f"{EDITOR} .cm-content")).to_contain_text(re.compile(r'"imm:ListProjects"\]'))
    expect(decision).to_have_text(re.compile(r"^✔ Allow$"), timeout=20_000)


def contrast_holds(page, theme: str) -> None:
    measured = page.evaluate(CONTRAST_JS, page.locator(".immplay-playground").element_handle())
    assert len(measured) > 20
    low = [m for m in measured if m["ratio"] < 4.5]
    assert not low, f"{theme}: below 4.5:1: {low[:8]}"


def set_left_sidebar(page, open_: bool) -> None:
    panel = page.locator("#jp-left-stack")
    if panel.is_visible() != open_:
        page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab").first.click()
        expect_visible = panel.is_visible
        page.wait_for_function("(want) => !!document.querySelector('#jp-left-stack:not(.lm-mod-hidden)') === want",
                               arg=open_)
        assert expect_visible() == open_


def set_theme(page, theme: str) -> None:
    page.keyboard.press("Escape")
    page.locator(".lm-MenuBar-itemLabel", has_text="Settings").first.click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Theme$")).first.hover()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(rf"^JupyterLab {theme.title()}$")).first.click()
    page.wait_for_function(f"() => document.body.dataset.jpThemeLight === '{'true' if theme == 'light' else 'false'}'")
    page.wait_for_timeout(300)


def test_the_editor_in_jupyterlab_at_every_width_and_in_both_themes(playwright_available, tmp_path):
    from playwright.sync_api import expect

    name = copy_notebook(NOTEBOOK, tmp_path)
    with running_lab(tmp_path) as lab, chromium() as browser:
        page = open_notebook(browser, lab, name, viewport=(1366, 900))
        run_all_cells(page, until=FIRST_DECISION)
        flip_first_decision_by_typing(page)
        broken_policy_is_marked_where_it_breaks(page)
        completing_an_action(page)
        completing_an_arn_skeleton_and_a_condition_key(page)
        keyboard_stays_in_the_editor_until_escape_then_tab(page)
        hovering_an_action_shows_its_arn(page)
        clicking_a_deciding_statement_selects_it(page)
        for theme in ("light", "dark"):
            if theme == "dark":
                set_theme(page, "dark")
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                # on a small screen a trainee closes the file browser, as Lab leaves ~230 px beside it
                set_left_sidebar(page, open_=width > 900)
                page.wait_for_timeout(300)
                layout_holds(page, width)
                diagnostic_and_completion_hold(page, f"lab, {theme}, {width} px")
            contrast_holds(page, theme)
        set_theme(page, "light")
        # a re-run of the cell brings the edited text back, and says so
        run_all_cells(page, until=".immplay-restored")
        wait_kernel_idle(page)
        expect(page.locator(".immplay-restored").first).to_contain_text(re.compile(r"your last text is back"))
        expect(page.locator(f"{EDITOR} .cm-content").first).to_contain_text(re.compile(r'"imm:ListProjects"'))
        undo_survives_a_second_view(page)


@pytest.mark.parametrize("frontend", ["notebook", "voila"])
def test_the_playground_in_notebook_7_and_voila_at_every_width_and_in_both_themes(playwright_available, tmp_path,
                                                                                   frontend):
    """One server per front end: typing, diagnostics, completion and navigation, then at each width and theme
    layout, a diagnostic, completion and contrast. Notebook 7 switches theme from its Settings menu; Voila
    takes its theme per page (`?theme=dark`), so the dark pass reloads the page (a new kernel) on the same server.
    """
    from playwright.sync_api import expect

    if importlib.util.find_spec(frontend) is None:
        pytest.skip(f"{frontend} is not installed: pip install -e '.[test]'")
    name = copy_notebook(NOTEBOOK, tmp_path)
    with running_lab(tmp_path, frontend=frontend) as server, chromium() as browser:
        page = open_notebook(browser, server, name, viewport=(1366, 900))
        if frontend == "notebook":
            run_all_cells(page, until=FIRST_DECISION)
        flip_first_decision_by_typing(page)
        broken_policy_is_marked_where_it_breaks(page)
        completing_an_action(page)
        completing_an_arn_skeleton_and_a_condition_key(page)
        clicking_a_deciding_statement_selects_it(page)
        for theme in ("light", "dark"):
            if theme == "dark" and frontend == "notebook":
                set_theme(page, "dark")
            elif theme == "dark":
                page.goto(f"{server.tree_url(name)}?theme=dark", timeout=120_000)
                page.wait_for_function("() => document.body.dataset.jpThemeLight === 'false'")
                expect(page.locator(FIRST_DECISION)).to_have_text(re.compile(r"^(∅ ImplicitDeny|✔ Allow)$"),
                                                                  timeout=90_000)
                if "imm:ListProjects" not in page.locator(f"{EDITOR} .cm-content").inner_text():
                    completing_an_action(page)  # a new kernel shows the notebook's text again
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                page.wait_for_timeout(300)
                layout_holds(page, width)
                diagnostic_and_completion_hold(page, f"{frontend}, {theme}, {width} px")
            contrast_holds(page, f"{frontend}, {theme}")
