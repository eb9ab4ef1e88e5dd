"""POST /upload: check the file by its content, open a private space, queue the import (303 to the space)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from fastapi import File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from independence.errors import ConfigError, ExportError
from independence.pipelines.spaces import created_space, new_token, updated_space
from independence.pipelines.uploads import public_message, unmapped_labels
from independence.web.guards import BASE_HEADERS
from independence.web.pages import APPS, client_of, error_page
from independence.web.state import WebState, web_state


def upload(request: Request, file: UploadFile = File(...), moods: str = Form(""), keep: bool = Form(False)) -> Response:
    """Accept one export (and an optional mood map), or answer with the page that says what is wrong."""
    state = web_state(request)
    allowed, wait = state.uploads.allowed(client_of(request))
    if not allowed:
        return error_page(request, 429, "Too many uploads", f"Wait {wait} s before the next upload.")
    incoming = Path(tempfile.mkdtemp(prefix="incoming-", dir=state.settings.spaces_dir))
    try:
        return _accepted(request, state, file, moods, keep, incoming)
    finally:
        shutil.rmtree(incoming, ignore_errors=True)


def _accepted(request: Request, state: WebState, file: UploadFile, moods: str, keep: bool, incoming: Path) -> Response:
    """Check the upload in its incoming folder; on success move it into a new space and queue its import."""
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
    settings = state.settings
    space = created_space(settings.spaces_dir, token, file.filename or "", keep, settings.space_days)
    upload_path.replace(space.upload_path)
    if moods.strip():
        moods_path.replace(space.moods_path)
    if unmapped:
        updated_space(space, status="needs_moods", unmapped=unmapped)
    else:
        state.queued_import(space.folder)
    return RedirectResponse(f"/r/{token}", status_code=303, headers=BASE_HEADERS)
