"""The report's figures: each chart's Vega-Lite spec with its text alternative (a sentence and a table)."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

from independence.analysis.patterns import PARTS_OF_DAY, WEEKDAYS, MoodPattern
from independence.analysis.sentences import pattern_sentence, plural
from independence.analysis.trends import SeriesTrend
from independence.publish.charts import drawn_span
from independence.publish.charts.apart import apart_together_moods, weekly_apart_gap
from independence.publish.charts.conflicts import conflict_drops, conflict_recovery, conflict_responses
from independence.publish.charts.mood import mood_timeline, pixel_months, year_in_pixels
from independence.publish.charts.patterns import mood_by_group_chart
from independence.publish.charts.tags import tag_effects_chart
from independence.publish.report.data import ReportData


@dataclass(frozen=True)
class Figure:
    """One chart: its validated Vega-Lite spec, a one-sentence summary and the numbers as a table."""

    key: str
    title: str
    spec: dict
    summary: str
    headers: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)


def table_number(value: float | None, pattern: str = "{:.2f}") -> str:
    """Return a number for a table cell, '–' when missing."""
    if value is None:
        return "–"
    shown = pattern.format(value)
    return (pattern.format(0.0) if float(shown.rstrip("%")) == 0 else shown).replace("-", "−")  # never '−0.00'


def interval_cell(low: float | None, high: float | None, pattern: str = "{:.2f}") -> str:
    """Return an interval for a table cell ('2.87 to 3.45'), '–' when it has no interval (one day, too few)."""
    if low is None or high is None:
        return "–"
    return f"{table_number(low, pattern)} to {table_number(high, pattern)}"


def trend_line(data: ReportData, trend: SeriesTrend, field: str = "value", series: str = "observed") -> list[dict]:
    """Return the end points of a fitted line as dated rows (for a change called by a shift in level, its corners:
    each level across its weeks, or the gradual change and the level it held), or [] without a fitted line.

    A line's ends are positions in weeks from the first Monday of the series' window (fractional for episodes).
    """
    window = data.judgement.windows[series]
    if trend.line is None or trend.span is None or window is None:
        return []
    start = dt.datetime.combine(window.first_week, dt.time())
    positions, values = trend.span, trend.line
    if trend.called_by == "shift" and trend.shift.gradual:  # from the first week to where it is complete, then held
        shift = trend.shift
        positions = (*shift.between, trend.span[1])
        values = (shift.level_before, shift.level_after, shift.level_after)
    elif trend.called_by == "shift":  # the shift that called the change: its two levels, each across its weeks
        shift = trend.shift
        positions = (trend.span[0], *shift.between, trend.span[1])
        values = (shift.level_before, shift.level_before, shift.level_after, shift.level_after)
    return [
        {"date": (start + dt.timedelta(weeks=position)).date().isoformat(), field: value}
        for position, value in zip(positions, values, strict=True)
    ]


def apart_trend_line(data: ReportData) -> list[dict]:
    """Return the two end points of the fitted line of the weekly apart gap when a change was called, else []."""
    trend = data.judgement.signs["time_apart_comfort"]["observed"]
    if trend.verdict not in ("improving", "declining"):
        return []
    rows = trend_line(data, trend, "gap")
    return [{"week_start": row["date"], "gap": row["gap"]} for row in rows]


def _mood_figures(data: ReportData) -> list[Figure]:
    """Return the mood-over-time figure of the window."""
    logged = [row for row in data.weekly if row["days_logged"]]
    return [
        Figure(
            "mood_timeline",
            "Daily moods and weekly means",
            mood_timeline(data.daily, data.weekly),
            f"{len(logged)} of {plural(len(data.weekly), 'week')} {'has' if len(logged) == 1 else 'have'} a mood; "
            "the weekly mean ranged from "
            f"{table_number(min((r['mood'] for r in logged), default=None))} to "
            f"{table_number(max((r['mood'] for r in logged), default=None))} on the 1-5 scale.",
            ["week", "days logged", "mean mood", "95% interval"],
            [
                [
                    r["iso_week"],
                    r["days_logged"],
                    table_number(r["mood"]),
                    interval_cell(r["mood_low"], r["mood_high"]),
                ]
                for r in data.weekly
            ],
        )
    ]


def _group_figure(key: str, title: str, pattern: MoodPattern, order: tuple[str, ...], label: str) -> Figure:
    """Return a weekday or part-of-day figure: each group's mean mood, interval and count."""
    rows = [
        {
            "group": group.name,
            "mean": group.mean,
            "low": group.interval[0] if group.interval else None,
            "high": group.interval[1] if group.interval else None,
            "values": group.values,
        }
        for group in pattern.groups
        if group.values
    ]
    faded = " Faded points are too few to compare." if any(row["low"] is None for row in rows) else ""
    return Figure(
        key,
        title,
        mood_by_group_chart(rows, list(order), label),
        pattern_sentence(pattern) + faded,
        [label, "mean mood", "95% interval", "based on"],
        [
            [
                row["group"],
                table_number(row["mean"]),
                interval_cell(row["low"], row["high"]),
                row["values"],
            ]
            for row in rows
        ],
    )


