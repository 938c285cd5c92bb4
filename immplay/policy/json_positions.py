"""JSON parsing that remembers where every value starts, so problems can name line and column.

The standard library decodes; this module only walks the same text once more with ``json``'s own
string and number scanners to record the offset of each value under its JSON pointer. Keys that
appear twice in one object are reported, since ``json.loads`` would silently keep the last one.
"""

from __future__ import annotations

import bisect
import json
from json.decoder import scanstring

_WS = " \t\n\r"
_decoder = json.JSONDecoder()


def escape_pointer_token(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


class TextPositions:
    """Offsets of values by JSON pointer, converted to 1-based (line, column) on demand."""

    def __init__(self, text: str, offsets: dict[str, int], key_offsets: dict[str, int],
                 duplicates: list[str]):
        self._text = text
        self._offsets = offsets
        self._key_offsets = key_offsets
        self.duplicate_keys = duplicates
        self._line_starts: list[int] | None = None

    def _line_col(self, offset: int) -> tuple[int, int]:
        if self._line_starts is None:
            starts = [0]
            find = self._text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def of_value(self, pointer: str) -> tuple[int, int] | tuple[None, None]:
        """Position of the value at ``pointer``; falls back to the nearest enclosing value."""
        while True:
            if pointer in self._offsets:
                return self._line_col(self._offsets[pointer])
            if not pointer:
                return None, None
            pointer = pointer.rsplit("/", 1)[0]

    def of_key(self, pointer: str) -> tuple[int, int] | tuple[None, None]:
        """Position of the key naming ``pointer`` (for "unknown element" problems)."""
        if pointer in self._key_offsets:
            return self._line_col(self._key_offsets[pointer])
        return self.of_value(pointer)


def locate(text: str) -> TextPositions:
    """Record value offsets of an already-validated JSON ``text`` (``json.loads`` succeeded)."""
    offsets: dict[str, int] = {}
    key_offsets: dict[str, int] = {}
    duplicates: list[str] = []

    def skip(i: int) -> int:
        while i < len(text) and text[i] in _WS:
            i += 1
        return i

    def value(i: int, pointer: str) -> int:
        i = skip(i)
        offsets[pointer] = i
        c = text[i]
        if c == "{":
            seen: set[str] = set()
            i = skip(i + 1)
            if text[i] == "}":
                return i + 1
            while True:
                i = skip(i)
                key_start = i
                key, i = scanstring(text, i + 1)
                child = f"{pointer}/{escape_pointer_token(key)}"
                if key in seen:
                    duplicates.append(child)
                seen.add(key)
                key_offsets[child] = key_start
                i = skip(i)  # at ':'
                i = value(i + 1, child)
                i = skip(i)
                if text[i] == ",":
                    i += 1
                    continue
                return i + 1  # '}'
        if c == "[":
            n = 0
            i = skip(i + 1)
            if text[i] == "]":
                return i + 1
            while True:
                i = value(i, f"{pointer}/{n}")
                n += 1
                i = skip(i)
                if text[i] == ",":
                    i += 1
                    continue
                return i + 1  # ']'
        if c == '"':
            return scanstring(text, i + 1)[1]
        return _decoder.raw_decode(text, i)[1]

    value(0, "")
    return TextPositions(text, offsets, key_offsets, duplicates)
