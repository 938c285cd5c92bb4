"""Seeded generation of every identifier the emulated cloud hands out.

Same seed, same sequence of calls -> the same AccessKey ids, secrets, tokens, UserIds, RequestIds on
every run (nbval compares notebook outputs). Two independent streams: one for resource identifiers
and secrets, one for RequestIds, so an extra failed call does not shift the keys created after it.
Never uses the global ``random`` module or ``uuid4``.

Example::

    ids = IdGenerator(seed=0)
    ids.access_key_id()    # 'LTAI5t...' (24 characters), identical for every IdGenerator(seed=0)
"""

from __future__ import annotations

import base64
import random
import string

_ALNUM = string.ascii_letters + string.digits
_HEX = "0123456789ABCDEF"
_BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


class IdGenerator:
    """Deterministic identifiers drawn from ``random.Random`` streams seeded by ``seed``."""

    def __init__(self, seed: int | str = 0) -> None:
        self.seed = seed
        # A str seed is hashed with SHA-512 by random.Random: stable across runs and processes.
        self._ids = random.Random(f"immplay-ids:{seed}")
        self._requests = random.Random(f"immplay-requests:{seed}")

    def _chars(self, alphabet: str, n: int, rng: random.Random | None = None) -> str:
        rng = rng or self._ids
        return "".join(rng.choice(alphabet) for _ in range(n))

    def access_key_id(self) -> str:
        """A long-term AccessKey id: ``LTAI5t`` + 18 letters/digits (24 characters, like real ones)."""
        return "LTAI5t" + self._chars(_ALNUM, 18)

    def access_key_secret(self) -> str:
        """An AccessKey secret: 30 letters/digits."""
        return self._chars(_ALNUM, 30)

    def sts_access_key_id(self) -> str:
        """A temporary AccessKey id: ``STS.`` + 25 letters/digits."""
        return "STS." + self._chars(_ALNUM, 25)

    def security_token(self) -> str:
        """An opaque STS token. Real ones start with ``CAIS`` and are long base64 text."""
        raw = bytes(self._ids.getrandbits(8) for _ in range(180))
        return "CAIS" + base64.b64encode(raw).decode("ascii")

    def digits(self, n: int) -> str:
        """``n`` decimal digits, never starting with 0 (UserId, RoleId)."""
        return self._chars("123456789", 1) + self._chars(string.digits, n - 1)

    def group_id(self) -> str:
        """A group id, ``g-`` + 16 letters/digits (the form seen in RAM examples)."""
        return "g-" + self._chars(_ALNUM, 16)

    def base32_seed(self) -> str:
        """A 32-character Base32 TOTP seed (160 bits), as CreateVirtualMFADevice returns."""
        return self._chars(_BASE32, 32)

    def task_id(self, task_type: str) -> str:
        """An IMM TaskId: ``<TaskType>-`` + a lowercase UUID-shaped string."""
        return f"{task_type}-{self._uuid(self._ids).lower()}"

    def event_id(self) -> str:
        """An IMM EventId: ``<3 hex>-`` + 27 letters/digits."""
        return self._chars(_HEX, 3) + "-" + self._chars(_ALNUM, 27)

    def request_id(self) -> str:
        """An uppercase UUID-shaped RequestId, from the request stream."""
        return self._uuid(self._requests)

    def _uuid(self, rng: random.Random) -> str:
        h = self._chars(_HEX, 32, rng)
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def export(self) -> dict:
        """A JSON-able snapshot of both streams (see ``restore``)."""
        return {"seed": self.seed, "ids": _state_to_json(self._ids.getstate()),
                "requests": _state_to_json(self._requests.getstate())}

    @classmethod
    def restore(cls, data: dict) -> IdGenerator:
        """Rebuild a generator that continues exactly where the exported one stopped."""
        gen = cls(data["seed"])
        gen._ids.setstate(_state_from_json(data["ids"]))
        gen._requests.setstate(_state_from_json(data["requests"]))
        return gen


def _state_to_json(state: tuple) -> list:
    version, internal, gauss = state
    return [version, list(internal), gauss]


def _state_from_json(data: list) -> tuple:
    version, internal, gauss = data
    return (version, tuple(internal), gauss)
