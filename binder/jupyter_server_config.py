"""jupyter_server configuration shipped with immplay (used by `make lab`, Binder and the browser tests).

It turns on TCP_NODELAY for every kernel websocket. jupyter_server 2.x leaves Nagle's algorithm on
for that socket, so a small widget update that follows another one within a round trip waits for
the browser's delayed ACK (~40 ms): in a live policy editor about every other keystroke paints late.
With TCP_NODELAY each update is sent at once (measured: p90 keystroke-to-DOM ~49 ms -> ~11 ms).

How: `ServerApp.kernel_websocket_connection_class` is the documented, configurable class that
jupyter_server builds for each kernel websocket; the subclass below switches the socket to no-delay
when the connection is opened (tornado's `WebSocketHandler.set_nodelay`) and changes nothing else.

Use: `jupyter lab --config=binder/jupyter_server_config.py`. Binder does not read this file by
itself: its postBuild must copy it to `~/.jupyter/jupyter_server_config.py` (or `$CONDA_DIR/etc/jupyter/`).
"""

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection


class NoDelayKernelWebsocketConnection(ZMQChannelsWebsocketConnection):
    """The stock kernel websocket connection, with TCP_NODELAY set on its socket when it opens."""

    def connect(self):
        # open() has run by now, so the handler's websocket connection (and its TCP stream) exists.
        self.websocket_handler.set_nodelay(True)
        self.log.debug("TCP_NODELAY set on the websocket of kernel %s", self.kernel_id)
        return super().connect()


c = get_config()  # noqa: F821 (injected by traitlets when it loads this file)
c.ServerApp.kernel_websocket_connection_class = NoDelayKernelWebsocketConnection
