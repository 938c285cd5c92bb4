"""The emulated clock: the time credentials expire by, dates are stamped with, and the trail uses.

Request freshness (``Timestamp``, ``x-acs-date``, nonces) is checked by the wire layer against the
*wall* clock, because the SDKs sign with it; this clock never touches that (DESIGN, "two clocks").

With ``start="fixed"`` the clock starts at ``FIXED_START`` (2026-01-01T00:00:00Z) and stands still
until ``advance()`` moves it, so a seeded notebook prints the same dates on every run. With
``start="wall"`` it starts at wall time and runs with it (plus whatever ``advance()`` added), for tools
such as the ``alibabacloud-credentials`` RamRoleArn provider that compare ``Expiration`` with the
wall clock.

Example::

    clock = EmulatedClock()
    clock.now()                  # datetime(2026, 1, 1, 0, 0, tzinfo=timezone.utc)
    clock.advance(seconds=3600)
    clock.now()                  # datetime(2026, 1, 1, 1, 0, tzinfo=timezone.utc)
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from functools import lru_cache

FIXED_START = datetime(2026, 1, 1, tzinfo=timezone.utc)


class EmulatedClock:
    """A UTC clock that is fixed (deterministic) or follows wall time, and can be moved forward."""

    def __init__(self, start: str = "fixed") -> None:
        if start not in ("fixed", "wall"):
            raise ValueError(f'clock start must be "fixed" or "wall", not {start!r}')
        self.mode = start
        # fixed: the current instant itself; wall: the offset added to wall time.
        self._instant = FIXED_START
        self._offset = timedelta(0)

    def now(self) -> datetime:
        """The current emulated time, an aware UTC datetime (microseconds dropped)."""
        if self.mode == "fixed":
            return self._instant
        return (datetime.now(timezone.utc) + self._offset).replace(microsecond=0)

    def advance(self, seconds: float = 0, *, minutes: float = 0, hours: float = 0) -> datetime:
        """Move the clock forward (never back) and return the new time."""
        delta = timedelta(seconds=seconds, minutes=minutes, hours=hours)
        if delta < timedelta(0):
            raise ValueError("the emulated clock only moves forward")
        if self.mode == "fixed":
            self._instant += delta
        else:
            self._offset += delta
        return self.now()

    def export(self) -> dict:
        """A JSON-able snapshot (see ``restore``)."""
        return {"mode": self.mode, "instant": self._instant.isoformat(),
                "offset_seconds": self._offset.total_seconds()}

    @classmethod
    def restore(cls, data: dict) -> EmulatedClock:
        """Rebuild a clock from ``export()``; a wall clock keeps its offset, not its instant."""
        clock = cls(data["mode"])
        clock._instant = datetime.fromisoformat(data["instant"])
        clock._offset = timedelta(seconds=data["offset_seconds"])
        return clock

    def __repr__(self) -> str:
        return f"EmulatedClock({self.mode!r}, now={self.now().isoformat()})"


@lru_cache(maxsize=1024)  # the emulated clock repeats instants; strftime is the hot spot of a call
def ram_date(moment: datetime) -> str:
    """RAM and STS date format: ``2026-01-01T00:00:00Z`` (UTC, no fraction)."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


_CHINA = timezone(timedelta(hours=8))


@lru_cache(maxsize=1024)
def imm_time(moment: datetime) -> str:
    """IMM time format, as in the CreateProject example: RFC 3339 with nanoseconds at +08:00,
    e.g. ``2026-01-01T08:00:00.000000000+08:00``."""
    local = moment.astimezone(_CHINA)
    return local.strftime("%Y-%m-%dT%H:%M:%S.") + f"{local.microsecond * 1000:09d}+08:00"
