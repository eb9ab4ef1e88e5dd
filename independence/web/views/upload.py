"""POST /upload (a new private space) and POST /r/{token}/add (one more file into a space): check the file
by its content, move it into the space, queue its import (303 to the space)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from fastapi import File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from independence.errors import ConfigError, ExportError
from independence.pipelines.spaces import Space, created_space, found_space, new_token, updated_space
from independence.pipelines.uploads import checked_upload, public_message
from independence.web.guards import BASE_HEADERS
from independence.web.pages import APPS, client_of, error_page, not_found
from independence.web.state import WebState, web_state


def upload(request: Request, file: UploadFile = File(...), moods: str = Form(""), keep: bool = Form(False)) -> Response:
    """Accept a first export (and an optional mood map) into a new space, or answer with what is wrong."""
    return _received(request, None, file, moods, keep)


def added(
    request: Request, token: str, file: UploadFile = File(...), moods: str = Form(""), keep: bool = Form(False)
) -> Response:
    """Accept one more file into an existing space; its report is then rebuilt from every file."""
    space = found_space(web_state(request).settings.spaces_dir, token)
    if space is None:
        return not_found(request)
    if space.busy:
        message = "Your last file is still being imported. Wait for the report, then add the next one."
        return error_page(request, 409, "Still importing", message, token=token, back="See how it is going")
    return _received(request, (token, space), file, moods, keep)


def _received(
    request: Request, existing: tuple[str, Space] | None, file: UploadFile, moods: str, keep: bool
) -> Response:
    """Check the upload in an incoming folder (removed afterwards), within the upload rate limit."""
    state = web_state(request)
    allowed, wait = state.uploads.allowed(client_of(request))
    if not allowed:
        return error_page(request, 429, "Too many uploads", f"Wait {wait} seconds before the next upload.")
    incoming = Path(tempfile.mkdtemp(prefix="incoming-", dir=state.settings.spaces_dir))
    try:
        return _accepted(request, state, existing, file, moods, keep, incoming)
    finally:
        shutil.rmtree(incoming, ignore_errors=True)


def _accepted(
    request: Request,
    state: WebState,
    existing: tuple[str, Space] | None,
    file: UploadFile,
    moods: str,
    keep: bool,
    incoming: Path,
) -> Response:
    """Check the upload; on success move it into its space (a new one, or the existing) and queue its import."""
    upload_path, moods_path = incoming / "upload", incoming / "moods.toml"
    back = {"token": existing[0]} if existing else {}
    if existing and existing[1].report_path.exists():
        back["back"] = "Back to my report"
    with upload_path.open("wb") as target:
        shutil.copyfileobj(file.file, target, length=1024 * 1024)
    if upload_path.stat().st_size == 0:
        return error_page(
            request, 400, "That file is empty", "The file has no content at all. Export again from your app.", **back
        )
    if existing and existing[1].moods_path.exists():  # the space's mood map counts for every later file too
        shutil.copyfile(existing[1].moods_path, moods_path)
    if moods.strip():
        with moods_path.open("a", encoding="utf-8") as target:
            target.write("\n" + moods + "\n")
    mapped = moods_path if moods_path.exists() else None
    try:
        with state.checks:
            unmapped = checked_upload(
                upload_path,
                mapped,
                state.settings.upload_memory_mb,
                state.settings.upload_seconds,
                state.workers,
                file.filename or "",
            )
    except ExportError as error:
        message = public_message(error, {upload_path: "your file"})
        return error_page(request, 400, "This file cannot be read", message, apps=APPS, **back)
    except ConfigError as error:
        message = public_message(error, {moods_path: "The mood map"})
        return error_page(request, 400, "The mood map has a problem", message, **back)
    settings = state.settings
    if existing:
        token, space = existing
        space = updated_space(space, status="queued", step="received", file_name=file.filename or "", keep_upload=keep)
    else:
        token = new_token()
        space = created_space(settings.spaces_dir, token, file.filename or "", keep, settings.space_days)
    upload_path.replace(space.upload_path)
    if mapped:
        moods_path.replace(space.moods_path)
    if unmapped:
        updated_space(space, status="needs_moods", unmapped=unmapped)
    else:
        state.queued_import(space.folder)
    return RedirectResponse(f"/r/{token}", status_code=303, headers=BASE_HEADERS)
