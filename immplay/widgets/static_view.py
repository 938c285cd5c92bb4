"""A static rendering beside each widget's live view, for viewers that cannot run widgets.

GitHub, nbviewer and documentation builds show a notebook's saved outputs without a kernel: for a
widget they would find only its text repr (`PolicyPlayground(children=(HTML(value='<style>…`).
`StaticRendering._repr_mimebundle_` adds a `text/html` snapshot of the widget's current content
beside the live view; Jupyter front ends that run widgets keep showing the live view.

Example:
    >>> class Box(StaticRendering, w.VBox):  # doctest: +SKIP
    ...     def static_html(self) -> str:
    ...         return "<p>what the widget shows</p>"
"""

from __future__ import annotations

from html import escape
from typing import Any

from immplay.language import using_language
from immplay.messages import text
from immplay.widgets.rendering import PRE_STYLE


class StaticRendering:
    """Mixin for the course's widgets: their mime bundle carries `text/html` from `static_html()`, in
    the widget's `language`."""

    language: str  # "en" or "zh-CN": set by each widget when it is created

    def static_html(self) -> str:
        """The widget's current content as plain HTML (no scripts, inline styles)."""
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        bundle = super()._repr_mimebundle_(**kwargs)  # type: ignore[misc]
        if bundle is not None:
            with using_language(self.language):
                bundle["text/html"] = snapshot_html(type(self).__name__, self.static_html())
        return bundle


def snapshot_html(widget: str, body: str) -> str:
    """`body` framed and labelled (in the current language) as a snapshot, so a reader of a static
    page knows it is not live."""
    return (f'<div class="immplay-static" style="border:1px solid #d0d7de;padding:4px 8px">'
            f'<div><small>{text("widgets.snapshot-note", widget=escape(widget))}'
            f'</small></div>{body}</div>')


def policy_html(text: str) -> str:
    """A policy text as the editor shows it."""
    return f'<pre style="{PRE_STYLE}">{escape(text)}</pre>'
