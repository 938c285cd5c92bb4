"""Request freshness: the signed timestamp must be recent and the signature nonce unused.

Both are judged against WALL time, never the emulated clock: the SDKs sign ``Timestamp`` /
``x-acs-date`` with the real time, so after ``cloud.clock.advance(...)`` every call would otherwise
look stale (DESIGN, "two clocks").

Bounds (documented assumptions, reference §10 has no official figure for the nonce window):

* a timestamp more than 15 minutes before or after wall time is ``InvalidTimeStamp.Expired``;
* a nonce is remembered for 15 minutes of wall time AND at most ``NONCE_MEMORY`` (4,096) nonces,
  whichever forgets first, so 10,000 calls a second keep memory flat. A replay older than that
  is only caught by the timestamp check (which ``check_timestamps=False`` turns off).

Example::

    >>> window = NonceWindow(wall=lambda: 1000.0)
    >>> window.first_use("LTAI1", "n-1"), window.first_use("LTAI1", "n-1")
    (True, False)
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from immplay.cloud.errors import CloudError

FRESHNESS_WINDOW = timedelta(minutes=15)
NONCE_MEMORY = 4096

# ``YYYY-MM-DDThh:mm:ssZ`` with an optional fraction; a regex is ~10x faster than strptime.
_TIMESTAMP = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?Z")


def parse_timestamp(value: str, name: str) -> datetime:
    """Parse ``YYYY-MM-DDThh:mm:ssZ`` (UTC, optional fraction); else ``InvalidTimeStamp.Format``."""
    found = _TIMESTAMP.fullmatch(value)
    if found:
        try:
            return datetime(*map(int, found.groups()), tzinfo=timezone.utc)
        except ValueError:
            pass  # e.g. month 13: well-formed digits, not a date
    raise CloudError(
        "InvalidTimeStamp.Format",
        f"Specified time stamp or date value is not well formatted. {name}={value!r} must look like "
        "2015-08-18T03:15:45Z (UTC).",
        400,
    )


def check_timestamp(value: str, name: str, wall_now: datetime) -> None:
    """Raise ``InvalidTimeStamp.Expired`` when ``value`` is more than 15 minutes from ``wall_now``.

    >>> check_timestamp("2024-01-01T00:10:00Z", "Timestamp", datetime(2024, 1, 1, tzinfo=timezone.utc))
    """
    signed_at = parse_timestamp(value, name)
    if abs(signed_at - wall_now) > FRESHNESS_WINDOW:
        raise CloudError(
            "InvalidTimeStamp.Expired",
            f"Specified time stamp or date value is expired. {name}={value} is more than 15 minutes "
            f"from the server's wall time {wall_now:%Y-%m-%dT%H:%M:%SZ} (immplay checks freshness "
            "against real time, not cloud.clock; mock_cloud(check_timestamps=False) turns this off).",
            400,
        )


class NonceWindow:
    """Remembers recent ``(access key, nonce)`` pairs; bounded in time and in count.

    Not thread-safe on its own: the wire handler serializes requests.
    """

    def __init__(
        self,
        window_seconds: float = FRESHNESS_WINDOW.total_seconds(),
        max_entries: int = NONCE_MEMORY,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.window_seconds = window_seconds
        self.max_entries = max_entries
        self._wall = wall
        # Insertion order is arrival order, so the oldest entries sit at the front.
        self._seen: OrderedDict[tuple[str, str], float] = OrderedDict()

    def __len__(self) -> int:
        return len(self._seen)

    def first_use(self, access_key_id: str, nonce: str) -> bool:
        """Record the nonce; ``False`` when it was already used within the window."""
        now = self._wall()
        self._forget_older_than(now - self.window_seconds)
        key = (access_key_id, nonce)
        if key in self._seen:
            return False
        self._seen[key] = now
        while len(self._seen) > self.max_entries:
            self._seen.popitem(last=False)
        return True

    def _forget_older_than(self, cutoff: float) -> None:
        seen = self._seen
        while seen:
            oldest = next(iter(seen.values()))
            if oldest >= cutoff:
                return
            seen.popitem(last=False)

    def clear(self) -> None:
        """Forget every nonce (used by ``cloud.reset()`` callers that also want a fresh wire)."""
        self._seen.clear()
