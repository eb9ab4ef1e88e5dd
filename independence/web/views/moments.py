"""GET /r/{token}/moments: the moments the person marked, a form to mark one and a button to remove each;
POST: the change is applied (the report written again) in the background."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from independence.analysis.moments import MOMENT_WEEKS
from independence.errors import InsightsError
from independence.pipelines.moments import MAX_WORDS
from independence.pipelines.space_moments import moment_change
from independence.pipelines.spaces import Space, updated_space
from independence.web.guards import BASE_HEADERS
from independence.web.pages import page, space_with_report
from independence.web.state import web_state


def moments_form(request: Request, space: Space, token: str, problem: str | None = None, form: dict | None = None):
    """Return the moments page, with what was wrong with the last try (400) when there was something."""
    return page(
        request,
        "moments",
        400 if problem else 200,
        space=space,
        token=token,
        problem=problem,
        form=form or {},
        weeks=MOMENT_WEEKS,
        max_words=MAX_WORDS,
    )


def moments_page(request: Request, token: str) -> Response:
    """Return the moments page of a space that has a report (its progress while it is busy)."""
    space = space_with_report(request, token)
    if not isinstance(space, Space):
        return space
    return moments_form(request, space, token)


async def saved_moment_change(request: Request, token: str) -> Response:
    """Queue a moment to mark or remove and 303 to the space; a date or words that cannot be a moment get the form
    back saying why."""
    space = space_with_report(request, token)
    if not isinstance(space, Space):
        return space
    state = web_state(request)
    form = {key: str(value) for key, value in (await request.form()).items()}
    try:
        change = moment_change(space, form)
    except InsightsError as error:
        return moments_form(request, space, token, str(error).removeprefix("moment "), form)
    updated_space(space, status="queued", step="received your moment", pending_moment=change)
    state.queued_import(space.folder)
    return RedirectResponse(f"/r/{token}", status_code=303, headers=BASE_HEADERS)
