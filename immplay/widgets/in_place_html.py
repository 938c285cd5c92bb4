"""`InPlaceHTML`: an HTML widget whose browser view changes in place, node by node.

`ipywidgets.HTML` replaces its whole content on every change, which makes the browser parse, style
and lay out all of it again. This widget's view (`in_place_html.js`, an anywidget ES module)
parses the new value off the page and touches only the nodes that differ, so a keystroke that
changes one decision of a 25-row table costs the browser one badge, not the table.
`value` is the whole HTML, as with `ipywidgets.HTML` (static snapshots and tests read it).

Example:
    >>> view = InPlaceHTML("<b>2</b> sample requests")
    >>> view.value = "<b>3</b> sample requests"  # the browser rewrites one text node
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import traitlets as t

_HERE = Path(__file__).parent


class InPlaceHTML(anywidget.AnyWidget):
    """HTML shown in the notebook (`value`); the browser applies each change in place."""

    _esm = _HERE / "in_place_html.js"

    value = t.Unicode("", help="the HTML shown").tag(sync=True)

    def __init__(self, value: str = "", **kwargs: Any):
        super().__init__(value=value, **kwargs)


__all__ = ["InPlaceHTML"]
