"""The upload page end to end in a real browser (Debian chromium via Playwright) against a live server."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.publish.report.conftest import CHROMIUM
from tests.publish.report.pages import ARTIFACTS, MARKS
from tests.web.conftest import DAYLIO, MOODS
from tests.web.pages import report_drawn, watched_page

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian chromium is not installed (apt-get install chromium); .ci/run installs it"
)


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


def test_an_export_then_check_ins_in_one_space_then_a_later_export_then_delete_everything(
    browser, live_server, settings, tmp_path
):
    from tests.web.conftest import user_rows
    from tests.web.spaces import CHECKINS, glance_sources, later_export, space_of

    page, visit = watched_page(browser, live_server)
    page.goto(live_server + "/")
    page.set_input_files("#file", str(DAYLIO))
    page.locator("summary").click()
    page.fill("#moods", MOODS)
    page.get_by_role("button", name="Upload and make my report").click()
    report_drawn(page)
    location = urlparse(page.url).path

    page.get_by_role("link", name="Add an export or check-ins").click()
    assert page.get_by_role("heading", name="Add a file to your report").is_visible()
    assert page.get_by_role("link", name="Download the check-in template (CSV)").is_visible()
    page.set_input_files("#file", str(CHECKINS))
    page.get_by_role("button", name="Add it to my report").click()
    report_drawn(page)
    assert glance_sources(page.content()) == ["Your entries", "Your check-ins"]
    heads = page.locator("table.glance thead th").all_inner_texts()
    assert heads[1:] == ["Your entries", "Your check-ins"], "both series side by side"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "space-two-files.png")

    later, newer = later_export()
    (tmp_path / "daylio_export_2026_11_05.csv").write_bytes(later)
    page.get_by_role("link", name="Add an export or check-ins").click()
    page.set_input_files("#file", str(tmp_path / "daylio_export_2026_11_05.csv"))
    page.get_by_role("button", name="Add it to my report").click()
    report_drawn(page)
    page.get_by_role("link", name="Add an export or check-ins").click()
    files = page.locator("ul.imports > li").all_inner_texts()
    assert len(files) == 3 and f"{newer} new entries" in files[2] and "already here" in files[2], files
    page.screenshot(path=ARTIFACTS / "space-files.png", full_page=True)
    user = space_of(settings, location).user

    page.goto(f"{live_server}{location}")
    page.get_by_role("link", name="Delete my data").click()
    page.get_by_role("button", name="Yes, delete my data").click()
    assert page.get_by_role("heading", name="Your data is deleted").is_visible()
    assert all(count == 0 for count in user_rows(settings.db_path, user).values())
    assert [p for p in settings.spaces_dir.iterdir()] == []
    assert visit.errors == [] and visit.requests == [] and visit.dialogs == []
