"""Server-rendered pages of the upload page: every answer is a page with the site's security headers."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from independence.pipelines.spaces import Space, found_space
from independence.publish.report.html import template_environment
from independence.web.guards import BASE_HEADERS, PAGE_POLICY
from independence.web.state import web_state

LEVELS = {5: "best (like 'rad')", 4: "good", 3: "middling", 2: "bad", 1: "worst (like 'awful')"}
# (app, how to export it, a link for it or None): each hint names the export the page reads verified.
APPS = [
    ("Daylio", "More → Export entries → CSV, or Backup & restore → the .daylio backup file.", None),
    ("Bearable", "Settings → Export data → CSV.", None),
    ("How We Feel", "Settings → Your data → Export → CSV.", None),
    ("iMoodJournal", "The app's CSV export, exactly as the app wrote it.", None),
    ("Pixels", "Settings → Export → JSON (the PIXELS-BACKUP file).", None),
    ("Moodistory", "Settings → Export data → JSON.", None),
    (
        "Apple Health (State of Mind)",
        "With the Health Auto Export app: choose State of Mind, format JSON or CSV, and upload that file. Apple's own "
        "'Export All Health Data' is read too, but it is not known to hold your moods.",
        None,
    ),
    ("Day One", "Settings → Export → JSON (the ZIP as it is).", None),
    ("Diaro", "The backup ZIP (or the DiaroBackup.xml inside it), as the app wrote it.", None),
    ("Journey", "Settings → Export / Backup → ZIP or JSON.", None),
    ("Obsidian", "The Mood Tracker plugin's JSON, or a daily note with a mood in its front matter.", None),
    (
        "Weekly check-ins",
        "Download the check-in template, add one row per week: the date and how you rate each sign from 1 to 5.",
        ("/checkin-template.csv", "Download the check-in template (CSV)"),
    ),
]


def page(request: Request, template: str, status: int = 200, **context: object) -> HTMLResponse:
    """Return a server-rendered page with the site's security headers."""
    html = template_environment().get_template(f"web/{template}.html.j2").render(request=request, **context)
    return HTMLResponse(html, status_code=status, headers=BASE_HEADERS | {"Content-Security-Policy": PAGE_POLICY})


def error_page(request: Request, status: int, title: str, message: str, **context: object) -> HTMLResponse:
    """Return the page for an error: what happened and what to do, never a stack trace."""
    return page(request, "error", status, title=title, message=message, **context)


def client_of(request: Request) -> str:
    """Return the client address the limits count against."""
    return request.client.host if request.client else "unknown"


def not_found(request: Request) -> HTMLResponse:
    """Return the 404 page for a wrong, expired or deleted link; repeated misses from one client get 429."""
    allowed, wait = web_state(request).misses.allowed(client_of(request))
    if not allowed:
        return error_page(request, 429, "Too many tries", f"Wait {wait} s before trying another link.")
    return error_page(
        request, 404, "Nothing here", "This link shows nothing: it is wrong, expired, or its data was deleted."
    )


def moods_page(request: Request, space: Space, token: str, problem: str | None = None) -> HTMLResponse:
    """Return the form asking a level for each of the space's unmapped mood labels (400 with a problem)."""
    extra = {"problem": problem} if problem else {}
    labels = list(space.unmapped)
    return page(
        request, "moods", 400 if problem else 200, space=space, token=token, levels=LEVELS, labels=labels, **extra
    )


def space_with_report(request: Request, token: str) -> Space | Response:
    """Return the token's space when it has a report and nothing of it is under way; else the answer to give
    instead (the 404 page, or 303 to the space's page, which shows its progress)."""
    space = found_space(web_state(request).settings.spaces_dir, token)
    if space is None:
        return not_found(request)
    if space.busy or not space.report_path.exists():
        return RedirectResponse(f"/r/{token}", status_code=303, headers=BASE_HEADERS)
    return space
