"""`independence serve`: the upload page. Drop an export, get the private report back.

Routes (a stable interface): GET / · POST /upload (303 to /r/{token}) · GET /r/{token} (progress, mood
form or report) · POST /r/{token}/moods · GET and POST /r/{token}/delete. Pages are rendered on the
server; the only script is the optional drag-and-drop helper, served from here.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, File, Form, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope, Send

from independence.errors import ConfigError, ExportError
from independence.report.html import template_environment
from independence.warehouse import default_db_path
from independence.web.guards import BASE_HEADERS, PAGE_POLICY, BodySizeLimit, RateLimit
from independence.web.jobs import deleted_space, imported_space, public_message, unmapped_labels
from independence.web.spaces import (
    SPACE_MARKER,
    Space,
    created_space,
    every_space,
    found_space,
    loaded_space,
    new_token,
    updated_space,
)

log = logging.getLogger("independence.web")
STATIC_DIR = Path(__file__).resolve().parents[2] / "reports"
STATIC_FILES = {"web.css": "text/css", "upload.js": "text/javascript"}
REPORT_POLICY = re.compile(rb'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
LEVELS = {5: "best (like 'rad')", 4: "good", 3: "middling", 2: "bad", 1: "worst (like 'awful')"}
APPS = [
    ("Daylio", "More → Export entries → CSV, or Backup & restore → the .daylio backup file."),
    ("Bearable", "Settings → Export data → CSV."),
    ("How We Feel", "Settings → Your data → Export → CSV."),
    ("Pixels", "Settings → Export → JSON."),
    ("Moodistory", "Settings → Export data → JSON."),
    ("Apple Health (State of Mind)", "Health → your picture → Export All Health Data; upload export.xml from it."),
    ("Day One", "Settings → Export → JSON (the ZIP as it is)."),
    ("Journey", "Settings → Export / Backup → ZIP or JSON."),
    ("Obsidian", "The Mood Tracker plugin's JSON, or a daily note with a mood in its front matter."),
    ("Weekly check-ins", "A CSV of dates and the six sign ratings (see the README's template)."),
]


@dataclass(frozen=True)
class WebSettings:
    """Where the upload page keeps things, and its limits."""

    db_path: Path = field(default_factory=default_db_path)
    spaces_dir: Path = Path("data/spaces")
    reports_dir: Path = Path("data/reports")
    max_upload_bytes: int = 50 * 1024 * 1024
    uploads_per_hour: int = 20
    misses_per_hour: int = 120
    space_days: int = 30
    workers: int = 2
    weeks: int = 26
    use_prefect: bool = False


def settings_from_environment(**overrides: object) -> WebSettings:
    """Return settings from INDEPENDENCE_* variables (MAX_UPLOAD_MB, UPLOADS_PER_HOUR, SPACE_DAYS), then overrides."""
    values: dict[str, object] = {}
    if os.environ.get("INDEPENDENCE_MAX_UPLOAD_MB"):
        values["max_upload_bytes"] = int(float(os.environ["INDEPENDENCE_MAX_UPLOAD_MB"]) * 1024 * 1024)
    if os.environ.get("INDEPENDENCE_UPLOADS_PER_HOUR"):
        values["uploads_per_hour"] = int(os.environ["INDEPENDENCE_UPLOADS_PER_HOUR"])
    if os.environ.get("INDEPENDENCE_SPACE_DAYS"):
        values["space_days"] = int(os.environ["INDEPENDENCE_SPACE_DAYS"])
    return WebSettings(**(values | {k: v for k, v in overrides.items() if v is not None}))


def page(request: Request, template: str, status: int = 200, **context: object) -> HTMLResponse:
    """Return a server-rendered page with the site's security headers."""
    html = template_environment().get_template(f"web/{template}.html.j2").render(request=request, **context)
    return HTMLResponse(html, status_code=status, headers=BASE_HEADERS | {"Content-Security-Policy": PAGE_POLICY})


def error_page(request: Request, status: int, title: str, message: str, **context: object) -> HTMLResponse:
    """Return the page for an error: what happened and what to do, never a stack trace."""
    return page(request, "error", status, title=title, message=message, **context)


