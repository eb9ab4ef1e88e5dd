"""Mood charts: daily and weekly mood on a calendar axis, and the year in pixels."""

from __future__ import annotations

from independence.publish.charts import (
    CHART_HEIGHT,
    NOT_LOGGED,
    OKABE_ITO,
    calendar_slots,
    calendar_x,
    chart_template,
    dataset,
    drawn_span,
    mood_colours,
    mood_scale,
    templated_spec,
)


def mood_timeline(daily: list[dict], weekly: list[dict]) -> dict:
    """Return the mood over time: logged days as dots, weekly mean with its 95% interval, gaps left empty; the
    time axis spans the days and weeks with a mood (the whole window when none has one)."""
    days = dataset("daily", daily)
    runs = [row for row in weekly if row["run"] is not None]
    weeks = dataset("weekly_runs", runs)
    moods = [{"date": row["day"]} for row in daily if row["mood"] is not None]
    span = drawn_span(moods, [{"date": row["week_start"]} for row in runs or weekly])
    slots, ticks = calendar_slots(span)
    return templated_spec(_mood_timeline, {"days": days.name, "weeks": weeks.name, **slots}, days, weeks, **ticks)


def _mood_timeline(days: str, weeks: str, time_domain: list[float], interval: str, step: int) -> dict:
    """Return the chart of `mood_timeline`."""
    import altair as alt

    x = calendar_x("week_start:T", interval, step, time_domain)
    base = alt.Chart(alt.NamedData(name=weeks)).encode(x=x, detail="run:N")
    band = base.mark_area(opacity=0.25, color=OKABE_ITO["blue"]).encode(
        y=alt.Y("mood_low:Q", scale=mood_scale(), title="mood (1-5)"), y2="mood_high:Q"
    )
    line = base.mark_line(color=OKABE_ITO["blue"], point=True, strokeWidth=2).encode(
        y=alt.Y("mood:Q", scale=mood_scale()),
        tooltip=[
            alt.Tooltip("iso_week:N", title="week"),
            alt.Tooltip("mood:Q", title="weekly mean", format=".2f"),
            alt.Tooltip("mood_low:Q", title="95% interval from", format=".2f"),
            alt.Tooltip("mood_high:Q", title="to", format=".2f"),
            alt.Tooltip("days_logged:Q", title="days logged"),
        ],
    )
    dots = (
        alt.Chart(alt.NamedData(name=days))
        .mark_circle(size=18, opacity=0.5, color=OKABE_ITO["grey"])
        .encode(
            x=alt.X("day:T"),
            y=alt.Y("mood:Q", scale=mood_scale()),
            tooltip=[alt.Tooltip("day:N", title="day"), alt.Tooltip("mood:Q", format=".2f")],
        )
        .transform_filter("datum.mood != null")
    )
    chart = alt.layer(dots, band, line).properties(width="container", height=CHART_HEIGHT)
    return chart_template(chart, mood_timeline)


def year_in_pixels(daily: list[dict]) -> dict:
    """Return your days in pixels: one square per day since your first mood, coloured by mood, grey when not logged."""
    days = dataset("daily", daily)
    months = len({row["day"][:7] for row in daily})
    return templated_spec(_year_in_pixels, {"days": days.name}, days, height=max(60, 16 * months))


def _year_in_pixels(days: str, height: int) -> dict:
    """Return the chart of `year_in_pixels`."""
    import altair as alt

    x = alt.X("utcdate(date):O", title="day of the month", axis=alt.Axis(labelAngle=0, labelOverlap=True))
    y = alt.Y("utcyearmonth(date):O", title=None, axis=alt.Axis(format="%b %Y", labelOverlap=False))
    base = alt.Chart(alt.NamedData(name=days)).transform_calculate(date="toDate(datum.day)").encode(x=x, y=y)
    empty = base.mark_rect(color=NOT_LOGGED, stroke="white", strokeWidth=0.5).encode(
        tooltip=[alt.Tooltip("day:N", title="day (not logged)")]
    )
    moods = (
        base.mark_rect(stroke="white", strokeWidth=0.5)
        .encode(
            color=alt.Color("mood:Q", scale=mood_colours(), title="mood"),
            tooltip=[
                alt.Tooltip("day:N", title="day"),
                alt.Tooltip("mood:Q", format=".2f"),
                alt.Tooltip("entries:Q", title="entries"),
            ],
        )
        .transform_filter("datum.mood != null")
    )
    chart = alt.layer(empty, moods).properties(width="container", height=height)
    return chart_template(chart, year_in_pixels)
