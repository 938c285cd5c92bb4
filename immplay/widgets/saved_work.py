"""Work is not lost: a playground's state as JSON, as a shareable string, and across cell re-runs.

The state is the policy text plus the sample requests (as `SampleRequest.to_json` writes them).
A share code is that JSON, zlib-compressed and base64url-encoded without padding, so it survives
chat, e-mail and URLs. The session memory is a module-level dict: re-running a notebook cell in the
same kernel builds a new playground with the same key, and it starts from the last edited text.

Example:
    >>> code = share_code(PlaygroundState(policy_text='{"Version": "1"}', requests=[]))
    >>> state_from_share_code(code).policy_text
    '{"Version": "1"}'
"""

from __future__ import annotations

import base64
import hashlib
import json
import zlib
from dataclasses import dataclass, field
from typing import Any

from immplay.messages import text

FORMAT = "immplay-playground"
FORMAT_VERSION = 1

# key -> last policy text edited in a playground created with that key (this kernel only).
_LAST_TEXT: dict[str, str] = {}


@dataclass
class PlaygroundState:
    """What a playground needs to come back: the policy text and the sample requests (JSON form)."""

    policy_text: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    policy_name: str = "policy"

    def to_json(self) -> str:
        return json.dumps({
            "format": FORMAT, "version": FORMAT_VERSION, "policy_name": self.policy_name,
            "policy_text": self.policy_text, "requests": self.requests,
        }, indent=2)


def state_from_json(saved: str) -> PlaygroundState:
    """Read `PlaygroundState.to_json` output (`saved`); raise ValueError saying what is wrong otherwise
    (in the current language)."""
    try:
        data = json.loads(saved)
    except json.JSONDecodeError as err:
        raise ValueError(text("widgets.saved-invalid-json", line=err.lineno, column=err.colno)) from err
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(text("widgets.saved-wrong-format", format=FORMAT))
    if data.get("version") != FORMAT_VERSION:
        raise ValueError(text("widgets.saved-unsupported-version", version=data.get("version"), current=FORMAT_VERSION))
    if not isinstance(data.get("policy_text"), str) or not isinstance(data.get("requests"), list):
        raise ValueError(text("widgets.saved-needs-text-and-requests"))
    return PlaygroundState(policy_text=data["policy_text"], requests=data["requests"],
                           policy_name=str(data.get("policy_name") or "policy"))


def share_code(state: PlaygroundState) -> str:
    """A compact URL-safe string holding the state (base64url of zlib-compressed JSON)."""
    raw = zlib.compress(state.to_json().encode("utf-8"), 9)
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def state_from_share_code(code: str) -> PlaygroundState:
    """Decode `share_code`; whitespace (from line-wrapped pastes) is ignored; bad codes raise ValueError."""
    compact = "".join(code.split())
    try:
        raw = base64.urlsafe_b64decode(compact + "=" * (-len(compact) % 4))
        saved = zlib.decompress(raw).decode("utf-8")
    except (ValueError, zlib.error) as err:
        raise ValueError(text("widgets.share-code-damaged")) from err
    return state_from_json(saved)


def default_key(initial_text: str) -> str:
    """The restore key a playground gets when none is given: derived from its initial policy text."""
    return "policy:" + hashlib.sha256(initial_text.encode("utf-8")).hexdigest()[:16]


def remember(key: str, policy_text: str) -> None:
    """Record the latest text edited under `key` (called on every edit)."""
    _LAST_TEXT[key] = policy_text


def recall(key: str) -> str | None:
    """The latest text edited under `key` in this kernel, or None."""
    return _LAST_TEXT.get(key)


def forget(key: str | None = None) -> None:
    """Drop one remembered text (or all of them, with no key)."""
    if key is None:
        _LAST_TEXT.clear()
    else:
        _LAST_TEXT.pop(key, None)
