"""GET /r/{token}/words: the person's most used tags and what each means, with a choice in plain words for each;
POST: the choices are applied (that person rebuilt, the report written again) in the background."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from independence.analysis.own_words import PLAIN_WORDS
from independence.pipelines.space_words import NOTHING, chosen_words
from independence.pipelines.spaces import Space, updated_space
from independence.web.guards import BASE_HEADERS
from independence.web.pages import page, space_with_report
from independence.web.state import web_state

CHOICES = [(signal or NOTHING, words) for signal, words in PLAIN_WORDS.items()]


def words_form(request: Request, space: Space, token: str, first: bool = False) -> Response:
    """Return the "Your words" page: each of the shown tags with its meaning now and a choice; `first` when it
    comes before the first report (with a way to skip it)."""
    return page(
        request, "words", space=space, token=token, choices=CHOICES, meanings=PLAIN_WORDS, nothing=NOTHING, first=first
    )


def words_page(request: Request, token: str) -> Response:
    """Return the words page of a space that has a report (its progress while it is busy)."""
    space = space_with_report(request, token)
    if not isinstance(space, Space):
        return space
    return words_form(request, space, token, first=space.asks_for_words)


async def saved_words(request: Request, token: str) -> Response:
    """Queue the person's choices (or, when they skip, show the report as it is); 303 to the space either way."""
    space = space_with_report(request, token)
    if not isinstance(space, Space):
        return space
    state = web_state(request)
    form = await request.form()
    chosen = chosen_words(space, {key: str(value) for key, value in form.items()})
    if form.get("skip") or not (chosen["mapped"] or chosen["partners"]):
        updated_space(space, words_seen=True)
    else:
        updated_space(space, status="queued", step="received your words", pending_words=chosen)
        state.queued_import(space.folder)
    return RedirectResponse(f"/r/{token}", status_code=303, headers=BASE_HEADERS)
