"""The page auditor over every kind of person a report is made for: each page agrees with itself and its JSON.

People: every real export in ../shared/real-exports (when present; never copied or quoted), the shipped
sample (a Daylio year and weekly check-ins), a check-in-only person, an app without a time of day (a
generated Pixels year), a person whose check-ins begin years after their moods end (an older Pixels
year), and a person whose rise came early and held, called by a shift in level. The auditor
(`auditor.page_problems`) and its own tests are here too: each check finds the case it was written for.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import json
import random
import re
from pathlib import Path

import pytest

from independence.pipelines.builds import built_models
from independence.pipelines.imports import imported_export
from independence.pipelines.insights import user_insights
from independence.pipelines.moments import added_moment
from independence.pipelines.reports import report_bytes
from independence.signs import SIGNS
from independence.warehouse import Warehouse
from tests.analysis.simulated import early_rise_checkins
from tests.conftest import REPO
from tests.ingest.real_exports import NORMAL, REAL, moods_beside
from tests.publish.report.auditor import page_problems, read_page, wording_problems
from tests.publish.report.conftest import CHROMIUM

SAMPLES = REPO / "data" / "samples"
TODAY = dt.date(2026, 12, 7)
REAL_PEOPLE = {name: f"real-{number:02d}" for number, name in enumerate(sorted(NORMAL))} if REAL.is_dir() else {}


def pixels_year(path: Path, start: dt.date = dt.date(2025, 11, 1)) -> Path:
    """Write a Pixels backup of a year of days from `start` (no time of day), a few people and activities tagged."""
    draw = random.Random(7)
    days = []
    for number in range(365):
        day = start + dt.timedelta(days=number)
        tags = draw.sample(["Partner", "Friends", "reading", "alone", "argument"], draw.randrange(0, 3))
        score = min(5, max(1, round(3 + 0.8 * ("Partner" in tags) - ("argument" in tags) + draw.gauss(0, 0.8))))
        days.append(
            {
                "date": f"{day.year}-{day.month}-{day.day}",
                "type": "Mood",
                "scores": [score],
                "notes": "",
                "tags": [{"type": "Tags", "entries": tags}],
            }
        )
    path.write_text(json.dumps(days))
    return path


def starting_checkins(path: Path) -> Path:
    """Write the check-ins of a person who began weekly check-ins five weeks before TODAY and rated alone comfort
    once, 30 weeks before: five signs wait for more of the same, alone comfort for check-ins more often."""
    header = ["date", *SIGNS, "note"]
    rows = [header, [(TODAY - dt.timedelta(weeks=30)).isoformat(), "3", *[""] * (len(SIGNS) - 1), ""]]
    for week in range(5, 0, -1):
        ratings = [str(2 + week % 3)] * (len(SIGNS) - 1)
        rows.append([(TODAY - dt.timedelta(weeks=week)).isoformat(), "", *ratings, ""])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, tuple[str, dict]]:
    """Return every audited person's report page and insight JSON, from one built warehouse."""
    folder = tmp_path_factory.mktemp("audited")
    db = folder / "warehouse.duckdb"
    sample, moods = SAMPLES / "daylio_export_2026_11_01.csv", SAMPLES / "moods.toml"
    imports = {
        "sample": [(sample, moods), (SAMPLES / "checkins.csv", None)],
        "checkins-only": [(SAMPLES / "checkins.csv", None)],
        "pixels": [(pixels_year(folder / "PIXELS-BACKUP-1760000000000.json"), None)],
        "checkins-years-later": [
            (pixels_year(folder / "PIXELS-BACKUP-1640000000000.json", dt.date(2021, 11, 1)), None),
            (SAMPLES / "checkins.csv", None),
        ],
        "shift": [(early_rise_checkins(folder / "checkins.csv", seed=0), None)],
        "step": [(early_rise_checkins(folder / "step" / "checkins.csv", seed=16, abrupt=True), None)],
        "starting": [(starting_checkins(folder / "starting" / "checkins.csv"), None)],
    } | {user: [(REAL / name, moods_beside(REAL / name))] for name, user in REAL_PEOPLE.items()}
    for user, files in imports.items():
        for path, mood_map in files:
            imported_export(path, user, db_path=db, moods_path=mood_map)
    built_models(db)
    for user, day, words in MOMENTS:
        added_moment(user, day, words, db_path=db)
    for user in REAL_PEOPLE.values():  # halfway through their history
        with Warehouse(db).reading() as con:
            first, last = con.execute(
                "select min(logged_at_local), max(logged_at_local) from entries where user_id = ?", [user]
            ).fetchall()[0]
        added_moment(user, (first + (last - first) / 2).date().isoformat(), "a moment halfway", db_path=db)
    with Warehouse(db).reading() as con:
        return {
            user: (
                report_bytes(con, user, "html", 52, False, TODAY).decode("utf-8"),
                user_insights(con, user),
            )
            for user in imports
        }