def unpictured_patterns(data: ReportData) -> list[str]:
    """Return what the weekday and time-of-day patterns say when too few days hold them for a chart: three days'
    means drawn as a weekday chart invite reading a pattern the sentence beneath says is not there."""
    return [pattern_sentence(pattern) for pattern in (data.weekday, data.part_of_day) if pattern.verdict == "too_few"]


def _pattern_figures(data: ReportData) -> list[Figure]:
    """Return mood by weekday and by part of the day when enough days hold them (`unpictured_patterns` says when
    not), and the days in pixels."""
    figures = []
    if data.weekday.verdict != "too_few":
        figures.append(_group_figure("weekday", "Mood by weekday", data.weekday, WEEKDAYS, "weekday"))
    if data.part_of_day.verdict != "too_few":
        figures.append(
            _group_figure("part_of_day", "Mood by time of day", data.part_of_day, PARTS_OF_DAY, "part of the day")
        )
    logged = sum(row["mood"] is not None for row in data.history)
    figures.append(
        Figure(
            "year_in_pixels",
            "Your days in pixels",
            year_in_pixels(data.history),
            f"{logged} of {plural(len(data.history), 'day')} since your first mood ({data.history[0]['day']}) "
            f"{'has' if logged == 1 else 'have'} one"
            + ("; grey squares are days without one." if logged < len(data.history) else "."),
            ["month", "days with a mood", "mean mood"],
            [
                [
                    line.label,
                    f"{len(moods)} of {len(line.days)}",
                    table_number(statistics.fmean(moods) if moods else None),
                ]
                for line in pixel_months(data.history)
                for moods in [line.moods()]
            ],
        )
    )
    return figures


def apart_together_caption(apart: dict, rounded: int = 0) -> str:
    """Return the mean mood apart and together with their counts, the side no entry was logged on, if any, and
    how many moods between two whole points the distribution placed at the nearest one (the means keep them)."""
    logged = [(side, apart[f"mood_{side}"], apart[f"entries_{side}"]) for side in ("apart", "together")]
    means = [f"{side} {table_number(mood)} (n = {plural(n, 'entry')})" for side, mood, n in logged if n]
    places = {"apart": "apart from your partner", "together": "together"}
    none = [f"No entry with a mood was logged {places[side]}." for side, _, n in logged if not n]
    said = [f"Mean mood {', '.join(means)}."] if means else []
    placed = f"The chart and table count {plural(rounded, 'mood')} between two whole points at the nearest one."
    return " ".join([*said, *none, *([placed] if rounded else [])])


