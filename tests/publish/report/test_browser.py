"""The report in a real browser (Debian chromium via Playwright), opened from file:// with the network blocked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from independence.pipelines.reports import assembled_report
from independence.warehouse import Warehouse
from tests.publish.report.conftest import CHROMIUM
from tests.publish.report.pages import ARTIFACTS, MARKS, opened

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian chromium is not installed (apt-get install chromium); .ci/run installs it"
)


VISIBLE_TEXT = """() => [document.body.innerText,
    ...[...document.querySelectorAll('svg text')].map(node => node.textContent)].join('\\n')"""
RAW_KEY = re.compile(r"\b[a-z]+_[a-z_]+\b")


def demo_report(demo_db, tmp_path) -> Path:
    with Warehouse(demo_db).reading() as con:
        return assembled_report(con, "demo", out=tmp_path / "demo.html", weeks=52).path


@pytest.mark.parametrize("width", [1280, 390])
def test_the_demo_report_answers_first_draws_every_chart_and_shows_no_keys(browser, demo_db, tmp_path, width):
    page, visit = opened(browser, demo_report(demo_db, tmp_path), width=width)
    charts = page.eval_on_selector_all(".chart", f"nodes => nodes.map(n => n.querySelectorAll({MARKS!r}).length)")
    assert len(charts) == 22 and all(marks > 0 for marks in charts), charts
    glance = page.locator("#at-a-glance").bounding_box()
    assert glance["y"] < 900, "the answer starts above the fold"
    sections = page.eval_on_selector_all("main > section", "nodes => nodes.map(n => n.id)")
    assert sections[0] == "at-a-glance"
    units = page.eval_on_selector_all(
        "article.card",
        "cards => cards.map(card => [...card.querySelectorAll('.chart')].map(chart =>"
        " [...chart.querySelectorAll('svg .role-axis-title text')].map(t => t.textContent).join(' ')))",
    )
    assert len(units) == 6
    for card in units:
        assert card and all(any(word in title for word in ("points", "share", "rating", "per")) for title in card)
    text = re.sub(r"\S+\.(csv|toml|md)\b", "", page.evaluate(VISIBLE_TEXT))
    assert RAW_KEY.findall(text) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"no horizontal scroll at {width} px"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"report-demo-{width}.png", full_page=width > 400)
    assert visit.errors == [] and visit.requests == [] and visit.dialogs == []
    page.context.close()


def test_hostile_tags_notes_moods_and_file_names_never_run(browser, hostile_db, tmp_path):
    with Warehouse(hostile_db).reading() as con:
        report = assembled_report(con, "eve", out=tmp_path / "eve.html", include_notes=True).path
    page, visit = opened(browser, report)
    # show every tooltip of the tag chart: the hostile tag names are drawn and shown in tooltips
    points = page.locator("#chart-tag_effects svg .mark-symbol path")
    assert points.count() >= 2
    tooltips = []
    for index in range(points.count()):
        points.nth(index).hover(force=True)
        page.wait_for_timeout(50)
        tooltips.append(page.locator("#vg-tooltip-element").inner_text())
    assert any("<img src=x onerror=" in text for text in tooltips), tooltips
    assert any('{"signal": "alert' in text for text in tooltips), tooltips
    labels = page.eval_on_selector_all("#chart-tag_effects svg text", "nodes => nodes.map(n => n.textContent)")
    assert any("<img src=x" in label for label in labels), labels
    injected = page.evaluate(
        """() => ({
            xss: window.__xss === undefined ? null : String(window.__xss),
            images: document.querySelectorAll('img').length,
            links: document.querySelectorAll('a[href^="javascript"]').length,
            handlers: [...document.querySelectorAll('*')]
                .filter(n => [...n.attributes].some(a => a.name.startsWith('on'))).length,
            tooltipElements: document.querySelectorAll('#vg-tooltip-element img, #vg-tooltip-element script').length,
        })"""
    )
    assert injected == {"xss": None, "images": 0, "links": 0, "handlers": 0, "tooltipElements": 0}
    assert "window.__xss='script'" in page.locator("#notes").inner_text()  # the payload is shown, never run
    assert visit.dialogs == [] and visit.errors == [] and visit.requests == []
    page.context.close()
