"""The upload page end to end in a real browser (Debian chromium via Playwright) against a live server."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.publish.report.conftest import CHROMIUM
from tests.publish.report.test_browser import ALL_CHARTS_DRAWN, ARTIFACTS, MARKS, watched
from tests.web.conftest import DAYLIO, MOODS

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian chromium is not installed (apt-get install chromium); .ci/run installs it"
)


def watched_page(browser, base_url: str, width: int = 1100):
    """Return a page that records console errors, dialogs, and every request to a host other than the app."""
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    own = urlparse(base_url).netloc
    return page, watched(page, lambda url: urlparse(url).netloc != own)


def report_drawn(page) -> None:
    """Wait through the progress page (no script may run there) until the report's charts are drawn."""
    page.wait_for_selector(".chart", timeout=90_000)
    page.wait_for_function(ALL_CHARTS_DRAWN, timeout=30_000)


def test_upload_the_sample_through_the_file_input_and_get_the_report(browser, live_server):
    page, visit = watched_page(browser, live_server)
    page.goto(live_server + "/")
    assert page.get_by_role("heading", name="See how your independence is growing").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "upload-page.png", full_page=True)
    page.set_input_files("#file", str(DAYLIO))
    assert "Chosen: daylio_export" in page.locator("#chosen").inner_text()  # the script ran under the CSP
    page.locator("summary").click()
    page.fill("#moods", MOODS)
    page.get_by_role("button", name="Upload and make my report").click()
    page.wait_for_url(f"{live_server}/r/**")
    report_drawn(page)
    charts = page.eval_on_selector_all(".chart", f"nodes => nodes.map(n => n.querySelectorAll({MARKS!r}).length)")
    assert len(charts) >= 8 and all(marks > 0 for marks in charts), charts
    assert page.get_by_role("link", name="Delete my data").is_visible()
    page.screenshot(path=ARTIFACTS / "upload-report.png")
    assert visit.errors == [] and visit.requests == [] and visit.dialogs == []


def test_unmapped_moods_are_mapped_in_the_form_then_the_report_appears(browser, live_server):
    page, visit = watched_page(browser, live_server)
    page.goto(live_server + "/")
    page.set_input_files("#file", str(DAYLIO))
    page.get_by_role("button", name="Upload and make my report").click()
    page.wait_for_url(f"{live_server}/r/**")
    assert page.get_by_role("heading", name="A few moods need a level").is_visible()
    legends = page.locator("legend").all_inner_texts()
    assert [legend.split('"')[1] for legend in legends] == ["rested", "sad", "vaguely ok"]
    for fieldset, level in zip(page.locator("fieldset").all(), ("4", "2", "3"), strict=True):
        fieldset.locator(f"input[value='{level}']").check()
    page.get_by_role("button", name="Continue the import").click()
    report_drawn(page)
    assert page.get_by_role("heading", name="Your independence report").is_visible()

    page.get_by_role("link", name="Delete my data").click()
    page.get_by_role("button", name="Yes, delete my data").click()
    assert page.get_by_role("heading", name="Your data is deleted").is_visible()
    assert visit.errors == [] and visit.requests == [] and visit.dialogs == []
