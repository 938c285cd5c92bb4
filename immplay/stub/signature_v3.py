"""Signature V3 (``ACS3-HMAC-SHA256``): the new SDK family's default (reference §7.2).

The server rebuilds the canonical request from what it received::

    METHOD \\n path \\n canonical query \\n canonical headers (one "name:value\\n" per signed header)
    \\n signed header names (";"-joined) \\n hashed payload

``StringToSign = "ACS3-HMAC-SHA256\\n" + hex(sha256(canonical request))`` and the signature is
``hex(HMAC-SHA256(secret, StringToSign))`` (no ``&`` suffix on the key). The canonical headers
come from the ``SignedHeaders`` list of the ``Authorization`` header, because the SDK signs every
header it sends. The query is decoded first (the HTTP library writes a space as ``+``) and
re-encoded per RFC 3986.

Example (reference §7.2 test vector)::

    >>> headers = {"host": "imm.cn-hangzhou.aliyuncs.com", "x-acs-action": "CreateProject",
    ...     "x-acs-version": "2020-09-30", "x-acs-date": "2024-01-01T00:00:00Z",
    ...     "x-acs-signature-nonce": "0123456789abcdef0123456789abcdef",
    ...     "x-acs-content-sha256": EMPTY_SHA256}
    >>> canonical = canonical_request_v3("POST", "/", [("ProjectName", "demo-proj"),
    ...     ("Description", "a b*c~")], headers, sorted(headers), EMPTY_SHA256)
    >>> sign_v3(string_to_sign_v3(canonical), "testsecret")[:8]
    '3f07f92b'
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote, unquote

ALGORITHM = "ACS3-HMAC-SHA256"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


class MalformedAuthorization(ValueError):
    """The ``Authorization`` header is not ``ACS3-HMAC-SHA256 Credential=..,SignedHeaders=..,Signature=..``."""


@dataclass(frozen=True)
class Authorization:
    """The three parts of an ``ACS3-HMAC-SHA256`` ``Authorization`` header."""

    access_key_id: str
    signed_headers: tuple[str, ...]
    signature: str


def parse_authorization(value: str) -> Authorization:
    """Split the header into its parts; raise ``MalformedAuthorization`` naming what is missing.

    >>> parse_authorization("ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host;x-acs-date,Signature=ab")
    Authorization(access_key_id='ak', signed_headers=('host', 'x-acs-date'), signature='ab')
    """
    algorithm, _, rest = value.strip().partition(" ")
    if algorithm != ALGORITHM:
        raise MalformedAuthorization(
            f"the Authorization header must start with {ALGORITHM!r}, got {algorithm!r}"
        )
    parts = dict(item.strip().partition("=")[::2] for item in rest.split(","))
    missing = [name for name in ("Credential", "SignedHeaders", "Signature") if not parts.get(name)]
    if missing:
        raise MalformedAuthorization(f"the Authorization header lacks {', '.join(missing)}")
    signed = tuple(name.strip().lower() for name in parts["SignedHeaders"].split(";") if name.strip())
    return Authorization(parts["Credential"], signed, parts["Signature"])


def canonical_query_v3(pairs: Iterable[tuple[str, str]]) -> str:
    """Decoded ``(name, value)`` pairs, sorted, RFC 3986 encoded (space ``%20``, ``*`` ``%2A``)."""
    pairs = sorted(pairs)
    if not pairs:
        return ""
    return "&".join(f"{quote(name, safe='~')}={quote(value, safe='~')}" for name, value in pairs)


def canonical_request_v3(
    method: str,
    path: str,
    query: Iterable[tuple[str, str]],
    headers: Mapping[str, str],
    signed_headers: Sequence[str],
    hashed_payload: str,
) -> str:
    """The canonical request text; ``headers`` is keyed by lowercase name.

    A signed header the request does not carry canonicalizes as an empty value, so the signature
    then fails to match instead of the server crashing.
    """
    names = sorted({name.lower() for name in signed_headers})
    get = headers.get
    header_block = "".join([f"{name}:{get(name, '').strip()}\n" for name in names])
    canonical_path = "/" if path in ("", "/") else quote(unquote(path), safe="/~")
    return "\n".join(
        [method.upper(), canonical_path, canonical_query_v3(query), header_block, ";".join(names), hashed_payload]
    )


def string_to_sign_v3(canonical_request: str) -> str:
    """``"ACS3-HMAC-SHA256\\n" + hex(sha256(canonical_request))``."""
    return f"{ALGORITHM}\n{hashlib.sha256(canonical_request.encode()).hexdigest()}"


def sign_v3(string_to_sign: str, secret: str) -> str:
    """``hex(HMAC-SHA256(secret, string_to_sign))``."""
    return hmac.new(secret.encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()


def signature_matches_v3(string_to_sign: str, secret: str, claimed: str) -> bool:
    """Constant-time comparison of the expected and the claimed hex signature (case-insensitive)."""
    return hmac.compare_digest(sign_v3(string_to_sign, secret).encode(), claimed.lower().encode())
