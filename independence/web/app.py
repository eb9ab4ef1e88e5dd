"""Entry point `independence serve`: the upload page. Drop an export, get the private report back.

Routes (a stable interface, listed here and nowhere else): GET / · GET /static/{name} · GET /favicon.ico ·
GET /checkin-template.csv · POST /upload (a new space; 303 to /r/{token}) · GET /r/{token} (progress, mood
form or report) · GET and POST /r/{token}/add (the space's files; one more file) · POST /r/{token}/moods ·
GET and POST /r/{token}/words (what the person's tags mean) · GET and POST /r/{token}/moments (moments they
mark) · GET and POST /r/{token}/delete. Pages are
rendered on the server; the only script is the optional drag-and-drop helper. Each view lives in its own
module under `views/`.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope, Send

from independence.ingest.scratch import removed_orphans
from independence.pipelines.spaces import every_space
from independence.web.guards import BodyReadTimeout, BodySizeLimit, RequestOrigin
from independence.web.pages import error_page, not_found
from independence.web.settings import WebSettings, settings_from_environment
from independence.web.state import new_state
from independence.web.views import add, delete, home, moments, moods, space, upload, words

log = logging.getLogger("independence.web")
ROUTES = [
    ("GET", "/", home.home),
    ("GET", "/static/{name}", home.static),
    ("GET", "/favicon.ico", home.favicon),
    ("GET", "/checkin-template.csv", home.checkin_template),
    ("POST", "/upload", upload.upload),
    ("GET", "/r/{token}", space.space_page),
    ("GET", "/r/{token}/add", add.add_page),
    ("POST", "/r/{token}/add", upload.added),
    ("POST", "/r/{token}/moods", moods.mapped_moods),
    ("GET", "/r/{token}/words", words.words_page),
    ("POST", "/r/{token}/words", words.saved_words),
    ("GET", "/r/{token}/moments", moments.moments_page),
    ("POST", "/r/{token}/moments", moments.saved_moment_change),
    ("GET", "/r/{token}/delete", delete.confirm_delete),
    ("POST", "/r/{token}/delete", delete.delete),
]


async def http_error(request: Request, error: StarletteHTTPException) -> HTMLResponse:
    """Answer an HTTP error with its page (a 404 counts against the client's misses)."""
    if error.status_code == 404:
        return not_found(request)
    return error_page(request, error.status_code, "That did not work", str(error.detail))


async def invalid_request(request: Request, _error: RequestValidationError) -> HTMLResponse:
    """Answer a form without its file."""
    return error_page(request, 400, "Something is missing", "Choose an export file to upload, then send it.")


async def unexpected(request: Request, error: Exception) -> HTMLResponse:
    """Answer anything unexpected with a plain page; the log gets the error's type, never its content."""
    log.error("unexpected %s on %s %s", type(error).__name__, request.method, request.url.path)
    return error_page(request, 500, "Something went wrong", "Please try again. Nothing of yours was lost.")


def create_app(settings: WebSettings | None = None) -> FastAPI:
    """Return the upload page's application; its background imports stop with it."""
    state = new_state(settings or settings_from_environment())
    state.settings.spaces_dir.mkdir(parents=True, exist_ok=True, mode=0o700)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        removed_orphans()  # Parquet part folders (note text in Parquet) of imports a killed server left behind
        for stored in every_space(state.settings.spaces_dir):  # imports and words a stopped server left unfinished
            unfinished = (
                stored.upload_path.exists() or stored.pending_words is not None or stored.pending_moment is not None
            )
            if stored.status in ("queued", "working") and unfinished:
                state.queued_import(stored.folder)
        yield
        state.executor.shutdown(wait=True)
        state.workers.close()

    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.web = state

    async def too_large(scope: Scope, send: Send) -> None:
        limit = state.settings.max_upload_bytes // (1024 * 1024)
        response = error_page(
            Request(scope), 413, "That file is too large", f"Uploads can be at most {limit} MB. Nothing was stored."
        )
        await response(scope, None, send)

    async def timed_out(scope: Scope, send: Send) -> None:
        response = error_page(
            Request(scope), 408, "The upload stopped", "Your file stopped arriving, so nothing was stored. Try again."
        )
        await response(scope, None, send)

    async def refused(scope: Scope, send: Send, status: int, reason: str) -> None:
        response = error_page(Request(scope), status, "Not from here", f"{reason} Nothing was stored.")
        await response(scope, None, send)

    app.add_middleware(BodySizeLimit, limit=state.settings.max_upload_bytes, on_too_large=too_large)
    app.add_middleware(BodyReadTimeout, seconds=state.settings.read_timeout_seconds, on_timeout=timed_out)
    app.add_middleware(RequestOrigin, allowed_hosts=state.settings.allowed_hosts, on_refused=refused)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(Exception, unexpected)
    for method, path, endpoint in ROUTES:
        app.add_api_route(path, endpoint, methods=[method], response_model=None)
    return app
