"""The upload page's guards: a body-size limit and read timeout, allowed hosts and origins, rate limits, headers."""

from __future__ import annotations

import asyncio
import threading
import time
import urllib.parse
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


def host_name(value: str) -> str:
    """Return the host of a Host header or an Origin ('localhost:8000' -> 'localhost', '[::1]:80' -> '::1')."""
    if "://" not in value:
        value = f"//{value}"
    try:
        return (urllib.parse.urlsplit(value).hostname or "").lower()
    except ValueError:
        return ""


def origin_of(url: str) -> tuple[str, str, int | None] | None:
    """Return a URL's origin as (scheme, host, port), the port filled in for http and https; None when unreadable."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        return None
    if not parts.hostname:
        return None
    return parts.scheme.lower(), parts.hostname.lower(), port


class RequestOrigin:
    """ASGI middleware: answer only the allowed host names, and refuse a POST sent from another site.

    A wrong Host header is how DNS rebinding reaches a page on this computer; a POST from another site
    is a cross-site form (CSRF), see `same_site`. Both are answered by `on_refused(scope, send, status,
    reason)`. A POST without any of the headers comes from a program, not a page in a browser, and passes.
    """

    def __init__(
        self,
        app: ASGIApp,
        allowed_hosts: tuple[str, ...],
        on_refused: Callable[[Scope, Send, int, str], Awaitable[None]],
    ) -> None:
        self.app, self.on_refused = app, on_refused
        self.allowed = {host_name(host) for host in allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]}
        if host_name(headers.get("host", "")) not in self.allowed:
            await self.on_refused(scope, send, 400, "This page answers only at its own address.")
            return
        if scope["method"] == "POST" and not self.same_site(headers, scope.get("scheme", "http")):
            await self.on_refused(scope, send, 403, "Forms can only be sent from this page itself.")
            return
        await self.app(scope, receive, send)

    def same_site(self, headers: dict[str, str], scheme: str) -> bool:
        """Return whether a POST comes from this page (or from a program rather than a browser).

        Browsers say where a request comes from in `Sec-Fetch-Site`, which no page can set; the page's
        own forms send `Origin: null` (its referrer policy is no-referrer), so Origin alone cannot tell.
        Without Sec-Fetch-Site (older browsers, programs), the Origin or Referer must be this page's own
        origin: scheme, host and port (another port of the same host is another site's page).
        """
        fetch_site = headers.get("sec-fetch-site")
        if fetch_site is not None:
            return fetch_site in ("same-origin", "none")
        sender = headers.get("origin") or headers.get("referer")
        return sender is None or origin_of(sender) == origin_of(f"{scheme}://{headers.get('host', '')}")


class BodyTimeoutError(Exception):
    """The request body stopped arriving for longer than the read timeout."""


class BodyReadTimeout:
    """ASGI middleware: a request body that pauses for more than `seconds` is dropped with `on_timeout`.

    Without it, a client sending one byte a minute holds a connection (and a worker) open for hours.
    """

    def __init__(self, app: ASGIApp, seconds: float, on_timeout: Callable[[Scope, Send], Awaitable[None]]) -> None:
        self.app, self.seconds, self.on_timeout = app, seconds, on_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        timed_out = answered = False

        async def timed_receive() -> Message:
            nonlocal timed_out
            try:
                return await asyncio.wait_for(receive(), self.seconds)
            except TimeoutError:
                timed_out = True
                raise BodyTimeoutError from None

        async def guarded_send(message: Message) -> None:
            nonlocal answered
            if timed_out:
                if not answered:
                    answered = True
                    await self.on_timeout(scope, send)
                return
            await send(message)

        try:
            await self.app(scope, timed_receive, guarded_send)
        except BodyTimeoutError:
            if not answered:
                answered = True
                await self.on_timeout(scope, send)
