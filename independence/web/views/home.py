"""GET / (what the page does, the upload form, the apps it reads), its static files, favicon and check-in template."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException

from independence.config import SAMPLES_DIR, TEMPLATES_DIR
from independence.web.guards import BASE_HEADERS
from independence.web.pages import APPS, page
from independence.web.state import web_state

STATIC_FILES = {"web.css": "text/css", "upload.js": "text/javascript", "favicon.svg": "image/svg+xml"}


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


def favicon() -> Response:
    """Return the page's icon (browsers ask for /favicon.ico; an SVG answers it in every current browser)."""
    return static("favicon.svg")


def checkin_template() -> Response:
    """Return the empty weekly check-in form as a CSV download: a date and the six signs rated 1 to 5."""
    content = (SAMPLES_DIR / "checkin_template.csv").read_bytes()
    disposition = {"Content-Disposition": 'attachment; filename="checkin-template.csv"'}
    return Response(content, media_type="text/csv", headers=BASE_HEADERS | disposition)
