"""Running the web app: uvicorn on h11, with connections that go quiet closed.

uvicorn closes an idle keep-alive connection after `timeout_keep_alive` seconds, but it waits forever
for a connection that opens and sends nothing, or sends half a request and stops (a slow client can
hold the server's sockets that way). `QuietClientTimeout` closes a connection whose client has sent
nothing for `CLIENT_TIMEOUT` seconds while the server waits on it (no request yet, or a request head
or body still incomplete); while the server itself is computing an answer the clock does not run.
"""

from __future__ import annotations

import asyncio

import h11
from fastapi import FastAPI
from uvicorn.protocols.http.h11_impl import H11Protocol

CLIENT_TIMEOUT = 10.0  # seconds a client may stay silent while the server waits on it
KEEP_ALIVE_TIMEOUT = 5  # seconds an idle keep-alive connection is kept open after a response


class QuietClientTimeout(H11Protocol):
    """uvicorn's h11 protocol plus a timer, restarted by every byte received, that closes silent clients."""

    client_timeout: float = CLIENT_TIMEOUT
    _quiet: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        self._arm()
        super().data_received(data)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._quiet is not None:
            self._quiet.cancel()
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._quiet is not None:
            self._quiet.cancel()
        self._quiet = self.loop.call_later(self.client_timeout, self._on_quiet)

    def _on_quiet(self) -> None:
        if self.transport.is_closing():
            return
        if self.conn.their_state in (h11.IDLE, h11.SEND_BODY):  # we are waiting for the client
            self.transport.close()
        else:  # the request is complete: the app is answering it
            self._arm()


def protocol(client_timeout: float = CLIENT_TIMEOUT) -> type[QuietClientTimeout]:
    """The protocol class with its timeout (uvicorn takes a class, not an instance)."""
    return type("QuietClientTimeoutProtocol", (QuietClientTimeout,), {"client_timeout": client_timeout})


def serve_app(app: FastAPI, host: str, port: int, client_timeout: float = CLIENT_TIMEOUT) -> None:
    """Serve until Ctrl-C."""
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, http=protocol(client_timeout),
                timeout_keep_alive=KEEP_ALIVE_TIMEOUT)
