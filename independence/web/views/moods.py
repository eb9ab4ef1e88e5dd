"""POST /r/{token}/moods: the levels chosen for the upload's unknown mood labels; the import continues."""

from __future__ import annotations

import json

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from independence.pipelines.spaces import found_space, updated_space
from independence.web.guards import BASE_HEADERS
from independence.web.pages import LEVELS, moods_page, not_found
from independence.web.state import web_state


async def mapped_moods(request: Request, token: str) -> Response:
    """Store a level for every unmapped label and queue the import again, or ask again for the missing ones."""
    state = web_state(request)
    space = found_space(state.settings.spaces_dir, token)
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
    state.queued_import(space.folder)
    return RedirectResponse(f"/r/{token}", status_code=303, headers=BASE_HEADERS)
