"""Running the web app: uvicorn on h11, with connections that go quiet, or crawl, closed.

uvicorn closes an idle keep-alive connection after `timeout_keep_alive` seconds, but it waits forever
for a connection that opens and sends nothing, or sends half a request and stops, or sends one byte
every few seconds (a slow client can hold the server's sockets that way). `QuietClientTimeout` closes
a connection whose client has sent nothing for `CLIENT_TIMEOUT` seconds while the server waits on it
(no request yet, or a request head or body still incomplete), and one whose request (head and body)
has not arrived whole `REQUEST_DEADLINE` seconds after its first byte, however steadily it trickles
in: that clock is not restarted by each byte. While the server itself is computing an answer neither
clock runs.
"""

from __future__ import annotations

import asyncio

import h11
from fastapi import FastAPI
from uvicorn.protocols.http.h11_impl import H11Protocol

CLIENT_TIMEOUT = 10.0  # seconds a client may stay silent while the server waits on it
REQUEST_DEADLINE = 60.0  # seconds from a request's first byte to its last (a 5 MB upload at 100 kB/s fits)
KEEP_ALIVE_TIMEOUT = 5  # seconds an idle keep-alive connection is kept open after a response


class QuietClientTimeout(H11Protocol):
    """uvicorn's h11 protocol plus a timer, restarted by every byte received, that closes silent clients."""

    client_timeout: float = CLIENT_TIMEOUT
    request_deadline: float = REQUEST_DEADLINE
    _quiet: asyncio.TimerHandle | None = None
    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        self._arm()
        if self._deadline is None:  # the first byte of a request: its whole head and body are due by the deadline
            self._deadline = self.loop.call_later(self.request_deadline, self._on_deadline)
        super().data_received(data)
        if self.conn.their_state not in (h11.IDLE, h11.SEND_BODY):  # the request is whole: the app answers it
            self._end_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._quiet is not None:
            self._quiet.cancel()
        self._end_deadline()
        super().connection_lost(exc)

    def _end_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _on_deadline(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self.conn.their_state in (h11.IDLE, h11.SEND_BODY):  # still waiting for the rest of the request
            self.transport.close()

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


def protocol(client_timeout: float = CLIENT_TIMEOUT,
             request_deadline: float = REQUEST_DEADLINE) -> type[QuietClientTimeout]:
    """The protocol class with its timeouts (uvicorn takes a class, not an instance)."""
    return type("QuietClientTimeoutProtocol", (QuietClientTimeout,),
                {"client_timeout": client_timeout, "request_deadline": request_deadline})


def serve_app(app: FastAPI, host: str, port: int, client_timeout: float = CLIENT_TIMEOUT,
              request_deadline: float = REQUEST_DEADLINE) -> None:
    """Serve until Ctrl-C."""
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False,
                http=protocol(client_timeout, request_deadline), timeout_keep_alive=KEEP_ALIVE_TIMEOUT)