def moods_page(request: Request, space: Space, token: str, problem: str | None = None) -> HTMLResponse:
    """Return the form asking a level for each of the space's unmapped mood labels (400 with a problem)."""
    extra = {"problem": problem} if problem else {}
    labels = list(space.unmapped)
    return page(
        request, "moods", 400 if problem else 200, space=space, token=token, levels=LEVELS, labels=labels, **extra
    )


def client_of(request: Request) -> str:
    """Return the client address the limits count against."""
    return request.client.host if request.client else "unknown"


def create_app(settings: WebSettings | None = None) -> FastAPI:
    """Return the upload page's application; its background jobs stop with it."""
    settings = settings or settings_from_environment()
    settings.spaces_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    uploads = RateLimit(settings.uploads_per_hour, 3600)
    misses = RateLimit(settings.misses_per_hour, 3600)
    executor = ThreadPoolExecutor(max_workers=settings.workers, thread_name_prefix="upload")

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        for space in every_space(settings.spaces_dir):  # imports a stopped server left unfinished
            if space.status in ("queued", "working") and space.upload_path.exists():
                executor.submit(run_import, space.folder)
        yield
        executor.shutdown(wait=True)

    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)

    def run_import(folder: Path) -> None:
        """Import a queued space (as a Prefect flow run when an API is configured)."""
        space = loaded_space(folder)
        if space is None:
            return
        if settings.use_prefect:
            from flows.upload import upload_report

            upload_report(str(folder), str(settings.db_path), settings.weeks, return_state=True)
        else:
            imported_space(space, settings.db_path, settings.weeks)
        ended = loaded_space(folder)
        log.info("upload %s: %s", ended.user if ended else "deleted", ended.status if ended else "-")

    async def too_large(scope: Scope, send: Send) -> None:
        request = Request(scope)
        limit = settings.max_upload_bytes // (1024 * 1024)
        response = error_page(
            request, 413, "That file is too large", f"Uploads can be at most {limit} MB. Nothing was stored."
        )
        await response(scope, None, send)

    app.add_middleware(BodySizeLimit, limit=settings.max_upload_bytes, on_too_large=too_large)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> HTMLResponse:
        if error.status_code == 404:
            return not_found(request)
        return error_page(request, error.status_code, "That did not work", str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, _error: RequestValidationError) -> HTMLResponse:
        return error_page(request, 400, "Something is missing", "Choose an export file to upload, then send it.")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> HTMLResponse:
        log.error("unexpected %s on %s %s", type(error).__name__, request.method, request.url.path)
        return error_page(request, 500, "Something went wrong", "Please try again. Nothing of yours was lost.")

    def not_found(request: Request) -> HTMLResponse:
        allowed, wait = misses.allowed(client_of(request))
        if not allowed:
            return error_page(request, 429, "Too many tries", f"Wait {wait} s before trying another link.")
        return error_page(
            request, 404, "Nothing here", "This link shows nothing: it is wrong, expired, or its data was deleted."
        )

    def live_space(token: str) -> Space | None:
        return found_space(settings.spaces_dir, token)

    @app.get("/static/{name}")
    def static(name: str) -> Response:
        if name not in STATIC_FILES:
            raise StarletteHTTPException(404)
        content = (STATIC_DIR / name).read_bytes()
        return Response(content, media_type=STATIC_FILES[name], headers=BASE_HEADERS | {"Cache-Control": "no-cache"})

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request) -> HTMLResponse:
        limit = settings.max_upload_bytes // (1024 * 1024)
        return page(request, "home", apps=APPS, limit_mb=limit, days=settings.space_days)

    @app.post("/upload")
    def upload(
        request: Request,
        file: UploadFile = File(...),
        moods: str = Form(""),
        keep: bool = Form(False),
    ) -> Response:
        allowed, wait = uploads.allowed(client_of(request))
        if not allowed:
            return error_page(request, 429, "Too many uploads", f"Wait {wait} s before the next upload.")
        incoming = Path(tempfile.mkdtemp(prefix="incoming-", dir=settings.spaces_dir))
        try:
            return accepted_upload(request, file, moods, keep, incoming)
        finally:
            shutil.rmtree(incoming, ignore_errors=True)

    def accepted_upload(request: Request, file: UploadFile, moods: str, keep: bool, incoming: Path) -> Response:
        upload_path, moods_path = incoming / "upload", incoming / "moods.toml"
        with upload_path.open("wb") as target:
            shutil.copyfileobj(file.file, target, length=1024 * 1024)
        if upload_path.stat().st_size == 0:
            return error_page(request, 400, "That file is empty", "The file has no bytes at all. Export again.")
        if moods.strip():
            moods_path.write_text(moods, encoding="utf-8")
        try:
            unmapped = unmapped_labels(upload_path, moods_path if moods.strip() else None)
        except ExportError as error:
            message = public_message(error, {upload_path: "your file"})
            return error_page(request, 400, "This file cannot be read", message, apps=APPS)
        except ConfigError as error:
            message = public_message(error, {moods_path: "The mood map"})
            return error_page(request, 400, "The mood map has a problem", message)
        token = new_token()
        space = created_space(settings.spaces_dir, token, file.filename or "", keep, settings.space_days)
        upload_path.replace(space.upload_path)
        if moods.strip():
            moods_path.replace(space.moods_path)
        if unmapped:
            updated_space(space, status="needs_moods", unmapped=unmapped)
        else:
            executor.submit(run_import, space.folder)
        return RedirectResponse(f"/r/{token}", status_code=303, headers=BASE_HEADERS)

    @app.get("/r/{token}")
    def space_page(request: Request, token: str) -> Response:
        space = live_space(token)
        if space is None:
            return not_found(request)
        if space.status in ("queued", "working"):
            return page(request, "progress", space=space)
        if space.status == "needs_moods":
            return moods_page(request, space, token)
        if space.status == "failed":
            return error_page(
                request,
                422,
                "Your file could not be imported",
                space.error or "",
                token=token,
                apps=APPS,
            )
        return report_response(space, token)

    def report_response(space: Space, token: str) -> Response:
        content = space.report_path.read_bytes().replace(SPACE_MARKER.encode(), f"/r/{token}".encode())
        policy = REPORT_POLICY.search(content)
        headers = BASE_HEADERS | {
            "Content-Security-Policy": (html.unescape(policy.group(1).decode()) if policy else PAGE_POLICY)
            + "; frame-ancestors 'none'"
        }
        return HTMLResponse(content, headers=headers)

    @app.post("/r/{token}/moods")
    async def mapped_moods(request: Request, token: str) -> Response:
        space = live_space(token)
        if space is None:
            return not_found(request)
        if space.status != "needs_moods":
            return RedirectResponse(f"/r/{token}", status_code=303, headers=BASE_HEADERS)
        form = await request.form()
        labels = list(space.unmapped)
        chosen = {label: form.get(f"mood-{number}") for number, label in enumerate(labels)}
        missing = [label for label, value in chosen.items() if value not in {str(level) for level in LEVELS}]
        if missing:
            return moods_page(request, space, token, f"Choose a level for every mood: {len(missing)} still open.")
        existing = space.moods_path.read_text(encoding="utf-8") if space.moods_path.exists() else ""
        lines = [f"{json.dumps(label, ensure_ascii=False)} = {chosen[label]}" for label in labels]
        space.moods_path.write_text(existing.rstrip() + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
        updated_space(space, status="queued", step="received", unmapped={})
        executor.submit(run_import, space.folder)
        return RedirectResponse(f"/r/{token}", status_code=303, headers=BASE_HEADERS)

    @app.get("/r/{token}/delete")
    def confirm_delete(request: Request, token: str) -> Response:
        space = live_space(token)
        if space is None:
            return not_found(request)
        return page(request, "delete", space=space, token=token)

    @app.post("/r/{token}/delete")
    def delete(request: Request, token: str) -> Response:
        space = live_space(token)
        if space is None:
            return not_found(request)
        if space.status in ("queued", "working"):
            return error_page(
                request, 409, "Still importing", "Wait until the report is ready, then delete.", token=token
            )
        entries = deleted_space(space, settings.db_path, settings.reports_dir)
        return page(request, "deleted", entries=entries)

    return app
