"""The HTML report: every section, honest wording, no note text unless asked, user text escaped, nothing remote."""

from __future__ import annotations

import datetime as dt
import html
import html.parser
import json
import re

import pytest

from independence.pipelines.reports import assembled_report
from independence.publish.report import report_path
from independence.publish.report.html import content_security_policy, script_hash
from independence.signs import SIGNS
from independence.warehouse import Warehouse
from tests.publish.report.conftest import HOSTILE_FILE, HOSTILE_NOTE, HOSTILE_TAGS, PAYLOADS
from tests.publish.report.pages import parsed
from tests.transforms.rows import add_entry, add_import

SECTIONS = [
    "at-a-glance",
    "signs",
    "patterns",
    "mood",
    "apart",
    "conflicts",
    "tags",
    "coverage",
    "what-this-is-not",
]
# words that are keys of the code, never meant for a person
RAW_KEY = re.compile(r"\b[a-z]+_[a-z_]+\b")


@pytest.fixture(scope="module")
def demo_page(demo_db, tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("report") / "demo.html"
    with Warehouse(demo_db).reading() as con:
        assembled_report(con, "demo", out=out, weeks=52)
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_page(hostile_db, tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("report") / "eve.html"
    with Warehouse(hostile_db).reading() as con:
        assembled_report(con, "eve", out=out, include_notes=True)
    return out.read_text(encoding="utf-8")


def visible_text(page: str) -> str:
    """Return what a person reads: the page without scripts, styles, tags and attributes."""
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_every_section_is_present_in_order_at_a_glance_first_with_six_sign_cards(demo_page):
    sections = [attrs["id"] for tag, attrs in parsed(demo_page).tags if tag == "section"]
    assert sections == SECTIONS
    assert sum(1 for tag, attrs in parsed(demo_page).tags if tag == "article" and "card" in attrs.get("class", "")) == 6
    assert "notes" not in sections, "note excerpts appear only with --include-notes"
    text = visible_text(demo_page)
    assert "Time apart" in text and "improving" in text
    assert "not needing nobody" in text and "not a diagnosis" in text


def test_at_a_glance_has_every_sign_both_verdicts_the_strongest_tags_and_what_changed(demo_page):
    glance = visible_text(demo_page.split('id="at-a-glance"')[1].split('id="signs"')[0])
    for title in ("Comfort when alone", "Confident decisions", "Time apart", "Expressing needs", "Calm in conflict"):
        assert title in glance
    assert glance.count("improving") + glance.count("no clear change") + glance.count("declining") == 12
    assert glance.count("Days with ‘") == 2 and "Associations, not causes" in glance
    assert "Since your last report" in glance and "first report here" in glance
    assert "not needing nobody" in glance


def test_no_key_of_the_code_shows_as_text(demo_page, hostile_page):
    for page in (demo_page, hostile_page):
        text = re.sub(r"\S+\.(csv|toml|md)\b", "", visible_text(page))  # file names are not keys
        assert RAW_KEY.findall(text) == []


def test_every_sign_card_has_a_chart_with_its_unit(demo_page):
    cards = [card.split("</article>")[0] for card in demo_page.split('<article class="card')[1:]]
    assert len(cards) == 6
    for card in cards:
        specs = [json.loads(spec) for spec in re.findall(r'class="vega-spec" data-target="[^"]+">(.*?)</script>', card)]
        assert specs, card[:80]
        for spec in specs:
            assert spec["layer"][0]["encoding"]["y"]["title"], "the axis names the unit"


def test_the_page_loads_nothing_and_runs_only_its_own_scripts(demo_page):
    elements = parsed(demo_page)
    icons = [attrs for tag, attrs in elements.tags if tag == "link"]
    assert [icon["rel"] for icon in icons] == ["icon"] and icons[0]["href"].startswith("data:image/svg+xml,")
    assert not [tag for tag, attrs in elements.tags if tag in ("img", "iframe", "object", "embed")]
    assert not [attrs for tag, attrs in elements.tags if "src" in attrs]
    links = [attrs["href"] for tag, attrs in elements.tags if "href" in attrs and tag != "link"]
    assert all(link.startswith("#") for link in links), "in-page links only"
    runnable = [attrs for tag, attrs in elements.tags if tag == "script" and attrs.get("type") != "application/json"]
    assert len(runnable) == 2
    (policy,) = [a["content"] for t, a in elements.tags if a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy
    runnable_text = [text for text in elements.scripts if not text.startswith(("{", "["))]
    assert {script_hash(text) for text in runnable_text} == set(re.findall(r"'sha256-[^']+'", policy))
    assert "@import" not in demo_page and "url(http" not in demo_page


def test_the_policy_lists_exactly_the_given_scripts():
    policy = content_security_policy(["a", "b"])
    assert (
        policy.count("'sha256-") == 2 and script_hash("a") in policy and "'unsafe-inline'" not in policy.split(";")[1]
    )


def test_datasets_drawn_by_two_charts_are_stored_once(demo_page):
    block = re.search(r'<script type="application/json" id="report-datasets">(.*?)</script>', demo_page, re.S)
    datasets = json.loads(block.group(1))
    assert sum(name.startswith("daily-") for name in datasets) == 1, "the demo's window is its whole history"
    assert sum(name.startswith("conflicts-") for name in datasets) == 1, "three conflict charts share the episodes"
    specs = re.findall(r'class="vega-spec" data-target="[^"]+">(.*?)</script>', demo_page, re.S)
    assert len(specs) == 10 + 12 and all("datasets" not in json.loads(spec) for spec in specs)


def test_user_text_is_escaped_everywhere_and_notes_appear_only_as_asked_excerpts(hostile_page):
    elements = parsed(hostile_page)
    assert not [tag for tag, _ in elements.tags if tag in ("img", "svg", "iframe")]
    assert all(attrs.get("href", "").startswith("#") for tag, attrs in elements.tags if tag == "a")
    assert not [attrs for _, attrs in elements.tags if any(name.startswith("on") for name in attrs)]
    assert len([tag for tag, _ in elements.tags if tag == "script"]) == 2 + 1 + hostile_page.count('class="vega-spec"')
    # in the page text the payloads are escaped; in JSON blocks '<' is \u003c
    for payload in [*HOSTILE_TAGS, PAYLOADS["link"]]:
        assert payload not in hostile_page
    assert "&lt;img src=x onerror=" in hostile_page  # the file name, visible as text in the imports table
    assert "\\u003cimg src=x onerror=" in hostile_page  # the tag, as chart data
    assert "Secret words" in hostile_page  # --include-notes shows excerpts
    assert HOSTILE_FILE.replace("<", "&lt;").replace(">", "&gt;") in hostile_page


def test_without_include_notes_no_note_text_reaches_the_report(hostile_db, tmp_path):
    with Warehouse(hostile_db).reading() as con:
        page = assembled_report(con, "eve", out=tmp_path / "r.html").path.read_text(encoding="utf-8")
    assert "Secret words" not in page and HOSTILE_NOTE[:20] not in page
    assert 'id="notes"' not in page


def test_a_person_with_few_entries_sees_what_is_missing_and_why_no_tag_was_compared(db_path, tmp_path):
    with Warehouse(db_path).writing() as con:
        batch = add_import(con, "kim")
        for day in range(10):
            add_entry(con, "kim", dt.datetime(2026, 3, 2, 9) + dt.timedelta(days=day), 3 + day % 2, import_id=batch)
        from independence.analysis.transforms import built_warehouse

        built_warehouse(con)
        page = assembled_report(con, "kim", out=tmp_path / "kim.html").path.read_text(encoding="utf-8")
    text = visible_text(page)
    assert page.count('class="chip verdict-no_inputs"') == 2 * 6, "a chip per sign at a glance and on its card"
    assert "Your export speaks to none of the six signs yet." in text
    assert "Nothing in your data speaks to any of the six signs yet, so they get no verdict" in text
    assert text.count("not enough data") == 1, "only the legend of the verdicts names it"
    assert 'class="chart"' not in page.split('id="patterns"')[0], "no sign nothing speaks to gets a chart"
    assert text.count("What would help") == 1
    for sign in SIGNS.values():
        assert text.count(sign.observed.what_helps) == 1, "what would help is said once, not per card"
    assert "No check-in ratings were imported" in text and "your check-ins" not in text.lower().replace(
        "no check-in ratings", ""
    )
    assert "Nothing stood out." not in text, "no tag was tested: 10 days without a tag"
    assert "No tags were logged on your days with a mood, so none can be compared with it." in text
    assert "No tags were logged to compare with your mood." in text  # at a glance
    assert "No conflicts with your partner were logged" in text
    assert "10 moments with a mood on 10 days" in text
    assert "the weeks 2026-03-02 to 2026-03-15 (2026-W10 to 2026-W11), 10 of 14 days with a mood" in text
    patterns = page.split('id="patterns"')[1].split("</section>")[0]
    assert "figure-weekday" not in patterns and "figure-part_of_day" not in patterns, "ten days' means as a pattern"
    assert visible_text(patterns).count("Too few days for a weekday pattern yet") == 1
    assert visible_text(patterns).count("Too few day-parts for a part of day pattern yet") == 1
    assert "figure-year_in_pixels" in patterns


def test_conflicts_logged_without_a_usual_mood_ask_for_moods_on_more_days_not_for_more_tagging(db_path, tmp_path):
    """A Bearable year: 14 conflicts tagged, none in a week with a usual mood to compare with, and "What would help"
    began "Calm in conflict: tagging arguments and how you responded" though the arguments were all tagged."""
    with Warehouse(db_path).writing() as con:
        batch = add_import(con, "cy")
        for day in range(3):
            add_entry(con, "cy", dt.datetime(2026, 3, 2, 20) + dt.timedelta(days=day), 2, ("argument", "partner"),
                      import_id=batch)  # fmt: skip
        for week in range(1, 10):  # one mood a week: never 7 days with a mood in the four weeks before
            add_entry(con, "cy", dt.datetime(2026, 3, 4, 9) + dt.timedelta(weeks=week), 4, import_id=batch)
        from independence.analysis.transforms import built_warehouse

        built_warehouse(con)
        page = assembled_report(con, "cy", out=tmp_path / "cy.html").path.read_text(encoding="utf-8")
    text = visible_text(page)
    assert "Calm in conflict (your entries): logging a mood on more days — has 0 weeks with a value" in text
    assert "a value needs your usual mood to compare with (7 days with a mood in the four weeks before)" in text
    assert "tagging arguments and how you responded" not in text.split("These have entries that speak")[1]


def test_moods_between_whole_points_and_a_side_without_entries_are_said_not_left_to_contradict_the_table(
    db_path, tmp_path
):
    """An app with a finer scale (3.25) read "Mean mood apart 3.24" above a table of entries all at 3, and a person
    never together read "together – (n = 0 entries)"; a week of one mood showed its interval as "– to –"."""
    with Warehouse(db_path).writing() as con:
        batch = add_import(con, "fin")
        for day in range(6):
            add_entry(
                con, "fin", dt.datetime(2026, 3, 2, 9) + dt.timedelta(days=day), 3.25, ("alone",), import_id=batch
            )
        add_entry(con, "fin", dt.datetime(2026, 3, 16, 9), 4, import_id=batch)
        from independence.analysis.transforms import built_warehouse

        built_warehouse(con)
        page = assembled_report(con, "fin", out=tmp_path / "fin.html").path.read_text(encoding="utf-8")
    figure = page.split('id="figure-apart_together_moods"')[1].split("</figure>")[0]
    caption = visible_text(figure.split("<figcaption>")[1].split("</figcaption>")[0])
    assert caption == (
        "Mean mood apart 3.25 (n = 6 entries). No entry with a mood was logged together. The chart and table count "
        "6 moods between two whole points at the nearest one."
    )
    assert ">mood (nearest whole point)</th>" in figure and "<td>3</td>" in figure
    weeks = page.split('id="figure-mood_timeline"')[1].split("</figure>")[0]
    assert "– to –" not in visible_text(page)
    last = re.findall(r"<tr>(.*?)</tr>", weeks.split("<tbody>")[1], re.S)[-1]
    assert [visible_text(cell) for cell in re.findall(r"<td>(.*?)</td>", last, re.S)] == ["2026-W12", "1", "4.00", "–"]


def test_the_default_path_is_the_iso_week_with_a_latest_copy(demo_db, tmp_path):
    today = dt.date(2026, 11, 27)
    with Warehouse(demo_db).reading() as con:
        path = assembled_report(con, "demo", weeks=52, today=today, reports_dir=tmp_path).path
    assert path == report_path("demo", "html", today, tmp_path) == tmp_path / "demo" / "2026-W48.html"
    latest = tmp_path / "demo" / "latest.html"
    assert latest.read_bytes() == path.read_bytes() and latest.samefile(path)  # one file, two names
    assert path.stat().st_mode & 0o077 == 0, "a report is readable by its owner only"
    with Warehouse(demo_db).reading() as con:
        later = assembled_report(con, "demo", weeks=8, today=today + dt.timedelta(weeks=1), reports_dir=tmp_path).path
    assert later.name == "2026-W49.html" and latest.samefile(later) and not latest.samefile(path)
    assert path.read_bytes() != later.read_bytes() and not list(latest.parent.glob(".*")), "no partial file left"


def test_a_check_in_only_report_reads_every_sign_from_the_check_ins_and_says_so_once(tmp_path):
    from independence.pipelines.reports import report_from_file
    from tests.conftest import REPO

    checkins = REPO / "data" / "samples" / "checkins.csv"
    _, path = report_from_file(checkins, source="checkin", out=tmp_path / "ci.html", reports_dir=tmp_path)
    page = path.read_text(encoding="utf-8")
    text = visible_text(page)
    assert 'class="chip verdict-insufficient_data"' not in page, "no column of six 'not enough data' for entries"
    assert text.count("Your entries") == 0 and text.count("Your check-ins") >= 7
    assert text.count("Only check-in ratings were imported") == 1
    assert "No moods were logged, so no tag can be compared with mood" in text
    assert 'id="what-would-help"' not in page


def test_a_person_who_logged_no_mood_is_asked_for_one_first_or_for_check_ins_where_their_app_keeps_none(
    db_path, tmp_path
):
    """Three of the published real exports (two Day One journals, a Journey one) logged no mood, and "What would
    help" asked them to tag being alone, the partner, arguments: none of which gives those signs a value without a
    mood, and Day One keeps none."""
    from independence.analysis.transforms import built_warehouse
    from independence.pipelines.insights import user_insights

    with Warehouse(db_path).writing() as con:
        for user, app in (("jo", "dayone"), ("al", "journey")):
            batch = add_import(con, user, app)
            for day in range(12):
                when = dt.datetime(2026, 3, 2, 21) + dt.timedelta(days=day)
                add_entry(con, user, when, None, note="A quiet evening.", import_id=batch, source=app)
        built_warehouse(con)
        pages = {user: assembled_report(con, user, out=tmp_path / f"{user}.html").path for user in ("jo", "al")}
        sentences = {user: user_insights(con, user)["insights"] for user in ("jo", "al")}
    jo, al = (visible_text(pages[user].read_text(encoding="utf-8")) for user in ("jo", "al"))
    assert "To see them, add weekly check-ins (Day One keeps no mood, and four of the six signs read your moods)" in jo
    assert (
        "Comfort when alone : a mood with your entries, which Day One does not keep, so a weekly check-in rating of "
        "“Comfort when alone” instead." in jo
    )
    assert "To see them, log a mood with your entries (four of the six signs read your moods), tell us what" in al
    assert (
        "Owning your happiness : logging a mood with your entries, which this sign reads, and tagging what you were "
        "doing on good days" in al
    )
    for text in (jo, al):
        assert "Confident decisions : tagging 'made a decision' or 'second-guessing' when they happen." in text
        assert "Comfort when alone : tagging entries when you are alone." not in text
    assert any("which Day One does not keep" in sentence and "Time apart" in sentence for sentence in sentences["jo"])
    assert any("speaks to none" in s and "log a mood with your entries" in s for s in sentences["al"])
