"""Charts, structurally: every spec validates against Vega-Lite's schema and draws exactly the mart's numbers."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re

import jsonschema
import pytest
import vl_convert
from altair.vegalite.v6.schema.core import load_schema

from independence.pipelines.insights import judgements
from independence.pipelines.reports import report_content
from independence.publish.charts import FADED, CalendarSpan, drawn_span
from independence.publish.charts.conflicts import conflict_drops
from independence.publish.charts.mood import mood_timeline, pixel_months, year_in_pixels
from independence.publish.charts.patterns import mood_by_group_chart
from independence.publish.charts.signs import sign_trend_chart
from independence.publish.report.figures import report_figures
from independence.publish.report.pdf import VEGA_LITE_VERSION
from independence.publish.report.sign_figures import sign_figures
from independence.signs import SIGNS
from independence.warehouse import Warehouse

WEEKS = 52
TODAY = dt.date(2026, 11, 27)


@functools.cache
def validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(load_schema())


@pytest.fixture(scope="module")
def con(demo_db):
    with Warehouse(demo_db).reading() as connection:
        yield connection


@pytest.fixture(scope="module")
def data(con):
    return report_content(con, "demo", WEEKS, TODAY)


@pytest.fixture(scope="module")
def figures(data) -> dict:
    sections = [*report_figures(data).values(), *sign_figures(data).values()]
    return {figure.key: figure for section in sections for figure in section}


def window(con) -> tuple[dt.date, dt.date]:
    found = judgements(con, ["demo"], WEEKS)["demo"].window
    return found.first_week, found.last_week + dt.timedelta(days=6)


def drawn(figure, label: str) -> list[dict]:
    """Return the rows of the figure's dataset whose name starts with label."""
    (rows,) = [rows for name, rows in figure.spec["datasets"].items() if name.startswith(label + "-")]
    return rows


def test_the_demo_report_has_every_chart_and_each_spec_validates(figures):
    assert set(figures) == {
        "weekday",
        "part_of_day",
        "year_in_pixels",
        "mood_timeline",
        "apart_together_moods",
        "weekly_apart_gap",
        "conflict_drops",
        "conflict_recovery",
        "conflict_responses",
        "tag_effects",
        *(f"sign_{key}_{series}" for key in SIGNS for series in ("observed", "self_rated")),
    }
    for key, figure in figures.items():
        errors = [error.message for error in validator().iter_errors(figure.spec)]
        assert errors == [], key
        assert figure.spec["title"], key


def test_an_invalid_spec_is_caught_by_the_same_validation(figures):
    broken = {**figures["mood_timeline"].spec, "mark": "not-a-mark"}
    assert list(validator().iter_errors(broken))


def test_daily_moods_are_the_marts_calendar_days_with_gaps_as_nulls(con, figures):
    first, last = window(con)
    expected = con.execute(
        "select day::varchar, round(mood_mean, 3) from mart_daily_mood where user_id = 'demo' and day between ? and ?"
        " order by day",
        [first, last],
    ).fetchall()
    rows = drawn(figures["mood_timeline"], "daily")
    assert [(row["day"], row["mood"]) for row in rows] == expected
    assert any(mood is None for _, mood in expected), "the demo year has days without a mood"


def test_the_days_in_pixels_cover_the_whole_history_not_only_the_window(con):
    short = report_content(con, "demo", 8, TODAY)
    (pixels,) = [figure for figure in report_figures(short)["patterns"] if figure.key == "year_in_pixels"]
    expected = con.execute(
        "select day::varchar, round(mood_mean, 3) from mart_daily_mood where user_id = 'demo' order by day"
    ).fetchall()
    assert [(row["day"], row["mood"]) for row in drawn(pixels, "daily")] == expected
    assert len(expected) > 8 * 7 * 4 and len(short.daily) <= 8 * 7


def test_time_axes_tick_once_per_month_or_less(figures):
    for key in ("mood_timeline", "weekly_apart_gap", "conflict_drops", "sign_time_apart_comfort_observed"):
        spec = json.dumps(figures[key].spec)
        assert '"tickCount": {"interval": "month", "step": ' in spec, key


