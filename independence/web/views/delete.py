"""GET /r/{token}/delete (confirm) and POST /r/{token}/delete: everything of the space is deleted."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from independence.pipelines.spaces import found_space
from independence.pipelines.uploads import deleted_space
from independence.web.pages import error_page, not_found, page
from independence.web.state import web_state


def confirm_delete(request: Request, token: str) -> Response:
    """Return the confirmation page."""
    space = found_space(web_state(request).settings.spaces_dir, token)
    if space is None:
        return not_found(request)
    return page(request, "delete", space=space, token=token)


def delete(request: Request, token: str) -> Response:
    """Delete the space's rows, reports and files, or say to wait while its import runs."""
    settings = web_state(request).settings
    space = found_space(settings.spaces_dir, token)
    if space is None:
        return not_found(request)
    if space.status in ("queued", "working"):
        message = "Wait until the report is ready, then delete."
        return error_page(request, 409, "Still importing", message, token=token, back="See how it is going")
    entries = deleted_space(space, settings.db_path, settings.reports_dir)
    return page(request, "deleted", entries=entries)
