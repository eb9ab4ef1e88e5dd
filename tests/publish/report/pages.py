"""Reports as a person sees them: opened in Chromium and watched for errors and outside requests, or parsed."""

from __future__ import annotations

import html.parser
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import REPO

ARTIFACTS = REPO / "test-artifacts"


MARKS = "svg .mark-symbol path, svg .mark-rect path, svg .mark-line path, svg .mark-area path, svg .mark-rule line"


ALL_CHARTS_DRAWN = (
    "document.querySelectorAll('.chart').length > 0 && "
    "document.querySelectorAll('.chart').length === document.querySelectorAll('.chart[data-rendered]').length"
)


@dataclass
class Visit:
    """What happened while a page was open: console errors, requests beyond the file, dialogs."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def watched(page, outside) -> Visit:
    """Record the page's console errors and dialogs, and abort and record every request `outside(url)` flags."""
    visit = Visit()
    page.on("console", lambda message: message.type == "error" and visit.errors.append(message.text))
    page.on("pageerror", lambda error: visit.errors.append(str(error)))
    page.on("dialog", lambda dialog: (visit.dialogs.append(dialog.message), dialog.dismiss()))

    def blocked(route):
        visit.requests.append(route.request.url)
        route.abort()

    page.route(outside, blocked)
    return visit


def opened(browser, report: Path, width: int = 1100):
    """Return a page showing the report with every chart drawn, and what it tried to do."""
    page = browser.new_context(viewport={"width": width, "height": 900}, offline=True).new_page()
    visit = watched(page, lambda url: not url.startswith("file://"))
    page.on("request", lambda request: request.url != report.as_uri() and visit.requests.append(request.url))
    page.goto(report.as_uri())
    page.wait_for_function(ALL_CHARTS_DRAWN, timeout=30_000)
    return page, visit


class Elements(html.parser.HTMLParser):
    """Collect every start tag with its attributes, and the text of every <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def parsed(page: str) -> Elements:
    elements = Elements()
    elements.feed(page)
    return elements