def test_a_time_axis_ticks_by_the_dates_it_draws_not_by_the_window():
    """Three months of weekly values in a year's window ticked every three months: one label on the whole axis."""
    autumn = [{"date": f"2019-{month}-01"} for month in ("09", "10", "11", "12")]
    assert drawn_span(autumn).days == 92 and drawn_span().days == 1
    spec = json.dumps(
        sign_trend_chart(
            autumn, [], y_title="t", domain=[0, 1], percent=False, span=drawn_span(autumn), verdict="steady"
        )
    )
    assert '"tickCount": {"interval": "month", "step": 1}' in spec


def test_each_sign_and_apart_chart_steps_its_months_by_the_weeks_it_draws(con):
    """Two years' window over the demo's one year of data: the charts step as for one year."""
    data = report_content(con, "demo", 104, TODAY)
    sections = [*report_figures(data).values(), *sign_figures(data).values()]
    figures = {figure.key: figure for section in sections for figure in section}
    assert (data.last_day - data.judgement.window.first_week).days > 700  # the window the weeks count from
    assert (data.last_day - data.first_day).days < 370  # the weeks the person reads: from the week they began
    for key, figure in figures.items():
        if key.startswith("sign_") or key == "weekly_apart_gap":
            label, field = ("sign_points", "date") if key.startswith("sign_") else ("apart_weeks", "week_start")
            step = drawn_span(drawn(figure, label), field=field).ticks()["step"]
            assert f'"tickCount": {{"interval": "month", "step": {step}}}' in json.dumps(figure.spec), key


def axis_labels(spec: dict) -> list[str]:
    """Return the x axis's labels of a chart as vl-convert draws it (600 px wide)."""
    svg = vl_convert.vegalite_to_svg({**spec, "width": 600}, vl_version=VEGA_LITE_VERSION, allowed_base_urls=[])
    first_axis = re.search(r'<g class="mark-text role-axis-label"[^>]*>(.*?)</g>', svg, re.S)
    return re.findall(r">([^<]+)</text>", first_axis.group(1)) if first_axis else []


@pytest.mark.parametrize(
    "days",
    [["2023-01-23"], ["2023-01-02", "2023-01-09", "2023-01-23"], ["2023-01-04", "2023-02-20"]],
    ids=["one day", "three weeks in one month", "seven weeks"],
)
def test_a_short_time_axis_still_dates_what_it_draws(days):
    """A person three weeks into logging: month ticks found no first of a month in the span, and every time axis
    of the page was drawn without a single date (a real export's report, 2026-12-07)."""
    span = drawn_span([{"date": day} for day in days])
    first, last = dt.date.fromisoformat(days[0]), dt.date.fromisoformat(days[-1])
    points = [{"date": day, "value": 0.5, "evidence": 1, "what": "entries"} for day in days]
    daily = [{"day": day, "mood": 3.0, "entries": 1} for day in days]
    weekly = [
        {"week_start": day, "iso_week": day, "run": 0, "mood": 3.0, "mood_low": 2.0, "mood_high": 4.0, "days_logged": 1}
        for day in days
    ]
    episodes = [
        {"day": day, "drop_points": 1.0, "recovery_hours": 5.0, "recovery_censored": False, "response": "calm"}
        for day in days
    ]
    charts = {
        "sign": sign_trend_chart(points, [], y_title="t", domain=[0, 1], percent=True, span=span, verdict="steady"),
        "mood over time": mood_timeline(daily, weekly),
        "conflicts": conflict_drops(episodes),
    }
    for name, spec in charts.items():
        labels = axis_labels(spec)
        dates = [dt.datetime.strptime(label, "%d %b %Y").date() for label in labels]
        assert len(dates) >= 3, (name, labels)
        step = dt.timedelta(days=span.ticks()["step"])  # the labels cover the span, a tick's step at most away
        assert dates[0] <= first + step and dates[-1] >= last - step and dates == sorted(dates), (name, labels)


def test_a_long_time_axis_keeps_one_label_per_month():
    span = CalendarSpan(dt.date(2022, 10, 3), dt.date(2023, 1, 23))
    spec = sign_trend_chart(
        [
            {"date": "2022-10-03", "value": 0.2, "evidence": 1, "what": "entries"},
            {"date": "2023-01-23", "value": 0.4, "evidence": 1, "what": "entries"},
        ],
        [],
        y_title="t",
        domain=[0, 1],
        percent=True,
        span=span,
        verdict="steady",
    )
    assert axis_labels(spec) == ["Nov 2022", "Dec 2022", "Jan 2023"]  # the first of each month inside the span


