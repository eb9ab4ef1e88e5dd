"""GET /r/{token}: the space's progress (refreshing itself), its mood form, its error, the "Your words" step after
the first file, or its report."""

from __future__ import annotations

import html
import re

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from independence.pipelines.spaces import SPACE_MARKER, Space, found_space
from independence.web.guards import BASE_HEADERS, PAGE_POLICY
from independence.web.pages import APPS, error_page, moods_page, not_found, page
from independence.web.state import web_state
from independence.web.views.words import words_form

NOTICE_MARKER = b"<!--space-notice-->"  # where the report written for a space takes the space's notice
REPORT_POLICY = re.compile(rb'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def space_page(request: Request, token: str) -> Response:
    """Return what the space shows now."""
    space = found_space(web_state(request).settings.spaces_dir, token)
    if space is None:
        return not_found(request)
    if space.status in ("queued", "working"):
        return page(request, "progress", space=space)
    if space.status == "needs_moods":
        return moods_page(request, space, token)
    if space.status == "failed":
        message = space.error or ""
        return error_page(request, 422, "Your file could not be imported", message, token=token, apps=APPS)
    if space.asks_for_words:
        return words_form(request, space, token, first=True)
    return report_response(space, token)


def report_response(space: Space, token: str) -> HTMLResponse:
    """Return the space's report with its own script policy as a header, and its links pointing at the space."""
    content = space.report_path.read_bytes().replace(SPACE_MARKER.encode(), f"/r/{token}".encode())
    if space.notice:
        notice = f'<p class="space-notice" role="alert">{html.escape(space.notice)}</p>'
        content = content.replace(NOTICE_MARKER, notice.encode(), 1)
    policy = REPORT_POLICY.search(content)
    headers = BASE_HEADERS | {
        "Content-Security-Policy": (html.unescape(policy.group(1).decode()) if policy else PAGE_POLICY)
        + "; frame-ancestors 'none'"
    }
    return HTMLResponse(content, headers=headers)
