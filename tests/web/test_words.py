"""The upload page's "Your words": after the first file the person says what their tags mean, the report changes.

A synthetic person tags time with their partner in their own words ("Sasha time") and time alone with
"alone": until they say what "Sasha time" means, apart and together cannot be compared.
"""

from __future__ import annotations

import re
import time

import pytest

from tests.conftest import FIXTURES
from tests.publish.report.conftest import CHROMIUM
from tests.publish.report.pages import ARTIFACTS
from tests.web.conftest import settled, uploaded
from tests.web.pages import report_drawn, watched_page

OWN_WORDS = FIXTURES / "daylio" / "own_words.csv"  # 90 days; the last row is deliberately broken


def own_words_export() -> bytes:
    """Return a Daylio CSV: evenings 'Sasha time' (good) or 'alone' (meh), mornings 'work', one row broken."""
    return OWN_WORDS.read_bytes()


def waited(client, location: str, seconds: float = 90):
    """Return the space page once its words are applied (it shows the progress page meanwhile)."""
    time.sleep(0.3)
    return settled(client, location, seconds)


def test_the_first_file_asks_what_the_tags_mean_and_an_answer_rebuilds_the_report(client):
    response = uploaded(client, own_words_export(), name="daylio_export.csv")
    location = response.headers["location"]
    page = settled(client, location)
    assert "what do your tags mean?" in page.text and "Sasha time" in page.text
    assert "names someone: if that is your partner" in page.text  # the honest suggestion, not applied
    options = re.findall(r'<select id="tag-(\d+)" name="tag-\d+"', page.text)
    tags = re.findall(r'<strong class="tag">([^<]+)</strong>', page.text)
    assert tags[: len(options)] == tags and set(tags) == {"work", "Sasha time", "alone"}
    sasha = tags.index("Sasha time")
    answer = client.post(f"{location}/words", data={f"tag-{sasha}": "with_partner"}, follow_redirects=False)
    assert answer.status_code == 303
    report = waited(client, location)
    assert "Apart from your partner your mood averaged" in report.text  # together and apart now compared
    assert "together 4.4" in report.text.replace("\n", " ") or "together 4.5" in report.text.replace("\n", " ")
    words = client.get(f"{location}/words")
    assert "What your tags mean" in words.text and 'value="with_partner" selected' in words.text


def test_skipping_shows_the_report_as_it_is_and_the_words_page_stays_reachable(client):
    location = uploaded(client, own_words_export()).headers["location"]
    settled(client, location)
    client.post(f"{location}/words", data={"skip": "1"}, follow_redirects=False)
    report = client.get(location)
    assert "Your export speaks to" in report.text and "cannot be compared yet" in report.text
    assert f'href="{location}/words"' in report.text  # the report links to the words page


def test_a_tampered_form_changes_nothing_it_did_not_offer(client):
    location = uploaded(client, own_words_export()).headers["location"]
    settled(client, location)
    answer = client.post(
        f"{location}/words", data={"tag-99": "conflict", "tag-0": "<script>", "partner": ""}, follow_redirects=False
    )
    assert answer.status_code == 303
    assert "cannot be compared yet" in client.get(location).text  # nothing applied; the step is done


pytestmark_browser = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed")


@pytestmark_browser
def test_map_a_tag_in_the_browser_with_the_keyboard_at_390px_and_the_together_figures_change(
    browser, live_server, tmp_path
):
    export = tmp_path / "daylio_export_own_words.csv"
    export.write_bytes(own_words_export())
    page, visit = watched_page(browser, live_server, width=390)
    page.goto(live_server + "/")
    page.set_input_files("#file", str(export))
    page.get_by_role("button", name="Upload and make my report").click()
    page.wait_for_url(f"{live_server}/r/**")
    page.get_by_role("heading", name="Your report is ready. First: what do your tags mean?").wait_for(timeout=90_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "words-page-phone.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    sasha = page.get_by_label("Sasha time")
    sasha.focus()
    page.keyboard.press("Home")  # the first choice is "time with my partner"
    assert sasha.input_value() == "with_partner"
    page.keyboard.press("Tab")
    while page.evaluate("document.activeElement.textContent") != "Save and show my report":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    report_drawn(page)
    apart = page.locator("#apart").inner_text()
    assert "Apart from your partner your mood averaged" in apart and "together" in apart
    assert page.get_by_role("link", name="What your tags mean", exact=True).is_visible()
    page.screenshot(path=ARTIFACTS / "words-report-phone.png")
    assert visit.errors == [] and visit.requests == [] and visit.dialogs == []