def test_episodes_per_month_are_counted_in_whole_episodes(figures):
    spec = figures["conflict_responses"].spec
    assert spec["encoding"]["y"]["axis"] == {"format": "d", "tickMinStep": 1}


def test_sign_charts_share_one_scale_per_unit_and_draw_a_line_only_for_a_called_change(data, figures):
    by_unit: dict[str, set[str]] = {}
    for key, sign in SIGNS.items():
        for series in ("observed", "self_rated"):
            figure = figures[f"sign_{key}_{series}"]
            (points,) = [layer for layer in figure.spec["layer"] if layer["mark"]["type"] == "point"]
            domain = points["encoding"]["y"]["scale"]["domain"]
            by_unit.setdefault(sign.rule(series).unit, set()).add(json.dumps(domain))
            assert points["encoding"]["y"]["title"], "every sign chart names its unit"
            line = drawn(figure, "sign_line")
            called = data.judgement.signs[key][series].verdict in ("improving", "declining")
            assert bool(line) == called, (key, series)
    assert all(len(domains) == 1 for domains in by_unit.values()), by_unit
    assert json.loads(next(iter(by_unit["rating points (1-5)"]))) == [1.0, 5.0]


def test_calm_in_conflict_draws_each_episode_flipped_and_its_fitted_line(con, data, figures):
    figure = figures["sign_conflict_calmness_observed"]
    drops = [row["drop_points"] for row in data.conflicts]
    assert [row["value"] for row in drawn(figure, "sign_points")] == [-drop + 0.0 for drop in drops]
    assert figure.spec["layer"][0]["encoding"]["y"]["title"] == "mood change at a conflict (points)"


def test_weekly_means_and_intervals_are_the_marts(con, figures):
    first, last = window(con)
    expected = con.execute(
        "select week_start::varchar, round(mood_mean, 3), round(mood_low, 3), round(mood_high, 3)"
        " from mart_weekly_mood where user_id = 'demo' and week_start between ? and ? and days_logged > 0"
        " order by week_start",
        [first, last],
    ).fetchall()
    rows = drawn(figures["mood_timeline"], "weekly_runs")
    assert [(r["week_start"], r["mood"], r["mood_low"], r["mood_high"]) for r in rows] == expected


def test_apart_and_together_shares_come_from_the_marts_counts(con, figures):
    first, last = window(con)
    counts = dict(
        con.execute(
            "select context || mood_level, sum(entries) from mart_apart_together_moods"
            " where user_id = 'demo' and week_start between ? and ? group by all",
            [first, last],
        ).fetchall()
    )
    rows = drawn(figures["apart_together_moods"], "apart_moods")
    assert {row["context"] + str(row["mood_level"]): row["entries"] for row in rows} == counts
    for context in ("apart", "together"):
        total = sum(row["entries"] for row in rows if row["context"] == context)
        for row in rows:
            if row["context"] == context:
                assert row["share"] == pytest.approx(row["entries"] / total, abs=1e-4)


def test_weekly_gaps_are_the_marts_and_the_trend_line_follows_the_slope(con, figures):
    first, last = window(con)
    expected = con.execute(
        "select week_start::varchar, round(apart_gap, 3) from mart_weekly_apart_together"
        " where user_id = 'demo' and week_start between ? and ? and apart_gap is not null order by week_start",
        [first, last],
    ).fetchall()
    figure = figures["weekly_apart_gap"]
    assert [(row["week_start"], row["gap"]) for row in drawn(figure, "apart_weeks")] == expected
    start, end = drawn(figure, "apart_trend")
    slope = judgements(con, ["demo"], WEEKS)["demo"].signs["time_apart_comfort"]["observed"].slope_per_week
    weeks = (dt.date.fromisoformat(end["week_start"]) - dt.date.fromisoformat(start["week_start"])).days / 7
    assert (end["gap"] - start["gap"]) / weeks == pytest.approx(slope, abs=1e-4)


def test_conflict_charts_draw_every_episode_of_the_mart(con, figures):
    first, last = window(con)
    expected = con.execute(
        "select logged_at_local::date::varchar, round(drop_points, 2), round(recovery_hours, 1), response"
        " from mart_conflict_episodes where user_id = 'demo' and week_start between ? and ? order by logged_at_local",
        [first, last],
    ).fetchall()
    assert len(expected) > 10
    labelled = [(day, drop, hours, response.replace("_", " ")) for day, drop, hours, response in expected]
    for key in ("conflict_drops", "conflict_recovery", "conflict_responses"):
        rows = drawn(figures[key], "conflicts")
        assert [(r["day"], r["drop_points"], r["recovery_hours"], r["response"]) for r in rows] == labelled
        assert "not_recorded" not in json.dumps(figures[key].spec), "legends show words, not keys"


