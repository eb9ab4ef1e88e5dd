"""How the upload page is served: uvicorn with a deadline for a request's headers, and forwarded addresses believed
only from a configured proxy.

A client that opens a connection and sends its headers a byte at a time would otherwise hold it open for as
long as it likes (fifty such sockets stayed open past 90 s); now a connection whose request headers are not
complete within `header_timeout_seconds` is closed. uvicorn believes `X-Forwarded-For` from loopback by
default, so a new made-up address on each request escaped every rate limit; here it is believed only from
INDEPENDENCE_TRUSTED_PROXY (and then only that proxy's hop counts).
"""

from __future__ import annotations

import asyncio

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from independence.web.settings import WebSettings


class DeadlineForHeaders(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, closing a connection whose request headers do not arrive in time."""

    header_timeout_seconds = 10.0
    _headers_due: asyncio.TimerHandle | None = None

    def _arm(self) -> None:
        self._disarm()
        self._headers_due = self.loop.call_later(self.header_timeout_seconds, self._headers_too_slow)

    def _disarm(self) -> None:
        if self._headers_due is not None:
            self._headers_due.cancel()
            self._headers_due = None

    def _headers_too_slow(self) -> None:
        self._headers_due = None
        if not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def handle_events(self) -> None:
        waiting = self.cycle
        super().handle_events()
        if self.cycle is not waiting:  # a request's headers arrived whole
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request on this connection gets the same deadline

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def server_config(app: object, host: str, port: int, settings: WebSettings) -> uvicorn.Config:
    """Return how uvicorn serves the page: the header deadline, forwarded addresses from a trusted proxy only."""
    protocol = type(
        "DeadlineForHeadersHere", (DeadlineForHeaders,), {"header_timeout_seconds": settings.header_timeout_seconds}
    )
    trusted = settings.trusted_proxy
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol,
        proxy_headers=trusted is not None,
        forwarded_allow_ips=trusted or "",
        log_level="warning",
        server_header=False,
    )
