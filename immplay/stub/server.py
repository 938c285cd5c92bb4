"""``serve()``: the same wire handler as ``mock_cloud`` behind a loopback HTTP server.

For clients that ``responses`` cannot reach: the new SDK family's ``*_async`` methods (aiohttp),
other languages (``@alicloud/pop-core`` on node), ``curl``. The server is a threaded stdlib
``wsgiref`` server; requests are handled one at a time by the same ``WireHandler`` (the cloud is
not thread-safe). It binds to 127.0.0.1 by default: never expose it, it has no TLS and the root
AccessKey is derived from the seed.

Point clients at it:

* new family: ``Config(endpoint="127.0.0.1:PORT", protocol="HTTP", ...)`` (the API version in the
  request picks RAM, STS or IMM; the region is the cloud's unless ``RegionId`` is sent);
* legacy: ``client.add_endpoint(region, "Ram"|"Sts"|"imm", "http://127.0.0.1:PORT")``;
* clear ``HTTP(S)_PROXY``: both SDK families send loopback traffic to a proxy if one is set.

Example::

    with serve(seed=0) as server:
        print(server.url)                 # http://127.0.0.1:54321
        ak, secret = server.cloud.root_access_key
"""

from __future__ import annotations

import socketserver
import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from immplay.catalog.defaults import DEFAULT_REGION
from immplay.stub.handler import WireHandler
from immplay.stub.wire_cloud import WireCloud, new_cloud
from immplay.stub.wire_request import WireRequest


class _ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _QuietRequestHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        # One line per request on stderr would drown notebook output; the trail records calls.
        pass


def wsgi_app(handler: WireHandler) -> Callable[[dict, Callable], Iterable[bytes]]:
    """A WSGI application answering every request through ``handler``."""

    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        answer = handler.handle(WireRequest.from_environ(environ))
        reason = "OK" if answer.status < 400 else "Error"
        headers = [*answer.headers.items(), ("Content-Length", str(len(answer.body)))]
        start_response(f"{answer.status} {reason}", headers)
        return [answer.body]

    return application


NOT_IN_BROWSER = (
    "immplay.serve is not available in the browser (JupyterLite): a web page cannot listen on a port. "
    "mock_cloud works here, in the kernel, with both SDK families; to serve the emulator to other programs, "
    "run the course locally (make lab) or on Binder."
)


class LoopbackServer:
    """A running emulator server: ``url``, ``cloud``, ``stop()``; also a context manager."""

    def __init__(self, cloud: WireCloud, host: str, port: int, check_timestamps: bool = True) -> None:
        if sys.platform == "emscripten":  # Pyodide: no listening sockets, no threads
            raise RuntimeError(NOT_IN_BROWSER)
        self.cloud = cloud
        self.handler = WireHandler(cloud, check_timestamps=check_timestamps)
        self._server = make_server(host, port, wsgi_app(self.handler),
                                   server_class=_ThreadingWSGIServer, handler_class=_QuietRequestHandler)
        self.host = host
        self.port = int(self._server.server_address[1])
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """``http://HOST:PORT``."""
        return f"http://{self.host}:{self.port}"

    @property
    def endpoint(self) -> str:
        """``HOST:PORT``, the form ``Config(endpoint=...)`` of the new SDK family wants."""
        return f"{self.host}:{self.port}"

    def start(self) -> LoopbackServer:
        """Serve in a daemon thread (idempotent)."""
        if self._thread is None:
            # A short poll interval makes stop() (and every test fixture teardown) quick.
            self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                            name=f"immplay-{self.port}", daemon=True)
            self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted."""
        self._server.serve_forever()

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"LoopbackServer({self.url})"


def serve(
    host: str = "127.0.0.1",
    port: int = 0,
    seed: int = 0,
    *,
    account_id: str | None = None,
    region: str = DEFAULT_REGION,
    clock: Any = None,
    check_timestamps: bool = True,
    cloud: WireCloud | None = None,
) -> LoopbackServer:
    """Start the emulator on ``host:port`` (0 = a free port) in a background thread.

    Returns the running ``LoopbackServer``; use it in a ``with`` block or call ``stop()``.

    >>> with serve() as server:                    # doctest: +SKIP
    ...     server.url
    'http://127.0.0.1:54321'
    """
    if cloud is None:
        cloud = new_cloud(account_id, region, seed, clock)
    return LoopbackServer(cloud, host, port, check_timestamps).start()


def run_server(host: str = "127.0.0.1", port: int = 0, seed: int = 0) -> None:
    """Serve until Ctrl-C, printing the URL and the root AccessKey (for ``immplay serve``); port 0 = any free port."""
    server = serve(host, port, seed)
    access_key_id, secret = server.cloud.root_access_key
    print(f"immplay emulator (RAM, STS, IMM) listening on {server.url}", flush=True)
    print(f"root AccessKeyId={access_key_id} AccessKeySecret={secret} account={server.cloud.account_id}",
          flush=True)
    print(f"new SDKs: Config(endpoint={server.endpoint!r}, protocol='HTTP'); Ctrl-C stops.", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    finally:
        server.stop()
