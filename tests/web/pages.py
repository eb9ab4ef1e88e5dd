"""Upload pages opened in Chromium against a live server."""

from __future__ import annotations

from urllib.parse import urlparse

from tests.publish.report.pages import ALL_CHARTS_DRAWN, watched


def watched_page(browser, base_url: str, width: int = 1100):
    """Return a page that records console errors, dialogs, and every request to a host other than the app."""
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    own = urlparse(base_url).netloc
    return page, watched(page, lambda url: urlparse(url).netloc != own)


def report_drawn(page) -> None:
    """Wait through the progress page (no script may run there) until the report's charts are drawn."""
    page.wait_for_selector(".chart", timeout=90_000)
    page.wait_for_function(ALL_CHARTS_DRAWN, timeout=30_000)
