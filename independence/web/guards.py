"""The upload page's guards: a body-size limit, a per-client rate limit, and security headers."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

BASE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cache-Control": "no-store",
}
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'none'; "
    "font-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


class BodyTooLargeError(Exception):
    """The request body passed the configured limit."""


class BodySizeLimit:
    """ASGI middleware: refuse a request body over `limit` bytes, by its Content-Length or while it streams.

    `on_too_large(scope, send)` answers the refused request (the 413 page).
    """

    def __init__(self, app: ASGIApp, limit: int, on_too_large: Callable[[Scope, Send], Awaitable[None]]) -> None:
        self.app, self.limit, self.on_too_large = app, limit, on_too_large

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self.on_too_large(scope, send)
            return
        received, exceeded, answered = 0, False, False

        async def counted_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    exceeded = True
                    raise BodyTooLargeError
            return message

        async def answer_too_large() -> None:
            nonlocal answered
            if not answered:
                answered = True
                await self.on_too_large(scope, send)

        async def guarded_send(message: Message) -> None:
            # a parser that caught the error answers 400 or 500: replace that answer with the 413
            if exceeded:
                await answer_too_large()
                return
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except BodyTooLargeError:
            await answer_too_large()


class RateLimit:
    """At most `limit` events per client in any `window` seconds (a sliding window, thread-safe)."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit, self.window = limit, window
        self._events: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def allowed(self, client: str) -> tuple[bool, int]:
        """Record an event for the client when allowed; return (allowed, seconds until the next is)."""
        now = time.monotonic()
        with self._lock:
            events = self._events[client]
            while events and events[0] <= now - self.window:
                events.popleft()
            if len(events) >= self.limit:
                return False, int(events[0] + self.window - now) + 1
            events.append(now)
            return True, 0