def test_tag_effects_are_exactly_the_reported_ones(con, figures):
    reported = judgements(con, ["demo"], WEEKS)["demo"].reported_tags()
    rows = drawn(figures["tag_effects"], "tag_effects")
    assert [(r["tag"], r["mood_difference"], r["ci_low"], r["ci_high"]) for r in rows] == [
        (e.tag, e.mood_difference, e.ci95[0], e.ci95[1]) for e in reported
    ]
    assert all(r["q_value"] < 0.1 for r in rows)


def test_sign_charts_are_the_marts_observed_and_self_rated_values(con, figures):
    first, last = window(con)
    expected = con.execute(
        "select week_start::varchar, sign, series, round(value, 3) from mart_weekly_signs"
        " where user_id = 'demo' and week_start between ? and ? and not (sign = 'conflict_calmness' and"
        " series = 'observed') order by sign, series, week_start",
        [first, last],
    ).fetchall()
    rows = [
        (row["date"], key, series, row["value"])
        for key in sorted(SIGNS)
        for series in ("observed", "self_rated")
        if (key, series) != ("conflict_calmness", "observed")
        for row in drawn(figures[f"sign_{key}_{series}"], "sign_points")
    ]
    assert rows == expected


def test_each_figure_has_a_table_with_the_same_numbers(figures):
    weekly = figures["mood_timeline"]
    assert weekly.headers == ["week", "days logged", "mean mood", "95% interval"]
    drawn_means = {r["week_start"]: r["mood"] for r in drawn(weekly, "weekly_runs")}
    assert len(weekly.rows) >= len(drawn_means)
    tags = figures["tag_effects"]
    assert [row[0] for row in tags.rows] == [r["tag"] for r in drawn(tags, "tag_effects")]


def history(first: dt.date, last: dt.date, logged: set[dt.date]) -> list[dict]:
    """Return a history's daily rows from first to last, a mood of 3 on the logged days."""
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    return [
        {"day": day.isoformat(), "mood": 3.0 if day in logged else None, "entries": int(day in logged)} for day in days
    ]


def test_years_without_a_mood_are_one_line_of_the_days_in_pixels_not_rows_of_grey():
    """A real export: 4 moods over 2,811 days drew 94 rows, 91 of them grey."""
    logged = {dt.date(2015, 5, 16), dt.date(2023, 1, 4), dt.date(2023, 1, 24), dt.date(2023, 3, 2)}
    daily = history(dt.date(2015, 5, 16), dt.date(2023, 5, 31), logged)
    lines = pixel_months(daily)
    shown = ["May 2015", "Jun 2015 – Dec 2022", "Jan 2023", "Feb 2023", "Mar 2023", "Apr 2023", "May 2023"]
    assert [line.label for line in lines] == [
        "2015-05",
        "2015-06 to 2022-12",
        "2023-01",
        "2023-02",
        "2023-03",
        "2023-04",
        "2023-05",
    ]  # two empty months in a row stay rows: only three or more are a quiet stretch
    assert [line.quiet for line in lines] == [False, True, False, False, False, False, False]
    assert sum(len(line.days) for line in lines) == len(daily) and sum(len(line.moods()) for line in lines) == 4
    svg = vl_convert.vegalite_to_svg(
        {**year_in_pixels(daily), "width": 600}, vl_version=VEGA_LITE_VERSION, allowed_base_urls=[]
    )
    y_labels = re.findall(r'<g class="mark-text role-axis-label"[^>]*>(.*?)</g>', svg, re.S)[1]
    assert re.findall(r">([^<]+)</text>", y_labels) == shown  # in UTC, whatever the machine's zone
    assert f"no mood on any of these {len(lines[1].days)} days" in svg
    drawn_days = sum(len(line.days) for line in lines if not line.quiet)  # a grey square under every drawn day
    assert len(re.findall(r'<path[^>]*fill="#e6e6e6"', svg)) == drawn_days < len(daily) / 10
    assert len(re.findall(r"; day: \d{4}-", svg)) == 4  # and a coloured one over each mood


