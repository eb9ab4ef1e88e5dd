"""Entry point `independence serve`: the upload page. Drop an export, get the private report back.

Routes (a stable interface, listed here and nowhere else): GET / · GET /static/{name} · POST /upload
(303 to /r/{token}) · GET /r/{token} (progress, mood form or report) · POST /r/{token}/moods · GET and
POST /r/{token}/delete. Pages are rendered on the server; the only script is the optional
drag-and-drop helper. Each view lives in its own module under `views/`.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope, Send

from independence.pipelines.spaces import every_space
from independence.web.guards import BodySizeLimit
from independence.web.pages import error_page, not_found
from independence.web.settings import WebSettings, settings_from_environment
from independence.web.state import new_state
from independence.web.views import delete, home, moods, space, upload

log = logging.getLogger("independence.web")
ROUTES = [
    ("GET", "/", home.home),
    ("GET", "/static/{name}", home.static),
    ("POST", "/upload", upload.upload),
    ("GET", "/r/{token}", space.space_page),
    ("POST", "/r/{token}/moods", moods.mapped_moods),
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
        for stored in every_space(state.settings.spaces_dir):  # imports a stopped server left unfinished
            if stored.status in ("queued", "working") and stored.upload_path.exists():
                state.queued_import(stored.folder)
        yield
        state.executor.shutdown(wait=True)

    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.web = state

    async def too_large(scope: Scope, send: Send) -> None:
        limit = state.settings.max_upload_bytes // (1024 * 1024)
        response = error_page(
            Request(scope), 413, "That file is too large", f"Uploads can be at most {limit} MB. Nothing was stored."
        )
        await response(scope, None, send)

    app.add_middleware(BodySizeLimit, limit=state.settings.max_upload_bytes, on_too_large=too_large)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(Exception, unexpected)
    for method, path, endpoint in ROUTES:
        app.add_api_route(path, endpoint, methods=[method], response_model=None)
    return app
