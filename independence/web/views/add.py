"""GET /r/{token}/add: the files of a space so far (each with its counts and rejects) and a form to add one."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from independence.pipelines.spaces import found_space
from independence.web.guards import BASE_HEADERS
from independence.web.pages import APPS, not_found, page
from independence.web.state import web_state


def add_page(request: Request, token: str) -> Response:
    """Return the space's files and the form that adds one more (the space's page while it is busy)."""
    settings = web_state(request).settings
    space = found_space(settings.spaces_dir, token)
    if space is None:
        return not_found(request)
    if space.busy:
        return RedirectResponse(f"/r/{token}", status_code=303, headers=BASE_HEADERS)
    limit = settings.max_upload_bytes // (1024 * 1024)
    return page(request, "add", space=space, token=token, apps=APPS, limit_mb=limit)
