"""The upload page's moments: a person marks a day that mattered, their report compares each sign before and after
it, they can remove it, a date that is not one is explained on the form, and deleting the space deletes them."""

from __future__ import annotations

import re
import time

import pytest

from tests.publish.report.conftest import CHROMIUM
from tests.publish.report.pages import ARTIFACTS
from tests.web.conftest import DAYLIO, MOODS, reported, settled, user_rows
from tests.web.pages import report_drawn, watched_page
from tests.web.spaces import TOKEN_PATH


def space_user(location: str) -> str:
    from independence.pipelines.spaces import space_user as user_of

    return user_of(TOKEN_PATH.fullmatch(location)[1])


def applied(client, location: str):
    """Return the space's page once the moment is applied (it shows the progress page meanwhile)."""
    time.sleep(0.3)
    return settled(client, location, 90)


def test_mark_a_moment_see_it_in_the_report_remove_it_and_delete_everything(client, settings):
    location, report = reported(client)
    if "what do your tags mean?" in report.text:
        client.post(f"{location}/words", data={"skip": "1"})
    report = client.get(location)
    assert f'href="{location}/moments"' in report.text and "Mark a moment" in report.text

    refused = client.post(f"{location}/moments", data={"date": "2026-02-31", "words": "moved in"})
    assert refused.status_code == 400 and "write the day as YYYY-MM-DD" in refused.text
    assert 'value="moved in"' in refused.text  # what they typed is kept on the form

    marked = client.post(
        f"{location}/moments",
        data={"date": "2026-05-04", "words": "moved in with <b>Quillon</b>"},
        follow_redirects=False,
    )
    assert marked.status_code == 303
    page = applied(client, location).text
    assert "Before and after your moments" in page and "moved in with &lt;b&gt;Quillon&lt;/b&gt;" in page
    assert re.search(r'<tr class="called">|none of the \d+ comparisons', page)
    listed = client.get(f"{location}/moments").text
    moment_id = re.search(r'name="remove" value="(\d+)"', listed).group(1)

    removed = client.post(f"{location}/moments", data={"remove": moment_id}, follow_redirects=False)
    assert removed.status_code == 303
    assert "Quillon" not in applied(client, location).text
    assert client.post(f"{location}/moments", data={"remove": "99"}).status_code == 400  # not theirs, nothing done

    client.post(f"{location}/moments", data={"date": "2026-05-04", "words": "moved in with Quillon"})
    applied(client, location)
    user = space_user(location)
    assert user_rows(settings.db_path, user)["user_moments"] == 1
    client.post(f"{location}/delete")
    assert user_rows(settings.db_path, user)["user_moments"] == 0
    assert b"Quillon" not in settings.db_path.read_bytes()


def test_the_moments_page_is_only_for_a_space_with_a_report(client):
    assert client.get("/r/" + "A" * 43 + "/moments").status_code == 404
    assert client.post("/r/" + "A" * 43 + "/moments", data={"date": "2026-05-04", "words": "x"}).status_code == 404


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed")
def test_mark_a_moment_in_the_browser_at_390px(browser, live_server):
    page, visit = watched_page(browser, live_server, width=390)
    page.goto(live_server + "/")
    page.set_input_files("#file", str(DAYLIO))
    page.locator("summary").click()
    page.fill("#moods", MOODS)
    page.get_by_role("button", name="Upload and make my report").click()
    page.wait_for_url(f"{live_server}/r/**")
    report_drawn(page)
    page.get_by_role("link", name="Mark a moment").click()
    page.get_by_label("Day").fill("2026-05-04")
    page.get_by_label("In your words").fill("moved in together")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "moments-page-phone.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Mark it and update my report").click()
    page.locator("#moment-1").wait_for(timeout=90_000)
    page.locator("#moments").screenshot(path=ARTIFACTS / "moments-report-phone.png")
    assert "moved in together" in page.locator("#moment-1 h3").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert visit.errors == [] and visit.requests == [] and visit.dialogs == []
