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


def describe(text: str, exc: json.JSONDecodeError) -> str:
    """One plain sentence for a JSON syntax error in ``text`` (what is missing, next to which text)."""
    pos = exc.pos
    token = _next_token(text, pos)
    at_end = not text[pos:].strip()
    msg = exc.msg
    if not text.strip():
        return "the policy is empty: write a JSON object, starting with {"
    if msg.startswith("Invalid control character") or msg.startswith("Unterminated string"):
        start = text.rfind('"', 0, pos + (0 if msg.startswith("Invalid") else 1))
        if msg.startswith("Unterminated"):
            start = pos
        line_end = text.find("\n", start + 1)
        quoted = text[start + 1:line_end if line_end != -1 else len(text)].rstrip()
        return (f'a closing quote is missing: the text "{quoted}" runs on to the end of line '
                f"{text.count(chr(10), 0, start) + 1}")
    if at_end:
        missing = "a value and " if msg == "Expecting value" else ""
        return f"the policy ends too early: {missing}a closing }} or ] is missing at the end"
    if msg == "Expecting value":
        if text[pos] in "]}" and _previous_char(text, pos) == ",":
            return f"one comma too many before {text[pos]}: JSON allows no comma after the last item"
        if text[pos] == "'":
            return f"JSON writes text in double quotes, not single quotes: {token}"
        if text[pos] in "]},:":
            return f"a value is missing before {text[pos]}"
        return (f"a quote is missing before {_next_token(text, pos, _VALUE)}: text values are written in "
                "double quotes")
    if msg.startswith("Expecting property name"):
        if text[pos] == "}" and _previous_char(text, pos) == ",":
            return "one comma too many before }: JSON allows no comma after the last item"
        if text[pos] == "'":
            return f"JSON writes names in double quotes, not single quotes: {token}"
        return f"a quote is missing before {token}: element names are written in double quotes"
    if msg == "Expecting ',' delimiter":
        return f"a comma (or a closing ] or }}) is missing before {token}"
    if msg == "Expecting ':' delimiter":
        return f"a colon is missing before {token}: write \"name\": value" if token else "a colon is missing"
    if msg == "Extra data":
        return (f"there is more text after the policy's closing }}: {token} (a policy is one JSON object; "
                "is a { missing, or a } one too many?)")
    if msg.startswith("Invalid \\escape") or msg.startswith("Invalid \\u"):
        return r"a backslash starts an escape JSON does not know: write \\ for a backslash itself"
    return msg[0].lower() + msg[1:]


__all__ = ["describe"]
