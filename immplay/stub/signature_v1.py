"""RPC signature version 1.0 (``HMAC-SHA1``): what the legacy SDK and the credentials provider send.

The string to sign is ``METHOD & %2F & encode(canonical query)`` where the canonical query is every
parameter except ``Signature`` (query and form body together), sorted by name, each name and value
percent-encoded per RFC 3986 (reference §7.3). ``alibabacloud-credentials`` encodes spaces as ``+``
(``quote_plus``) instead of ``%20``; the verifier accepts both canonicalizations, because the
trainee cannot change that library. Whether the real STS accepts the ``+`` form is unknown
(reference §10).

Example (the official test vector)::

    >>> params = {"Action": "CreateUser", "UserName": "test", "AccessKeyId": "testid",
    ...           "Timestamp": "2015-08-18T03:15:45Z", "Format": "JSON", "Version": "2015-05-01",
    ...           "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0",
    ...           "SignatureNonce": "6a6e0ca6-4557-11e5-86a2-b8e8563dc8d2"}
    >>> sign_v1(string_to_sign_v1("GET", params), "testsecret")
    'kRA2cnpJVacIhDMzXnoNZG9tDCI='
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, quote_plus


def rfc3986(text: str) -> str:
    """Percent-encode ``text`` per RFC 3986: only ``A-Za-z0-9-_.~`` stay; a space is ``%20``."""
    return quote(text, safe="~")


def plus_encoded(text: str) -> str:
    """Percent-encode like Python's ``quote_plus``: as ``rfc3986`` but a space becomes ``+``."""
    return quote_plus(text, safe="~")


def canonical_query_v1(params: Mapping[str, str], encode: Callable[[str], str] = rfc3986) -> str:
    """Sorted ``name=value`` pairs joined by ``&``, ``Signature`` excluded, each side encoded."""
    return "&".join(
        f"{encode(name)}={encode(params[name])}" for name in sorted(params) if name != "Signature"
    )


def string_to_sign_v1(method: str, params: Mapping[str, str], encode: Callable[[str], str] = rfc3986) -> str:
    """``METHOD&%2F&<encoded canonical query>``, the text the HMAC is computed over."""
    return f"{method.upper()}&{rfc3986('/')}&{rfc3986(canonical_query_v1(params, encode))}"


def sign_v1(string_to_sign: str, secret: str) -> str:
    """``base64(HMAC-SHA1(secret + "&", string_to_sign))``."""
    digest = hmac.new((secret + "&").encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


@dataclass(frozen=True)
class V1Check:
    """The outcome of checking one v1 signature.

    ``string_to_sign`` is the RFC 3986 form (what the legacy SDK computes itself and compares
    with the server's error message), also when the ``+`` form is the one that matched.
    """

    matched: bool
    string_to_sign: str
    plus_form_matched: bool = False


def verify_v1(method: str, params: Mapping[str, str], secret: str) -> V1Check:
    """Check ``params["Signature"]`` against both accepted canonicalizations.

    >>> verify_v1("GET", {"A": "x y", "Signature": "bad"}, "s").matched
    False
    """
    claimed = params.get("Signature", "")
    strict = string_to_sign_v1(method, params)
    if hmac.compare_digest(sign_v1(strict, secret).encode(), claimed.encode()):
        return V1Check(True, strict)
    if any(" " in value for value in params.values()):
        plus = string_to_sign_v1(method, params, plus_encoded)
        if hmac.compare_digest(sign_v1(plus, secret).encode(), claimed.encode()):
            return V1Check(True, strict, plus_form_matched=True)
    return V1Check(False, strict)
