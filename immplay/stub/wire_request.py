"""One HTTP request as the wire handler sees it, whichever way it arrived (``responses`` or WSGI).

Both entry points (an intercepted ``requests.PreparedRequest`` and a WSGI ``environ``) are turned
into a ``WireRequest`` so that one handler serves both: the mock and the loopback server cannot
drift apart.

Example::

    >>> r = WireRequest.from_url("POST", "https://ram.aliyuncs.com/?Action=ListUsers&A=x+y", {}, b"")
    >>> r.host, r.query, r.scheme
    ('ram.aliyuncs.com', [('Action', 'ListUsers'), ('A', 'x y')], 'https')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


@dataclass
class WireRequest:
    """A received request. ``headers`` are keyed by lowercase name; ``query`` is decoded pairs."""

    method: str
    scheme: str
    host: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes
    source_ip: str = "127.0.0.1"
    url: str = ""
    form: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        content_type = self.headers.get("content-type", "")
        if self.body and content_type.split(";")[0].strip().lower() == FORM_CONTENT_TYPE:
            # A form body carries API parameters too; v1 signs them with the query (reference §7.3).
            self.form = parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True)

    @classmethod
    def from_url(
        cls,
        method: str,
        url: str,
        headers: Mapping[str, Any],
        body: bytes | str | None,
        source_ip: str = "127.0.0.1",
    ) -> WireRequest:
        """Build from a full URL (the ``responses`` path); the ``host`` header wins over the URL's."""
        parts = urlsplit(url)
        # requests' CaseInsensitiveDict already holds lowercase keys: lower_items() skips re-lowering.
        items = headers.lower_items() if hasattr(headers, "lower_items") else headers.items()
        lowered = {str(name).lower(): value if isinstance(value, str) else _text(value) for name, value in items}
        host = lowered.get("host") or parts.netloc
        return cls(
            method=method.upper(),
            scheme=parts.scheme or "http",
            host=host,
            path=parts.path or "/",
            query=parse_qsl(parts.query, keep_blank_values=True),
            headers=lowered,
            body=_bytes(body),
            source_ip=source_ip,
            url=url,
        )

    @classmethod
    def from_prepared(cls, request: Any, source_ip: str = "127.0.0.1") -> WireRequest:
        """From a ``requests`` (or the legacy SDK's vendored ``requests``) ``PreparedRequest``."""
        return cls.from_url(request.method or "GET", str(request.url), request.headers or {},
                            request.body, source_ip)

    @classmethod
    def from_environ(cls, environ: Mapping[str, Any]) -> WireRequest:
        """From a WSGI ``environ`` (the loopback server)."""
        headers: dict[str, str] = {}
        for key, value in environ.items():
            if key.startswith("HTTP_"):
                headers[key[5:].replace("_", "-").lower()] = str(value)
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = str(environ["CONTENT_TYPE"])
        if environ.get("CONTENT_LENGTH"):
            headers["content-length"] = str(environ["CONTENT_LENGTH"])
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        host = headers.get("host") or f"{environ.get('SERVER_NAME', '')}:{environ.get('SERVER_PORT', '')}"
        query_string = str(environ.get("QUERY_STRING", ""))
        scheme = str(environ.get("wsgi.url_scheme", "http"))
        path = str(environ.get("PATH_INFO", "/")) or "/"
        return cls(
            method=str(environ.get("REQUEST_METHOD", "GET")).upper(),
            scheme=scheme,
            host=host,
            path=path,
            query=parse_qsl(query_string, keep_blank_values=True),
            headers=headers,
            body=body,
            source_ip=str(environ.get("REMOTE_ADDR", "127.0.0.1")),
            url=f"{scheme}://{host}{path}" + (f"?{query_string}" if query_string else ""),
        )

    def describe(self) -> str:
        """``"POST https://ram.aliyuncs.com/?Action=..."`` for messages."""
        return f"{self.method} {self.url or self.scheme + '://' + self.host + self.path}"


def _text(value: Any) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def _bytes(body: bytes | str | None) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    if hasattr(body, "read"):
        return body.read()
    return bytes(body)