def test_a_history_logged_every_month_keeps_a_line_per_month():
    daily = history(dt.date(2024, 1, 1), dt.date(2024, 12, 31), {dt.date(2024, m, 5) for m in range(1, 13)})
    assert [line.label for line in pixel_months(daily)] == [f"2024-{month:02d}" for month in range(1, 13)]


def test_a_group_too_few_to_compare_is_drawn_faded_beside_the_compared_ones():
    """A real export's afternoons (2 moods, mean 1.5) were drawn like its evenings (310 moods): a dot far below the
    others that the sentence beneath says cannot be compared."""
    groups = [
        {"group": "morning", "mean": 3.0, "low": None, "high": None, "values": 1},
        {"group": "afternoon", "mean": 1.5, "low": None, "high": None, "values": 2},
        {"group": "evening", "mean": 3.05, "low": 2.95, "high": 3.15, "values": 310},
        {"group": "night", "mean": 2.96, "low": 2.7, "high": 3.21, "values": 46},
    ]
    groups = [{**row, "interval": "2.95 to 3.15" if row["low"] else "too few to compare"} for row in groups]
    spec = mood_by_group_chart(groups, ["morning", "afternoon", "evening", "night"], "part of the day")
    svg = vl_convert.vegalite_to_svg({**spec, "width": 600}, vl_version=VEGA_LITE_VERSION, allowed_base_urls=[])
    points = re.findall(r'<path aria-label="[^"]*part of the day: (\w+);[^>]*?opacity="([\d.]+)"', svg)
    opacity = {group: float(found) for group, found in points}
    assert set(opacity) == {"morning", "afternoon", "evening", "night"}, points
    assert opacity == {"morning": FADED, "afternoon": FADED, "evening": 1.0, "night": 1.0}
    assert svg.count("95% interval: too few to compare") == 2 and "null" not in svg


def test_a_week_of_one_mood_reads_no_interval_in_its_tooltip_not_null():
    daily = [{"day": day, "mood": mood, "entries": 1} for day, mood in (("2026-01-05", 3.0), ("2026-01-12", 4.0))]
    daily.append({"day": "2026-01-13", "mood": 2.0, "entries": 1})
    weekly = [
        {"week_start": "2026-01-05", "iso_week": "2026-W02", "run": 0, "mood": 3.0, "mood_low": None,
         "mood_high": None, "days_logged": 1},
        {"week_start": "2026-01-12", "iso_week": "2026-W03", "run": 0, "mood": 3.0, "mood_low": 1.0,
         "mood_high": 5.0, "days_logged": 2},
    ]  # fmt: skip
    svg = vl_convert.vegalite_to_svg(
        {**mood_timeline(daily, weekly), "width": 600}, vl_version=VEGA_LITE_VERSION, allowed_base_urls=[]
    )
    labels = re.findall(r'aria-label="(week_start: [^"]*weekly mean[^"]*)"', svg)
    shown = {label.split("; ")[3]: re.search(r"95% interval: ([^;]+);", label).group(1) for label in labels}
    assert shown == {"week: 2026-W02": "none (one day)", "week: 2026-W03": "1.00 to 5.00"}  # each point, the line
    assert not [label for label in labels if "null" in label]


def test_weekday_names_fit_a_phone_by_their_first_three_letters_and_parts_of_the_day_stay_whole():
    """At 390 px a real person's weekday axis read 'TuesdayWednesdayThursday'."""
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    week = [
        {"group": day, "mean": 3.0, "low": 2.5, "high": 3.5, "interval": "2.50 to 3.50", "values": 9} for day in days
    ]
    parts = ["morning", "afternoon", "evening", "night"]
    day_parts = [{**row, "group": part} for row, part in zip(week, parts, strict=False)]
    for rows, order, shown in ((week, days, [day[:3] for day in days]), (day_parts, parts, parts)):
        svg = vl_convert.vegalite_to_svg(
            {**mood_by_group_chart(rows, order, "weekday"), "width": 320}, vl_version=VEGA_LITE_VERSION,
            allowed_base_urls=[],
        )  # fmt: skip
        axes = re.findall(r'<g class="mark-text role-axis-label"[^>]*>(.*?)</g>', svg, re.S)
        assert [re.findall(r">([^<]+)</text>", axis) for axis in axes][0] == shown