SYNTHETIC = ["sample", "checkins-only", "pixels", "checkins-years-later", "shift", "step", "starting"]
# moments inside the window, before it and with too few weeks after it
MOMENTS = [
    ("sample", "2026-05-04", "moved in together"),
    ("sample", "2024-01-10", "met <em>them</em> & more"),
    ("sample", "2026-10-20", "partner started travelling"),
    ("pixels", "2026-04-01", "started therapy"),
]


@pytest.mark.parametrize("user", SYNTHETIC + sorted(REAL_PEOPLE.values()))
def test_every_number_on_the_page_agrees_with_every_other_and_with_the_json(pages, user):
    page, insights = pages[user]
    assert page_problems(page, insights) == []


def test_the_audited_people_are_the_kinds_the_report_is_made_for(pages):
    """Guard the auditor's reach: each synthetic person has the property it stands for."""
    checkins_only = pages["checkins-only"][1]
    assert checkins_only["coverage"]["entries"] == 0 and checkins_only["coverage"]["other_entries"] > 0
    assert "no time of day" in read_page(pages["pixels"][0]).text
    later = pages["checkins-years-later"][1]["coverage"]["windows"]
    assert later["self_rated"][:4] > later["observed"][-8:-4]  # check-ins begin in a later year than moods end
    assert "Your check-ins begin after your other entries end" in read_page(pages["checkins-years-later"][0]).text
    for user, form in (("shift", "gradual"), ("step", "step")):  # a rise over ten weeks; one at the tenth
        trend = pages[user][1]["signs"]["alone_comfort"]["self_rated"]
        assert (trend["called_by"], trend["verdict"], trend["shift"]["form"]) == ("shift", "improving", form)


def test_a_change_called_by_a_gradual_shift_draws_it_and_says_so(pages):
    page = read_page(pages["shift"][0])
    shift = pages["shift"][1]["signs"]["alone_comfort"]["self_rated"]["shift"]
    charts = page.chart_rows("chart-sign_alone_comfort_self_rated")
    line = next(rows for name, rows in charts.items() if name.startswith("sign_line-"))
    assert [row["value"] for row in line] == [shift["level_before"]] + [shift["level_after"]] * 2
    assert "the line is the fitted shift in level: a gradual change over your first weeks, then held" in page.text
    held = shift["weeks_after"]
    first = f"your first {shift['weeks_before']} weeks with a value"
    assert f"Your check-ins: improving, a gradual rise over {first}, then held over the {held} after, +" in page.text
    assert "allowing for the search for the shape and the week it fits best" in page.text