def _apart_figures(data: ReportData) -> list[Figure]:
    """Return the apart-vs-together distribution (none without such entries) and the weekly gap figure (none
    without a week holding both)."""
    if not data.apart_moods:
        return []
    apart = data.judgement.apart
    rounded = sum(row["entries_rounded"] for row in data.apart_moods)
    both = [row for row in data.apart_weeks if row["gap"] is not None]
    distribution = [
        Figure(
            "apart_together_moods",
            "Mood apart and together",
            apart_together_moods(data.apart_moods),
            apart_together_caption(apart, rounded),
            ["context", "mood (nearest whole point)" if rounded else "mood", "entries", "share"],
            [[r["context"], r["mood_level"], r["entries"], f"{r['share']:.0%}"] for r in data.apart_moods],
        ),
    ]
    if not both:
        return distribution
    return [
        *distribution,
        Figure(
            "weekly_apart_gap",
            "Weekly gap between apart and together",
            weekly_apart_gap(data.apart_weeks, apart_trend_line(data), drawn_span(both, field="week_start")),
            f"{plural(len(both), 'week')} had entries both apart and together; below zero means lower mood when apart.",
            ["week", "apart minus together", "entries apart", "entries together"],
            [
                [r["iso_week"], table_number(r["gap"], "{:+.2f}"), r["entries_apart"], r["entries_together"]]
                for r in both
            ],
        ),
    ]


def _conflict_figures(data: ReportData) -> list[Figure]:
    """Return the conflict figures: drops, recovery hours and responses per month (none without episodes)."""
    if not data.conflicts:
        return []
    table = (
        ["day", "drop (points)", "recovery (hours)", "response"],
        [
            [
                r["day"],
                table_number(r["drop_points"]),
                table_number(r["recovery_hours"], "{:.1f}") + ("+" if r["recovery_censored"] else ""),
                r["response"].replace("_", " "),
            ]
            for r in data.conflicts
        ],
    )
    summary = data.judgement.conflicts
    figures = [
        Figure(
            "conflict_drops",
            "Drop at each conflict",
            conflict_drops(data.conflicts),
            f"{plural(summary['episodes'], 'episode')}; median drop "
            f"{table_number(summary['median_drop_points'])} mood points.",
            *table,
        ),
        Figure(
            "conflict_recovery",
            "Recovery after each conflict",
            conflict_recovery(data.conflicts),
            f"Median recovery {table_number(summary['median_recovery_hours'], '{:.0f}')} hours; "
            f"{summary['recoveries_censored_at_7_days']} still low after 7 days (shown faded, counted as 168); "
            "every episode's hours are in the table under the drops.",
        ),
    ]
    if summary["responses"]["not_recorded"] == summary["episodes"]:  # one grey block of "not recorded" says nothing
        return figures
    return [
        *figures,
        Figure(
            "conflict_responses",
            "Responses per month",
            conflict_responses(data.conflicts),
            ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in summary["responses"].items()) + ".",
            ["response", "episodes"],
            [[name.replace("_", " "), count] for name, count in summary["responses"].items()],
        ),
    ]


def _tag_figures(data: ReportData) -> list[Figure]:
    """Return the tag-effects figure, or none when no tag stood out (`TagEffect.stood_out`)."""
    effects = [effect.as_json() for effect in data.judgement.reported_tags()]
    if not effects:
        return []
    return [
        Figure(
            "tag_effects",
            "What goes with better and worse days",
            tag_effects_chart(effects),
            f"{len(effects)} of {plural(len(data.judgement.tested), 'tag')} tested passed the false-discovery control "
            "(q < 0.1) with a 95% interval that excludes no difference.",
            ["tag", "mood difference", "95% interval", "days with", "days without", "q"],
            [
                [
                    e["tag"],
                    table_number(e["mood_difference"], "{:+.2f}"),
                    interval_cell(*e["ci95"], "{:+.2f}"),
                    e["days_with"],
                    e["days_without"],
                    table_number(e["q_value"], "{:.3f}"),
                ]
                for e in effects
            ],
        )
    ]


def report_figures(data: ReportData) -> dict[str, list[Figure]]:
    """Return the figures of each report section: patterns, mood, apart, conflicts, tags (lists may be empty).

    The sign cards' own charts are `sign_figures`.
    """
    return {
        "patterns": _pattern_figures(data) if data.history else [],
        "mood": _mood_figures(data) if data.daily else [],
        "apart": _apart_figures(data),
        "conflicts": _conflict_figures(data),
        "tags": _tag_figures(data),
    }
