"""Mood charts: daily and weekly mood on a calendar axis, and the year in pixels."""

from __future__ import annotations

from dataclasses import dataclass

from independence.publish.charts import (
    CHART_HEIGHT,
    NOT_LOGGED,
    OKABE_ITO,
    calendar_slots,
    calendar_x,
    chart_template,
    dataset,
    drawn_span,
    interval_words,
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
    line = (
        base.mark_line(color=OKABE_ITO["blue"], point=True, strokeWidth=2)
        .encode(
            y=alt.Y("mood:Q", scale=mood_scale()),
            tooltip=[
                alt.Tooltip("iso_week:N", title="week"),
                alt.Tooltip("mood:Q", title="weekly mean", format=".2f"),
                alt.Tooltip("interval:N", title="95% interval"),
                alt.Tooltip("days_logged:Q", title="days logged"),
            ],
        )
        .transform_calculate(interval=interval_words("mood_low", "mood_high", "none (one day)"))
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


QUIET_MONTHS = 3  # this many whole months in a row without a mood are one line of the calendar, not rows of grey


@dataclass(frozen=True)
class PixelMonth:
    """One line of the days in pixels: a month and its days, or a quiet stretch of months without a mood."""

    first: str  # 'YYYY-MM'
    last: str  # the same month, or a quiet stretch's last
    days: list[dict]  # the history's rows (day, mood, entries)

    @property
    def quiet(self) -> bool:
        """Return whether the line stands for several months without a mood."""
        return self.first != self.last

    @property
    def label(self) -> str:
        """Return '2015-05', or '2015-06 to 2022-12' for a quiet stretch (the chart shows 'Jun 2015 – Dec 2022')."""
        return f"{self.first} to {self.last}" if self.quiet else self.first

    def moods(self) -> list[float]:
        """Return the moods of its days."""
        return [row["mood"] for row in self.days if row["mood"] is not None]


def pixel_months(daily: list[dict]) -> list[PixelMonth]:
    """Return the lines of the days in pixels, in order: each month of the history, except that QUIET_MONTHS or more
    months in a row without any mood are one line (years of grey rows said less than 'no mood in these 91 months')."""
    by_month: dict[str, list[dict]] = {}
    for row in daily:
        by_month.setdefault(row["day"][:7], []).append(row)
    lines: list[PixelMonth] = []
    run: list[str] = []

    def close_run() -> None:
        if len(run) >= QUIET_MONTHS:
            lines.append(PixelMonth(run[0], run[-1], [row for month in run for row in by_month[month]]))
        else:
            lines.extend(PixelMonth(month, month, by_month[month]) for month in run)
        run.clear()

    for month, rows in by_month.items():
        if any(row["mood"] is not None for row in rows):
            close_run()
            lines.append(PixelMonth(month, month, rows))
        else:
            run.append(month)
    close_run()
    return lines


# A line's label as the chart shows it: 'May 2015', or 'Jun 2015 – Dec 2022' (Vega formats the months in UTC).
_LINE_LABEL = (
    "length(datum.label) == 7 ? utcFormat(toDate(datum.label + '-01'), '%b %Y') : "
    "utcFormat(toDate(slice(datum.label, 0, 7) + '-01'), '%b %Y') + ' – ' + "
    "utcFormat(toDate(slice(datum.label, -7) + '-01'), '%b %Y')"
)


def year_in_pixels(daily: list[dict]) -> dict:
    """Return your days in pixels: one square per day since your first mood, coloured by mood, grey when not logged;
    a quiet stretch of months (`pixel_months`) is one line that says so. The days are the history's rows as they
    are (one dataset with the mood chart's when both draw the whole history); each month's line comes from a
    lookup."""
    days = dataset("daily", daily)
    months = []
    for order, line in enumerate(pixel_months(daily)):
        for index, month in enumerate(dict.fromkeys(row["day"][:7] for row in line.days)):
            quiet = f"no mood on any of these {len(line.days)} days" if line.quiet and index == 0 else None
            months.append({"month": month, "line": line.label, "order": order, "hidden": line.quiet, "quiet": quiet})
    lines = dataset("pixel_lines", months)
    height = max(60, 16 * len({row["order"] for row in months}))
    return templated_spec(_year_in_pixels, {"days": days.name, "lines": lines.name}, days, lines, height=height)


def _year_in_pixels(days: str, lines: str, height: int) -> dict:
    """Return the chart of `year_in_pixels`."""
    import altair as alt

    x = alt.X("utcdate(date):O", title="day of the month", axis=alt.Axis(labelAngle=0, labelOverlap=True))
    y = alt.Y(
        "line:O",
        title=None,
        sort=alt.EncodingSortField("order", op="min"),
        axis=alt.Axis(labelOverlap=False, labelExpr=_LINE_LABEL),
    )
    base = (
        alt.Chart(alt.NamedData(name=days))
        .transform_calculate(date="toDate(datum.day)", month="substring(datum.day, 0, 7)")
        .transform_lookup(
            lookup="month",
            from_=alt.LookupData(data=alt.NamedData(name=lines), key="month", fields=["line", "order", "hidden"]),
        )
        .transform_filter("!datum.hidden")
        .encode(x=x, y=y)
    )
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
    quiet = (
        alt.Chart(alt.NamedData(name=lines))
        .mark_text(align="left", baseline="middle", dx=4, color=OKABE_ITO["grey"], fontStyle="italic")
        .encode(x=alt.value(0), y=y, text="quiet:N")
        .transform_filter("datum.quiet != null")
    )
    chart = alt.layer(empty, moods, quiet).properties(width="container", height=height)
    return chart_template(chart, year_in_pixels)