def test_a_change_called_by_a_step_draws_its_two_levels_and_says_so(pages):
    page = read_page(pages["step"][0])
    shift = pages["step"][1]["signs"]["alone_comfort"]["self_rated"]["shift"]
    charts = page.chart_rows("chart-sign_alone_comfort_self_rated")
    line = next(rows for name, rows in charts.items() if name.startswith("sign_line-"))
    assert [row["value"] for row in line] == [shift["level_before"]] * 2 + [shift["level_after"]] * 2
    assert "the line is the fitted shift in level: the weeks before it and the weeks after" in page.text
    first, last = f"your first {shift['weeks_before']} weeks with a value", f"your last {shift['weeks_after']}"
    assert f"Your check-ins: improving, a step up between {first} and {last}, +" in page.text


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (apt-get install chromium)")
@pytest.mark.parametrize("user", SYNTHETIC + sorted(REAL_PEOPLE.values()))
def test_every_chart_draws_in_chromium_without_a_console_error(pages, browser, tmp_path, user):
    """What the browser says of a page (an empty chart logs "Infinite extent"), offline, at a phone's width."""
    path = tmp_path / f"{user}.html"
    path.write_text(pages[user][0], encoding="utf-8")
    page = browser.new_context(viewport={"width": 390, "height": 900}, offline=True).new_page()
    errors: list[str] = []
    page.on("console", lambda message: message.type in ("error", "warning") and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    page.wait_for_function(
        "[...document.querySelectorAll('.chart')].every(chart => chart.hasAttribute('data-rendered'))", timeout=30_000
    )
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    ticks = page.eval_on_selector_all(
        ".chart svg .role-axis",
        "axes => axes.map(axis => [...axis.querySelectorAll('.role-axis-label text')].map(t => t.textContent))",
    )
    boxes = page.eval_on_selector_all(
        ".chart svg .role-axis",
        """axes => axes.map(axis => [...axis.querySelectorAll('.role-axis-label text')]
            .filter(text => text.getAttribute('opacity') !== '0')
            .map(text => { const r = text.getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom,
                                                                          text.textContent]; }))""",
    )
    page.context.close()
    assert errors == [] and overflow <= 0, (errors, overflow)
    assert [labels for labels in ticks if len(set(labels)) < len(labels)] == []  # no tick label twice on an axis
    assert [pair for axis in boxes for pair in overlapping(axis)] == []  # no label written over another


def overlapping(labels: list[list]) -> list[tuple[str, str]]:
    """Return the pairs of an axis's labels whose boxes cross by more than a pixel each way ('TuesdayWednesday')."""
    return [
        (a[4], b[4])
        for i, a in enumerate(labels)
        for b in labels[i + 1 :]
        if min(a[1], b[1]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[2], b[2]) > 1
    ]


def test_labels_written_over_one_another_are_found_and_labels_side_by_side_are_not():
    assert overlapping([[0, 60, 0, 12, "Tuesday"], [55, 130, 0, 12, "Wednesday"]]) == [("Tuesday", "Wednesday")]
    assert overlapping([[0, 30, 0, 12, "Tue"], [40, 70, 0, 12, "Wed"], [0, 30, 20, 32, "Jan"]]) == []


# The auditor's own checks: each finds the disagreement it was written for, on a real page made to disagree.


def with_first_improving_as(insights: dict, verdict: str) -> dict:
    """Return a copy of the insight JSON whose first improving series reads `verdict` instead."""
    changed = json.loads(json.dumps(insights))
    trend = next(trend for by in changed["signs"].values() for trend in by.values() if trend["verdict"] == "improving")
    trend["verdict"] = verdict
    return changed


def test_the_auditor_finds_a_verdict_that_reads_differently_in_two_places(pages):
    page, insights = pages["sample"]
    found = page_problems(page, with_first_improving_as(insights, "declining"))
    assert any("the glance table says improving, the JSON declining" in problem for problem in found), found
    assert any("the card's sentence says improving" in problem for problem in found), found


def test_the_auditor_finds_an_n_that_differs_between_sentence_table_and_json(pages):
    page, insights = pages["sample"]
    changed = json.loads(json.dumps(insights))
    changed["signs"]["alone_comfort"]["observed"]["evidence"] += 1
    found = page_problems(page, changed)
    assert any("alone_comfort observed: the sentence says n =" in problem for problem in found), found
    assert any("alone_comfort observed: the chart's table counts" in problem for problem in found), found


def test_the_auditor_finds_a_line_drawn_without_a_change_called(pages):
    page, insights = pages["sample"]
    found = page_problems(page, with_first_improving_as(insights, "steady"))
    assert any("a line is drawn, the verdict is steady" in problem for problem in found), found


def test_the_auditor_finds_intervals_off_the_scale_plurals_negative_zeros_and_contradictions(pages):
    page, insights = pages["sample"]
    broken = (
        page.replace("<td>2.87 to 3.45</td>", "<td>−9.71 to 15.71</td>", 1)
        .replace(
            "<figcaption>No weekday",
            "<figcaption>1 entries and 0 week(s) at −0.00; For me: 1 of 6 verdicts need more. No weekday",
            1,
        )
        .replace(
            "</main>", "<p>No moods were logged. Nothing stood out; nothing to report is a normal result.</p></main>"
        )
    )
    assert broken != page
    found = page_problems(broken, insights)
    assert any("figure-weekday: the interval −9.71 to 15.71" in problem for problem in found), found
    for what in (
        "a plural noun after 1",
        "a plural left to the reader",
        "a negative zero",
        "a leftover label",
        "a plural verb after 1 of",
    ):
        assert any(problem.startswith(what) for problem in found), (what, found)
    assert any("'No moods were logged' beside" in problem for problem in found), found


def test_the_auditor_finds_a_chart_of_zeros_and_a_chart_of_nothing(pages):
    page, insights = pages["sample"]
    parsed = read_page(page)
    name = next(name for name in parsed.datasets if name.startswith("sign_points-"))
    zeros = [dict(row, value=0.0) for row in parsed.datasets[name]]
    found = re.search(r'(<script type="application/json" id="report-datasets">)(.*?)(</script>)', page, re.S)
    for rows, words in ((zeros, "values is missing or zero"), ([], "a chart of no rows")):
        datasets = json.loads(found.group(2)) | {name: rows}
        broken = page[: found.start(2)] + json.dumps(datasets) + page[found.end(2) :]
        assert any(words in problem for problem in page_problems(broken, insights)), words


def test_the_auditor_finds_conflict_words_and_signs_that_contradict(pages):
    page, insights = pages["sample"]
    assert insights["signs"]["conflict_calmness"]["observed"]["verdict"] == "steady"
    broken = page.replace(
        "cannot yet be told from ordinary ups", "is getting calmer, cannot yet be told from ordinary ups"
    )
    assert any("conflicts say 'getting calmer', the verdict is steady" in p for p in page_problems(broken, insights))
    table = re.search(r'id="figure-conflict_drops">.*?<tbody>\s*<tr><td>[^<]+</td><td>([^<]+)</td>', page, re.S)
    flipped = page[: table.start(1)] + f"−{table.group(1)}" + page[table.end(1) :]
    assert any("conflicts disagree between card and table" in p for p in page_problems(flipped, insights))


def test_the_auditor_finds_an_empty_window_beside_logged_moods(pages):
    page, insights = pages["sample"]
    broken = re.sub(r"\d+ of 364 days with a mood", "0 of 364 days with a mood", page, count=1)
    assert any("the window shows 0 days with a mood" in p for p in page_problems(broken, insights))


def test_the_auditor_finds_a_first_line_whose_days_with_a_mood_are_not_the_jsons_window(pages):
    page, insights = pages["sample"]
    counted = insights["coverage"]["in_window"]
    assert not [problem for problem in page_problems(page, insights) if "the JSON's window" in problem]
    fewer = {**insights, "coverage": {**insights["coverage"], "in_window": {**counted, "days_with_mood": 1}}}
    found = page_problems(page, fewer)
    days, logged = counted["days"], counted["days_with_mood"]
    assert f"the first line reads {logged} of {days} days with a mood, the JSON's window 1 of {days}" in found


def test_a_person_who_began_within_the_window_reads_it_from_the_week_they_began(pages):
    """Three weeks of moods used to read as "3 of 364 days with a mood": a year of weeks nobody could log."""
    page, insights = pages["starting"]
    began = dt.date.fromisoformat(insights["coverage"]["first_day"])
    monday = began - dt.timedelta(days=began.weekday())
    assert f"the weeks {monday} to " in read_page(page).text
    assert insights["coverage"]["windows"]["self_rated"].startswith(f"{monday:%G-W%V} to ")
    earlier = (monday - dt.timedelta(weeks=20)).isoformat()
    broken = page.replace(f"the weeks {monday} to ", f"the weeks {earlier} to ", 1)
    assert any("weeks before the person began" in p for p in page_problems(broken, insights))
    page, insights = pages["real-00"] if "real-00" in pages else pages["sample"]
    said = re.search(r"(\d+) of (\d+) days with a mood", page)
    broken = page.replace(said.group(0), f"{said.group(1)} of {int(said.group(2)) + 7} days with a mood", 1)
    assert any("the window counts" in p for p in page_problems(broken, insights))


def test_wording_allows_ordinary_counts_and_signed_numbers():
    clean = read_page("<p>11 entries, 1 entry, 21 weeks, −0.05 points, 0.00, 1 of 12 weeks, q = 0.1</p>")
    assert wording_problems(clean) == []


def test_the_auditor_finds_a_chart_of_responses_none_of_which_was_recorded(pages):
    page, insights = pages["sample"]
    table = re.search(r'id="figure-conflict_responses">.*?(<tbody>.*?</tbody>)', page, re.S)
    rows = "".join(f"<tr><td>{name}</td><td>{n}</td></tr>" for name, n in (("calm", 0), ("not recorded", 31)))
    broken = page[: table.start(1)] + f"<tbody>{rows}</tbody>" + page[table.end(1) :]
    assert "a chart of responses where none was recorded" in page_problems(broken, insights)


def test_the_sample_reads_its_moments_inside_before_and_too_near_the_end_of_its_weeks(pages):
    page, insights = pages["sample"]
    before, inside, late = insights["moments"]
    assert [moment["words"] for moment in insights["moments"]] == [
        m[2] for m in sorted(MOMENTS[:3], key=lambda m: m[1])
    ]
    assert all(side["verdict"] is None and side["before_weeks"] == 0 for side in before["compared"])
    assert any(side["verdict"] in ("higher", "lower") for side in inside["compared"])
    assert any(side["verdict"] is None and side["after_weeks"] < 4 for side in late["compared"])
    text = read_page(page).text
    assert "This moment is before the weeks this report covers" in text
    assert "met <em>them</em> & more" in text and "<em>them" not in page  # shown as written, never as markup


def test_the_auditor_finds_a_moment_that_reads_differently_and_levels_that_do_not_add_up(pages):
    page, insights = pages["sample"]
    changed = json.loads(json.dumps(insights))
    side = next(side for side in changed["moments"][1]["compared"] if side["verdict"] == "higher")
    side["verdict"] = "lower"
    found = page_problems(page, changed)
    assert any("the JSON says 'lower', the page reads 'higher after'" in problem for problem in found), found
    cells = re.search(r'<tr class="called">(.*?)</tr>', page, re.S).group(1)
    after = re.findall(r'<td data-label="Level after">([^<]+)</td>', cells)[0]
    tampered = page.replace(cells, cells.replace(after, "4.99" + after[4:], 1), 1)
    found = page_problems(tampered, insights)
    assert any("is not the difference" in problem for problem in found), found


def test_the_auditor_finds_waiting_verdicts_counted_differently_at_a_glance(pages):
    """The starting person waits on verdicts of both kinds: the count at a glance must split them as listed."""
    page, insights = pages["starting"]
    said = re.search(
        r"\d+ of \d+ verdicts wait for more data: \d+ needs? more weeks of the same logging, \d+ needs? what (it|they)"
        r" rests? on logged more often than now",
        page,
    )
    assert said, "this person has verdicts waiting for both kinds of logging"
    broken = page.replace(said.group(0), said.group(0).replace("more data: ", "more data: 1", 1), 1)
    assert any(problem.startswith("at a glance") for problem in page_problems(broken, insights))
    one_kind = r"1 of \1 verdicts needs more weeks of the same logging"
    alone = re.sub(r"\d+ of (\d+) verdicts wait for more data: [^:]+", one_kind, page)
    assert any(problem.startswith("at a glance") for problem in page_problems(alone, insights))


def test_the_auditor_finds_a_latest_week_beside_a_sign_nothing_speaks_to(pages):
    page, insights = pages["pixels"]
    silent = re.search(r'(<p class="headline">Nothing in your data speaks to this[^<]*)</p>', page)
    assert silent, "the Pixels person's tags speak to 4 of the six signs"
    broken = page.replace(silent.group(0), silent.group(1) + " Latest week: 0.00 (n = 0 in 52 weeks with a value).</p>")
    assert any(problem.startswith("a series nothing speaks to") for problem in page_problems(broken, insights))


def test_the_auditor_finds_a_count_of_silent_signs_that_disagrees_with_the_list(pages):
    page, insights = pages["pixels"]
    said = re.search(r'<p id="not-in-your-data">Nothing in your data speaks to (\d+) of the six signs', page)
    assert said and said.group(1) == "2", "the Pixels person's tags speak to 4 of the six signs"
    wrong = page.replace(said.group(0), said.group(0).replace(" 2 of", " 3 of"), 1)
    assert any(problem.startswith("what would help says") for problem in page_problems(wrong, insights))
    item = re.search(r'(<ul class="plain">\s*)<li>.*?</li>', page[said.end() :], re.S)
    dropped = page[: said.end()] + page[said.end() :].replace(item.group(0), item.group(1), 1)
    assert any(problem.startswith("what would help says") for problem in page_problems(dropped, insights))


def test_the_auditor_finds_a_moment_whose_count_of_comparisons_is_not_the_jsons(pages):
    page, insights = pages["pixels"]
    said = "none of the 4 comparisons of your signs shows a difference"
    assert said in page, "around “started therapy” four signs are compared and none differs"
    for wrong in ("none of the 3 comparisons of your signs shows a difference", "the one comparison of your signs"):
        found = page_problems(page.replace(said, wrong, 1), insights)
        assert any("compared in the JSON" in problem for problem in found), found


def test_the_auditor_finds_conflicts_said_to_be_none_beside_conflict_entries(pages):
    page, insights = pages["sample"]
    said = re.search(r'(<section id="conflicts".*?<p[^>]*>)(.*?)(</p>)', page, re.S)
    assert insights["conflicts"]["conflict_entries"] and "conflict episodes in the window" in said.group(2)
    none = "No conflicts with your partner were logged in this window, so there is nothing to say about them."
    broken = page.replace(said.group(0), said.group(1) + none + said.group(3), 1)
    assert any(problem.startswith("the conflicts section says none") for problem in page_problems(broken, insights))


def test_the_auditor_finds_a_latest_value_that_is_not_the_charts_last_row(pages):
    page, insights = pages["sample"]
    said = re.search(r"Latest week with a value \(the week of (\S+)\): ([+−]?[\d.]+)", page)
    assert said, "the sample's cards date their latest value"
    for wrong in (said.group(0).replace(said.group(1), "2020-01-06"), said.group(0).replace(said.group(2), "9.99")):
        found = page_problems(page.replace(said.group(0), wrong, 1), insights)
        assert any("the card's latest is" in problem for problem in found), (wrong, found)


def test_the_auditor_finds_a_card_that_says_twice_that_nothing_speaks_to_its_sign(pages):
    page, insights = pages["pixels"]
    silent = re.search(r'<p class="headline">(Nothing in your data speaks to this[^<]*)</p>', page)
    assert silent, "the Pixels person's tags speak to 4 of the six signs"
    twice = silent.group(0) + f"<details><p><strong>Your entries:</strong> {silent.group(1)}</p></details>"
    broken = page.replace(silent.group(0), twice, 1)
    assert any("says so twice" in problem for problem in page_problems(broken, insights))


def test_the_auditor_finds_a_weekday_or_time_of_day_sentence_that_is_not_its_table(pages):
    page, insights = pages["sample"]
    assert not [problem for problem in page_problems(page, insights) if "figure-weekday" in problem]
    weekday = re.search(r'id="figure-weekday">.*?<figcaption>(.*?)</figcaption>', page, re.S).group(1)
    mean = re.search(r"(\d\.\d) \((\w+)\)", weekday)
    wrong_mean = weekday.replace(mean.group(0), f"{float(mean.group(1)) + 0.3:.1f} ({mean.group(2)})", 1)
    days = re.search(r" over (\d+) days", weekday)
    wrong_days = wrong_mean.replace(days.group(0), f" over {int(days.group(1)) + 7} days")
    parts = re.search(r'id="figure-part_of_day">.*?<figcaption>(.*?)</figcaption>', page, re.S).group(1)
    named_few = parts.replace(
        " day-parts.", " day-parts; mornings have too few day-parts to compare (2; each needs 4)."
    )
    broken = page.replace(weekday, wrong_days).replace(parts, named_few)  # the chart's label and its caption
    assert named_few != parts and broken != page
    found = [problem for problem in page_problems(broken, insights) if problem.startswith("figure-")]
    assert any(f"the sentence gives {mean.group(2)}" in problem for problem in found), found
    assert any("figure-weekday: the sentence rests on" in problem for problem in found), found
    assert any("figure-part_of_day: groups too few to compare [2]" in problem for problem in found), found


def test_the_auditor_finds_chart_captions_whose_counts_means_or_extremes_are_not_their_tables(pages):
    page, insights = pages["sample"]
    assert not [problem for problem in page_problems(page, insights) if "the caption says" in problem]
    changes = {
        "figure-year_in_pixels": (r"^(\d+) of", lambda n: f"{int(n) + 1} of"),
        "figure-mood_timeline": (r"ranged from (\S+) to", lambda low: f"ranged from {float(low) - 0.5:.2f} to"),
        "figure-apart_together_moods": (r"\(n = (\d+) entries\)", lambda n: f"(n = {int(n) + 3} entries)"),
        "figure-weekly_apart_gap": (r"^(\d+) weeks", lambda n: f"{int(n) - 1} weeks"),
        "figure-conflict_drops": (r"median drop (\S+) ", lambda drop: f"median drop {float(drop) + 0.4:.2f} "),
        "figure-conflict_recovery": (r"recovery (\d+) hours", lambda hours: f"recovery {int(hours) + 9} hours"),
        "figure-conflict_responses": (r"^(\d+) calm", lambda n: f"{int(n) + 2} calm"),
        "figure-tag_effects": (r"^(\d+) of", lambda n: f"{int(n) + 1} of"),
    }
    captions = read_page(page).captions
    for figure, (pattern, changed) in changes.items():
        caption = html_lib.escape(captions[figure]).replace("&#x27;", "&#39;")  # as Jinja escapes it
        assert caption in page, figure
        wrong = re.sub(pattern, lambda found: changed(found.group(1)), caption, count=1)
        assert wrong != caption, figure
        found = [problem for problem in page_problems(page.replace(caption, wrong), insights) if figure in problem]
        assert found, (figure, wrong)


def test_the_auditor_finds_a_glance_whose_signs_spoken_to_or_tag_numbers_are_not_the_pages(pages):
    page, insights = pages["sample"]
    assert not [problem for problem in page_problems(page, insights) if problem.startswith("at a glance")]
    said = re.search(r"Days with ‘[^’]+’ went with \w+ mood: (\S+) points", page).group(0)
    difference = said.split(": ")[1].split(" ")[0]
    wrong = said.replace(difference, difference[0] + "9.99")
    found = page_problems(page.replace(said, wrong, 1), insights)
    assert any(problem.startswith("at a glance ‘") and "9.99" in problem for problem in found), found
    fewer = page.replace("speak to all six signs.", "speak to 5 of the six signs (a guess).", 1)
    assert fewer != page
    assert any(
        "at a glance 'Your exports speak to 5 of the six signs" in problem for problem in page_problems(fewer, insights)
    )


def test_the_auditor_finds_what_the_report_is_based_on_disagreeing_with_the_json_and_the_first_line(pages):
    page, insights = pages["sample"]
    assert not [problem for problem in page_problems(page, insights) if problem.startswith("based on")]
    logged = re.search(r"<dt>Logged</dt><dd>(\d+) moments", page)
    window = re.search(r"<dt>This window</dt><dd>(\d+) of", page)
    broken = page.replace(logged.group(0), logged.group(0).replace(logged.group(1), str(int(logged.group(1)) + 1)))
    broken = broken.replace(window.group(0), window.group(0).replace(window.group(1), str(int(window.group(1)) - 1)))
    broken = broken.replace("<summary>Imports (", "<summary>Imports (9", 1)
    found = [problem for problem in page_problems(broken, insights) if problem.startswith("based on")]
    assert [problem.split(":")[1].split()[0] for problem in found] == ["logged", "this", "imports"], found
