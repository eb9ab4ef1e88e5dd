"""The coach's page: offline and self-contained like the personal report, drawn in a real browser."""

from __future__ import annotations

import pytest

from independence.publish.cohort.page import cohort_html
from tests.publish.cohort.conftest import copied_warehouse, released
from tests.publish.report.conftest import CHROMIUM
from tests.publish.report.pages import ARTIFACTS, opened, parsed


def test_the_page_states_the_rules_and_k(practice, tmp_path):
    page = released(copied_warehouse(practice.db, tmp_path), practice.roster, tmp_path, "robin").html_path.read_text(
        encoding="utf-8"
    )
    assert "Every number is built from at least 5 clients" in page and "Differential privacy is off" in page
    elements = parsed(page)
    assert not [attrs for _, attrs in elements.tags if "src" in attrs]
    assert [attrs["href"][:19] for _, attrs in elements.tags if "href" in attrs] == ["data:image/svg+xml,"]
    (policy,) = [a["content"] for _, a in elements.tags if a.get("http-equiv") == "Content-Security-Policy"]
    assert "connect-src 'none'" in policy and "default-src 'none'" in policy


def test_a_release_whose_every_weekly_mean_is_hidden_says_so_instead_of_an_empty_chart(practice, tmp_path):
    """27 real exports as clients, none with a sign's value in the release's weeks: the coach saw an empty box
    under "Week by week" and read "rising: none; falling: none" of averages that were all hidden."""
    made = released(copied_warehouse(practice.db, tmp_path), practice.roster, tmp_path, "robin")
    assert 'id="figure-weekly"' in made.html_path.read_text(encoding="utf-8")
    hidden = {"clients": None, "mean": None, "ci95": None, "suppressed": True}
    content = {
        **made.content,
        "weekly_signs": [{**cell, **hidden} for cell in made.content["weekly_signs"]],
        "trends": [{**cell, **hidden} for cell in made.content["trends"]],
    }
    page = cohort_html(content)
    assert 'id="figure-weekly"' not in page and 'data-target="chart-weekly"' not in page
    assert (
        "Every weekly mean is hidden this time (fewer than 5 clients), so there is nothing to draw week by week."
        in page
    )
    assert "No average trend can be shown this time" in page and "rising: none" not in page
    assert 'id="figure-engagement"' in page


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (apt-get install chromium)")
def test_every_chart_renders_offline_without_errors_or_requests(browser, practice, tmp_path):
    report = released(
        copied_warehouse(practice.db, tmp_path), practice.roster, tmp_path, "robin", trajectories=True
    ).html_path
    page, visit = opened(browser, report)
    marks = page.eval_on_selector_all(".chart", "nodes => nodes.map(n => n.querySelectorAll('svg path').length)")
    assert len(marks) == 2 and all(count > 0 for count in marks)  # weekly means, engagement
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "cohort-robin.png", full_page=True)
    assert visit.errors == [] and visit.requests == [] and visit.dialogs == []
    page.context.close()


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (apt-get install chromium)")
def test_the_verdict_bars_show_their_counts_hidden_marks_and_no_check_ins(browser, practice, tmp_path):
    made = released(copied_warehouse(practice.db, tmp_path), practice.roster, tmp_path, "robin")
    page, visit = opened(browser, made.html_path)
    rows = page.eval_on_selector_all(
        "#figure-verdicts dd.bar-row",
        """rows => rows.map(row => ({
            segments: [...row.querySelectorAll('.segment')].map(s => ({
                verdict: [...s.classList].find(c => c !== 'segment'), text: s.innerText.trim(),
                width: s.getBoundingClientRect().width})),
            counts: row.querySelector('.counts') ? row.querySelector('.counts').innerText : ''}))""",
    )
    cells = made.content["verdicts"]
    assert len(rows) == len(cells) == 12
    for row, cell in zip(rows, cells, strict=True):
        shown = {name: c["clients"] for name, c in cell["counts"].items() if not c["suppressed"] and c["clients"]}
        drawn = {s["verdict"]: int(s["text"]) for s in row["segments"] if s["verdict"] != "hidden"}
        assert drawn == shown, (cell, row)  # every visible segment carries exactly its released count
        hidden = [s for s in row["segments"] if s["verdict"] == "hidden"]
        if any(c["suppressed"] for c in cell["counts"].values()):
            (mark,) = hidden
            assert int(mark["text"]) == cell["clients"] - sum(shown.values()) and "hidden (" in row["counts"]
        else:
            assert hidden == []
        assert all(s["width"] > 10 for s in row["segments"]), "every segment is wide enough to read"
    check_ins = [row for row, cell in zip(rows, cells, strict=True) if cell["series"] == "self_rated"]
    assert all("no check-ins" in row["counts"] for row in check_ins), "clients without check-ins are their own group"
    assert all("too short to tell" not in row["counts"] for row in check_ins)
    assert page.get_by_text("hidden (fewer than 5)").first.is_visible()
    assert visit.errors == [] and visit.requests == []
    page.context.close()


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (apt-get install chromium)")
def test_at_a_phones_width_the_page_says_what_moved_first_and_every_axis_has_its_unit(browser, practice, tmp_path):
    from independence.publish.cohort.written import release_summary

    made = released(copied_warehouse(practice.db, tmp_path), practice.roster, tmp_path, "robin")
    page, visit = opened(browser, made.html_path, width=390)
    headline = page.locator("header #headline").inner_text()
    assert headline.startswith("On average across clients, rising:") and headline in release_summary(made.content)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{overflow} px of sideways scroll at 390 px"
    axes = page.eval_on_selector_all(
        ".chart svg .role-axis",
        """axes => axes.map(axis => ({
            vertical: axis.getBoundingClientRect().height > axis.getBoundingClientRect().width,
            title: [...axis.querySelectorAll('.role-axis-title text')].map(t => t.textContent).join(' ')}))""",
    )
    vertical = [axis["title"] for axis in axes if axis["vertical"]]
    assert len(vertical) >= 3 and all(vertical), axes  # every y axis names its unit
    assert any("mood points" in title for title in vertical) and any("rating" in title for title in vertical)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "cohort-robin-390.png", full_page=True)
    assert visit.errors == [] and visit.requests == []
    page.context.close()
