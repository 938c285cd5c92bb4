"""`SideBySide`: titled widgets in a grid, e.g. the guide's four example policies as access matrices.

A plain `ipywidgets.GridBox` would save only its text repr with the notebook; `SideBySide` also saves
a static snapshot of every panel (each panel's own `static_html()`), so GitHub and nbviewer show the
grids too.

Example:
    >>> from immplay.widgets import AccessMatrix, SideBySide  # doctest: +SKIP
    >>> SideBySide({"read": AccessMatrix(read_policy, ops, res), "write": AccessMatrix(write_policy, ops, res)})  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

import ipywidgets as w

from immplay.language import current_language, language_code
from immplay.widgets.static_view import StaticRendering


class SideBySide(StaticRendering, w.GridBox):
    """`panels` (title -> widget) in a grid of at most `columns` columns, each panel under its title.
    A panel is never narrower than 22em: in a narrow notebook the grid holds fewer columns, down to one.

    `language` (None: the current one) is the language of the snapshot's frame; each panel speaks
    its own language.
    """

    def __init__(self, panels: Mapping[str, Any], *, columns: int = 2, language: str | None = None):
        self.language = language_code(language) if language is not None else current_language()
        if columns < 1:
            raise ValueError(f"columns must be at least 1, got {columns}")
        self.panels = dict(panels)
        cells = [w.VBox([w.HTML(f"<b>{escape(title)}</b>"), panel]) for title, panel in self.panels.items()]
        super().__init__(cells, layout=w.Layout(grid_template_columns=grid_columns(columns), grid_gap="8px 16px"))
        self.columns = columns

    def static_html(self) -> str:
        """Every panel's snapshot under its title, in the same grid."""
        cells = "".join(f'<div style="min-width:0"><b>{escape(title)}</b>{_panel_html(panel)}</div>'
                        for title, panel in self.panels.items())
        return (f'<div style="display:grid;grid-template-columns:{grid_columns(self.columns)};'
                f'gap:8px 16px">{cells}</div>')


PANEL_MIN_WIDTH = "22em"  # an access matrix's operation names and decisions stay readable down to this


def grid_columns(columns: int) -> str:
    """A CSS grid template of at most `columns` equal columns, none narrower than ``PANEL_MIN_WIDTH``
    (nor than the grid itself): where the notebook is narrow, panels wrap to the next row."""
    most = f"calc((100% - {columns - 1} * 16px) / {columns})"
    return f"repeat(auto-fill, minmax(min(100%, max({PANEL_MIN_WIDTH}, {most})), 1fr))"


def _panel_html(panel: Any) -> str:
    if isinstance(panel, StaticRendering):
        return panel.static_html()
    if isinstance(panel, w.HTML):
        return panel.value
    return f"<pre>{escape(repr(panel))}</pre>"
