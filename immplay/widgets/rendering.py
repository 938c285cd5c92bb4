"""HTML for the widgets, built from decisions: pure functions, so tests assert on exactly what is shown.

Every decision is shown as a symbol AND a word AND a colour (never colour alone): `✔ Allow`,
`✖ ExplicitDeny`, `∅ ImplicitDeny` (in Chinese `✔ 允许`, `✖ 显式拒绝`, `∅ 隐式拒绝`). Symbols are plain Unicode that common fonts carry (no emoji:
Linux browsers often lack an emoji font). Only inline styles are used, so the output looks the same in
JupyterLab, Notebook 7 and Voila (no CSS classes or scripts to install). The words are the current
language's (`immplay.language`; the widgets render inside `using_language(widget.language)`), from
the catalog `immplay/messages/widgets.toml`.

Example:
    >>> decision_badge("Allow")  # doctest: +ELLIPSIS
    '<span ...>✔ Allow</span>'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from html import escape
from typing import Any

from immplay.language import current_language
from immplay.messages import text
from immplay.policy.trace import statement_label

EFFECTS = ("Allow", "ExplicitDeny", "ImplicitDeny")
SYMBOL = {"Allow": "✔", "ExplicitDeny": "✖", "ImplicitDeny": "∅"}
# An effect's word (the code itself in English) and what it means, as the current language says them.
_EFFECT_WORD = {"Allow": "widgets.effect-allow", "ExplicitDeny": "widgets.effect-explicit-deny",
                "ImplicitDeny": "widgets.effect-implicit-deny"}
_MEANING = {"Allow": "widgets.meaning-allow", "ExplicitDeny": "widgets.meaning-explicit-deny",
            "ImplicitDeny": "widgets.meaning-implicit-deny"}
_SEVERITY_WORD = {"error": "widgets.severity-error", "security-warning": "widgets.severity-security-warning",
                  "warning": "widgets.severity-warning", "suggestion": "widgets.severity-suggestion"}
# How a list reads: English separates its items with ", ", Chinese with "，".
_LIST_SEPARATOR = {"en": ", ", "zh-CN": "，"}
_COLOURS = {  # text, background (WCAG AA contrast on both light and dark Lab themes' cell background)
    "Allow": ("#116329", "#dafbe1"),
    "ExplicitDeny": ("#a40e26", "#ffebe9"),
    "ImplicitDeny": ("#6e4b00", "#fff4d1"),
}
# Text that carries its own background measures the same contrast on the light and the dark theme.
_OK_STYLE = "color:#116329;background:#dafbe1;padding:0 4px;border-radius:3px"
_FAIL_STYLE = "color:#a40e26;background:#ffebe9;padding:0 4px;border-radius:3px"
SEVERITIES = ("error", "security-warning", "warning", "suggestion")
_SEVERITY_SYMBOL = {"error": "✖", "security-warning": "⚠", "warning": "⚠", "suggestion": "ℹ"}


def effect_word(effect: str) -> str:
    """An effect as the current language names it: "Allow" in English, "允许" in Chinese."""
    return _effect_words(current_language()).get(effect, effect)


def meaning(effect: str) -> str:
    """What an effect means, in one phrase of the current language (a badge's tooltip)."""
    return _meanings(current_language()).get(effect, effect)


@cache
def _effect_words(language: str) -> dict[str, str]:
    # looked up for every row on every keystroke: once per language
    return {effect: text(key, language=language) for effect, key in _EFFECT_WORD.items()}


@cache
def _meanings(language: str) -> dict[str, str]:
    return {effect: text(key, language=language) for effect, key in _MEANING.items()}


def severity_word(severity: str) -> str:
    """A lint severity as the current language names it ("error", "错误")."""
    key = _SEVERITY_WORD.get(severity)
    return text(key) if key else severity


def listed(items: Iterable[str]) -> str:
    """Items joined as the current language separates a list."""
    return _LIST_SEPARATOR.get(current_language(), ", ").join(items)


def stale_mark() -> str:
    """The mark of decisions that are not current ("◐ stale")."""
    return text("widgets.stale-mark")

# Explicit line height and font: Voila's page styles space <pre> lines apart otherwise.
PRE_STYLE = ("white-space:pre-wrap;font-size:11px;line-height:1.35;margin:2px 0;"
             "font-family:var(--jp-code-font-family,monospace)")
_CELL = "padding:2px 6px;border-bottom:1px solid #d0d7de;text-align:left;vertical-align:top"


def decision_badge(effect: str, *, stale: bool = False) -> str:
    """A decision as symbol + word + colour; stale ones are greyed and say so in their tooltip."""
    fg, bg = _COLOURS.get(effect, ("#57606a", "#f6f8fa"))
    symbol = SYMBOL.get(effect, "?")
    title = meaning(effect) + (text("widgets.stale-badge-tooltip") if stale else "")
    style = f"color:{fg};background:{bg};padding:0 4px;border-radius:3px;white-space:nowrap;font-weight:600"
    if stale:
        style += ";opacity:0.55"
    return (f'<span class="immplay-decision" data-effect="{effect}" title="{escape(title)}" style="{style}">'
            f'{symbol} {escape(effect_word(effect))}</span>')


Place = Callable[[Any], "tuple[int | None, int | None]"]  # a StatementRef -> (line, position) in the editor


def deciding_text(decision: Any, place: Place | None = None) -> str:
    """Which statements decided, each named as everywhere in immplay (``statement_label``):
    'policy, statement at line n (Effect)'.

    An implicit deny names no statement. `place` gives a statement's line and position as the
    editor shows them now (without it, where the statement opened when it decided).
    """
    refs = getattr(decision, "deciding", ()) or ()
    if not refs:
        return text("widgets.no-statement-matched") if decision.effect == "ImplicitDeny" else "—"
    return "; ".join(statement_ref_text(ref, place) for ref in refs)


def statement_ref_text(ref: Any, place: Place | None = None) -> str:
    """One StatementRef named by ``statement_label`` at its place in the editor: its line, and its
    position only when another statement opens on the same line."""
    line, column = place(ref) if place is not None else (ref.line, ref.position)
    return statement_label(ref.policy, ref.effect, ref.index, line, column if ref.position is not None else None)


def deciding_html(decision: Any, place: Place | None = None) -> str:
    """`deciding_text` with each statement a link that selects it in the editor (the editor's script)."""
    refs = getattr(decision, "deciding", ()) or ()
    if not refs:
        return escape(deciding_text(decision))
    links = []
    tooltip = escape(text("widgets.select-statement-tooltip"))
    for ref in refs:
        line, column = place(ref) if place is not None else (getattr(ref, "line", None), None)
        label = escape(statement_ref_text(ref, place))
        if line is None:
            links.append(label)
            continue
        where = f' data-immplay-line="{line}"' + (f' data-immplay-column="{column}"' if column is not None else "")
        links.append(f'<a href="#" class="immplay-goto"{where} title="{tooltip}">{label}</a>')
    return "; ".join(links)


def summary_html(counts: Mapping[str, int], total: int, *, stale: bool, evaluated: bool = True) -> str:
    """Counts per effect over all sample requests, and a second line that says whether they are current.

    The summary is always two lines tall, so marking the decisions stale while the text does not
    parse moves nothing on the page (no layout shift on intermediate keystrokes).
    """
    if not evaluated:
        body = text("widgets.summary-not-evaluated")
    else:
        parts = " &nbsp; ".join(
            f"{decision_badge(effect, stale=stale)} {counts.get(effect, 0)}" for effect in EFFECTS
        )
        body = text("widgets.summary-one-request" if total == 1 else "widgets.summary-requests",
                    total=total, parts=parts)
    if stale:
        note = f'<span class="immplay-stale">{text("widgets.summary-stale", mark=stale_mark())}</span>'
    else:
        note = f'<span class="immplay-current">{text("widgets.summary-current")}</span>'
    return (f'<div class="immplay-summary" style="line-height:1.45">{body}'
            f'<div style="font-size:12px;min-height:1.45em">{note}</div></div>')


def summary_text(counts: Mapping[str, int], total: int, *, stale: bool) -> str:
    """The summary as one sentence, for screen readers (the editor announces it)."""
    parts = listed(text("widgets.announce-count", count=counts.get(effect, 0), effect=effect_word(effect))
                   for effect in EFFECTS)
    return text("widgets.announce-stale" if stale else "widgets.announce", total=total, parts=parts)


# The requests table is styled by one scoped style sheet (shown once by the widget) instead of
# per-cell inline styles, and laid out with fixed column widths: every keystroke replaces the page
# of rows, which the browser must parse, style and lay out again.
TABLE_CSS = (
    "<style>"
    # Columns size to their content and wrap between words (no fixed widths that add up past a narrow
    # notebook); ARNs may break after their separators (<wbr>). Below 420 px each row is a block.
    ".immplay-requests{border-collapse:collapse;font-size:12px;width:100%;max-width:1100px;"
    "font-family:var(--jp-ui-font-family,sans-serif)}"
    ".immplay-requests th,.immplay-requests td{padding:2px 6px;border-bottom:1px solid var(--jp-border-color2,#d0d7de);"
    "text-align:left;vertical-align:top;overflow-wrap:break-word;line-height:1.4}"
    ".immplay-requests th.immplay-narrow,.immplay-requests td.immplay-narrow{white-space:nowrap;width:1%}"
    ".immplay-requests tr.immplay-stale-row{opacity:0.6}"
    ".immplay-requests tr.immplay-selected-row{outline:2px solid var(--jp-brand-color1,#0969da)}"
    ".immplay-requests .immplay-decision{padding:0 4px;border-radius:3px;white-space:nowrap;font-weight:600}"
    + "".join(f".immplay-requests .immplay-decision[data-effect={effect}]{{color:{fg};background:{bg}}}"
              for effect, (fg, bg) in _COLOURS.items())
    + ".immplay-requests .immplay-stale-badge{opacity:0.55}"
    ".immplay-requests a.immplay-goto{color:var(--jp-content-link-color,#0b57b0);text-decoration:underline}"
    ".immplay-table{container-type:inline-size}"
    # Lab's accordion titles measure 4.4:1 in the light theme; the playground's use the strongest text colour
    ".immplay-playground .jupyter-widget-Collapse-header,.immplay-playground .jupyter-widget-Collapse-header *"
    "{color:var(--jp-ui-font-color0,#000)}"
    "@container (max-width:420px){.immplay-requests thead{display:none}"
    ".immplay-requests tr{display:block;border-bottom:1px solid var(--jp-border-color2,#d0d7de)}"
    ".immplay-requests td{display:inline;border:0;padding:0 4px 0 0}}"
    "</style>"
)
_COLUMNS = ((None, True), ("widgets.column-request", False), ("widgets.column-context", False),
            ("widgets.column-decision", True), ("widgets.column-deciding", False))


@cache
def _table_head(language: str) -> str:
    # built once per language: every keystroke sends the table again
    names = [("#" if key is None else text(key, language=language), narrow) for key, narrow in _COLUMNS]
    return ("<thead><tr>" + "".join(f'<th{" class=immplay-narrow" if narrow else ""}>{name}</th>'
                                    for name, narrow in names) + "</tr></thead>")


def table_badge(effect: str, *, stale: bool = False) -> str:
    """`decision_badge` for the requests table: the same symbol and word, coloured by the table's style sheet."""
    title = meaning(effect) + (text("widgets.stale-badge-tooltip") if stale else "")
    extra = " immplay-stale-badge" if stale else ""
    return (f'<span class="immplay-decision{extra}" data-effect="{effect}" title="{escape(title)}">'
            f'{SYMBOL.get(effect, "?")} {escape(effect_word(effect))}</span>')


def requests_table_html(
    samples: Sequence[Any],
    decisions: Sequence[Any] | Mapping[int, Any],
    rows: Iterable[int],
    *,
    stale: bool = False,
    selected: int | None = None,
    style_sheet: bool = True,
    place: Place | None = None,
) -> str:
    """The page of sample requests `rows` (indexes into `samples`) with decision and deciding statement.

    `decisions` is a list parallel to `samples` or a dict {row index: Decision} holding the shown rows.
    Only these rows are rendered: a 2,000-row table costs the browser ~70 ms to lay out.
    `style_sheet=False` leaves out the table's <style> (`TABLE_CSS`): a page that shows it once
    elsewhere avoids re-inserting a style sheet, which makes the browser restyle the whole page.
    `place` gives each deciding statement's line and position in the editor (see `deciding_text`).
    """
    body = []
    for i in rows:
        sample = samples[i]
        decision = decisions.get(i) if isinstance(decisions, Mapping) else (decisions[i] if i < len(decisions) else None)
        badge = table_badge(decision.effect, stale=stale) if decision is not None else "—"
        deciding = deciding_html(decision, place) if decision is not None else ""
        context = escape(", ".join(f"{k}={v}" for k, v in sample.context)) or "—"
        # the operation, then what it is on (region and account too when they are not the defaults)
        request = text("widgets.request-on", operation=escape(sample.operation),
                       target=wrap_at_separators(escape(sample.target())))
        classes = ("immplay-stale-row " if stale else "") + ("immplay-selected-row" if i == selected else "")
        mark = "▶ " if i == selected else ""
        body.append(
            f'<tr data-row="{i}" class="{classes.strip()}"><td class="immplay-narrow">{mark}{i + 1}</td>'
            f'<td>{request}</td><td>{context}</td>'
            f'<td class="immplay-narrow">{badge}</td><td>{deciding}</td></tr>'
        )
    if not body:
        body.append(f'<tr><td colspan="{len(_COLUMNS)}">{text("widgets.no-samples")}</td></tr>')
    css = TABLE_CSS if style_sheet else ""
    return f'{css}<table class="immplay-requests">{_table_head(current_language())}<tbody>{"".join(body)}</tbody></table>'


def problems_html(error: Any) -> str:
    """A PolicyError as a list: where (line/column, or the JSON pointer for dict input) and what."""
    if error is None:
        return f'<div class="immplay-problems"><span style="{_OK_STYLE}">{text("widgets.parses")}</span></div>'
    items = []
    for problem in getattr(error, "problems", None) or []:
        if problem.line is not None:
            where = text("widgets.at-line-column", line=problem.line, column=problem.column)
        else:
            where = text("widgets.at-document")
        at = f" <code>{escape(problem.path)}</code>" if problem.path else ""
        items.append(f"<li><b>{where}</b>{at}: {escape(problem.message)} <small>[{escape(problem.code)}]</small></li>")
    if not items:  # a PolicyError without problems would still deserve its message
        items.append(f"<li>{escape(str(error))}</li>")
    return (
        f'<div class="immplay-problems" style="{_FAIL_STYLE};padding:2px 6px">{text("widgets.does-not-parse")}'
        f'<ul style="margin:2px 0 2px 16px;padding:0;line-height:1.35">{"".join(items)}</ul></div>'
    )


def lint_html(findings: Sequence[Any], *, stale: bool = False, pending: bool = False) -> str:
    """Lint findings grouped by severity (errors first); each says where (line/column) and what.

    `pending`: the text changed and is not linted yet (the widget lints when typing pauses).
    """
    if pending:
        stale = True
    note = ""
    if pending:
        note = text("widgets.lint-pending")
    elif stale:
        note = text("widgets.lint-stale", mark=stale_mark())
    title = f'<b>{text("widgets.lint-title")}</b>'
    if not findings:
        return f'<div class="immplay-lint">{title}{note}{text("widgets.lint-none")}</div>'
    groups: dict[str, list[Any]] = {}
    for finding in findings:
        groups.setdefault(finding.severity, []).append(finding)
    order = [s for s in SEVERITIES if s in groups] + sorted(s for s in groups if s not in SEVERITIES)
    parts = []
    for severity in order:
        items = []
        for f in groups[severity]:
            where = text("widgets.lint-at-line", line=f.line) if getattr(f, "line", None) is not None else ""
            items.append(f"<li>{where}{escape(f.message)} <small>[{escape(f.code)}]</small></li>")
        symbol = _SEVERITY_SYMBOL.get(severity, "•")
        parts.append(
            f'<div data-severity="{escape(severity)}"><b>{symbol} {escape(severity_word(severity))} ({len(groups[severity])})</b>'
            f'<ul style="margin:0 0 2px 16px;padding:0;line-height:1.35">{"".join(items)}</ul></div>'
        )
    return f'<div class="immplay-lint">{title}{note}{"".join(parts)}</div>'


_ARN = re.compile(r"acs:[^\s<>\"']+")


def wrap_at_separators(html_text: str) -> str:
    """Let ARNs break after their ':' and '/' separators (and nowhere else) when a line is too long.

    >>> wrap_at_separators("Resource: acs:imm:*:1:project/p")
    'Resource: acs:<wbr>imm:<wbr>*:<wbr>1:<wbr>project/<wbr>p'
    """
    return _ARN.sub(lambda m: m.group(0).replace(":", ":<wbr>").replace("/", "/<wbr>"), html_text)


def explanation_html(sample: Any, decision: Any, *, stale: bool = False) -> str:
    """The selected request's decision and its full explanation (`decision.explain()`), pre-formatted."""
    if sample is None:
        return f'<div class="immplay-explanation">{text("widgets.explain-prompt")}</div>'
    if decision is None:
        return f'<div class="immplay-explanation"><b>{escape(sample.label())}</b>: {text("widgets.explain-no-result")}</div>'
    note = f'<div>{text("widgets.explain-stale", mark=stale_mark())}</div>' if stale else ""
    return (
        f'<div class="immplay-explanation">{note}<b>{escape(sample.label())}</b> → {decision_badge(decision.effect, stale=stale)}'
        f'<div><small>{text("widgets.explain-resource")} <code>{wrap_at_separators(escape(sample.resource))}</code></small></div>'
        f'<pre style="{PRE_STYLE}">{wrap_at_separators(escape(decision.explain()))}</pre></div>'
    )


def check_html(result: Any) -> str:
    """An exercise check: one line per requirement with ✔ PASS / ✖ FAIL, the decision, and the hint
    (folded under "why it fails", opened on request)."""
    problems = problems_html(result.error) if result.error is not None else ""
    items = []
    for r in result.requirements:
        mark = (f'<b style="{_OK_STYLE}">{text("widgets.pass")}</b>' if r.passed
                else f'<b style="{_FAIL_STYLE}">{text("widgets.fail")}</b>')
        got = text("widgets.got", badge=decision_badge(r.decision.effect)) if r.decision is not None else ""
        # the reason is there when asked for, not before: a trainee first tries on their own
        hint = (f'<details style="margin-left:16px"><summary>{text("widgets.why-it-fails")}</summary>'
                f'{text("widgets.hint-prefix", hint=escape(r.hint))}</details>') if r.hint else ""
        items.append(f'<li data-passed="{str(r.passed).lower()}">{mark} {escape(r.describe())}{got}{hint}</li>')
    done = sum(r.passed for r in result.requirements)
    verdict = (text("widgets.exercise-passed") if result.passed
               else text("widgets.requirements-hold", done=done, total=len(result.requirements)))
    return (f'<div class="immplay-check" data-passed="{str(result.passed).lower()}">{problems}'
            f'<ul style="list-style:none;margin:0;padding:0;line-height:1.35">{"".join(items)}</ul>{verdict}</div>')
