"""JSON syntax errors told in words a newcomer understands, at the line and position an editor shows.

Python's `json` module says "Expecting ',' delimiter" or "Invalid control character at"; a trainee
who just deleted a quote needs "a closing quote is missing". `describe` turns a `JSONDecodeError` into
one sentence that names what is missing and the text it is missing next to.

>>> import json
>>> text = '{"Action": "imm:ListProjects,\\n "Resource": "*"}'
>>> try:
...     json.loads(text)
... except json.JSONDecodeError as exc:
...     print(describe(text, exc))
a closing quote is missing: the text "imm:ListProjects," runs on to the end of line 1
"""

from __future__ import annotations

import json
import re

from ..messages import text

_NAME = re.compile(r"[^\s,:\[\]{}\"]+")  # an unquoted element name stops at its colon
_VALUE = re.compile(r"[^\s,\[\]{}\"]+")  # an unquoted value ("imm:Get*") may hold colons


def _next_token(text: str, pos: int, word: re.Pattern[str] = _NAME) -> str:
    """The token that starts at ``pos``, whole (a word, a quoted string, or one character)."""
    if pos >= len(text):
        return ""
    if text[pos] == '"':
        end = text.find('"', pos + 1)
        newline = text.find("\n", pos + 1)
        if end == -1 or (newline != -1 and newline < end):
            end = newline if newline != -1 else len(text)
            return text[pos:end].rstrip()
        return text[pos:end + 1]
    found = word.match(text, pos)
    return found.group(0) if found else text[pos]


def _previous_char(text: str, pos: int) -> str:
    before = text[:pos].rstrip()
    return before[-1] if before else ""


def describe(document: str, exc: json.JSONDecodeError) -> str:
    """One plain sentence for a JSON syntax error in ``document`` (what is missing, next to which text)."""
    pos = exc.pos
    token = _next_token(document, pos)
    at_end = not document[pos:].strip()
    msg = exc.msg
    if not document.strip():
        return text("parse.json-empty")
    if msg.startswith("Invalid control character") or msg.startswith("Unterminated string"):
        start = document.rfind('"', 0, pos + (0 if msg.startswith("Invalid") else 1))
        if msg.startswith("Unterminated"):
            start = pos
        line_end = document.find("\n", start + 1)
        quoted = document[start + 1:line_end if line_end != -1 else len(document)].rstrip()
        return text("parse.json-unclosed-quote", text=quoted, line=document.count(chr(10), 0, start) + 1)
    if at_end:
        return text("parse.json-ends-early-value" if msg == "Expecting value" else "parse.json-ends-early")
    if msg == "Expecting value":
        if document[pos] in "]}" and _previous_char(document, pos) == ",":
            return text("parse.json-trailing-comma", char=document[pos])
        if document[pos] == "'":
            return text("parse.json-single-quoted-value", token=token)
        if document[pos] in "]},:":
            return text("parse.json-missing-value", char=document[pos])
        return text("parse.json-unquoted-value", token=_next_token(document, pos, _VALUE))
    if msg.startswith("Expecting property name"):
        if document[pos] == "}" and _previous_char(document, pos) == ",":
            return text("parse.json-trailing-comma", char="}")
        if document[pos] == "'":
            return text("parse.json-single-quoted-name", token=token)
        return text("parse.json-unquoted-name", token=token)
    if msg == "Expecting ',' delimiter":
        return text("parse.json-missing-comma", token=token)
    if msg == "Expecting ':' delimiter":
        return text("parse.json-missing-colon", token=token) if token else text("parse.json-missing-colon-at-end")
    if msg == "Extra data":
        return text("parse.json-extra-data", token=token)
    if msg.startswith("Invalid \\escape") or msg.startswith("Invalid \\u"):
        return text("parse.json-bad-escape")
    return msg[0].lower() + msg[1:]


__all__ = ["describe"]
