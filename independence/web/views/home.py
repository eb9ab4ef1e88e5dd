"""GET / (what the page does, the upload form, the apps it reads) and GET /static/{name}."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException

from independence.config import TEMPLATES_DIR
from independence.web.guards import BASE_HEADERS
from independence.web.pages import APPS, page
from independence.web.state import web_state

STATIC_FILES = {"web.css": "text/css", "upload.js": "text/javascript"}


def home(request: Request) -> HTMLResponse:
    """Return the home page."""
    settings = web_state(request).settings
    limit = settings.max_upload_bytes // (1024 * 1024)
    return page(request, "home", apps=APPS, limit_mb=limit, days=settings.space_days)


def static(name: str) -> Response:
    """Return one of the page's own static files (stylesheet, drag-and-drop helper)."""
    if name not in STATIC_FILES:
        raise HTTPException(404)
    content = (TEMPLATES_DIR / name).read_bytes()
    return Response(content, media_type=STATIC_FILES[name], headers=BASE_HEADERS | {"Cache-Control": "no-cache"})
