"""The coach's page: offline and self-contained like the personal report, drawn in a real browser."""

from __future__ import annotations

import pytest

from tests.publish.cohort.conftest import digest
from tests.publish.report.conftest import CHROMIUM
from tests.publish.report.test_browser import ARTIFACTS, opened
from tests.publish.report.test_html import parsed


def test_the_page_states_the_rules_and_k(practice, tmp_path):
    page = digest(practice.db, practice.roster, tmp_path, "robin").html_path.read_text(encoding="utf-8")
    assert "Every number is built from at least 5 clients" in page and "Differential privacy is off" in page
    elements = parsed(page)
    assert not [attrs for _, attrs in elements.tags if "src" in attrs or "href" in attrs]
    (policy,) = [a["content"] for _, a in elements.tags if a.get("http-equiv") == "Content-Security-Policy"]
    assert "connect-src 'none'" in policy and "default-src 'none'" in policy


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (apt-get install chromium)")
def test_every_chart_renders_offline_without_errors_or_requests(browser, practice, tmp_path):
    report = digest(practice.db, practice.roster, tmp_path, "robin", trajectories=True).html_path
    page, visit = opened(browser, report)
    marks = page.eval_on_selector_all(".chart", "nodes => nodes.map(n => n.querySelectorAll('svg path').length)")
    assert len(marks) == 3 and all(count > 0 for count in marks)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "cohort-robin.png", full_page=True)
    assert visit.errors == [] and visit.requests == [] and visit.dialogs == []
    page.context.close()
