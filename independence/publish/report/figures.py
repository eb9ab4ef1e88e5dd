"""The report's figures: each chart's Vega-Lite spec with its text alternative (a sentence and a table)."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

from independence.analysis.sentences import SERIES_LABELS
from independence.publish.charts.apart import apart_together_moods, weekly_apart_gap
from independence.publish.charts.conflicts import conflict_drops, conflict_recovery, conflict_responses
from independence.publish.charts.mood import mood_timeline, year_in_pixels
from independence.publish.charts.signs import sign_weeks_chart
from independence.publish.charts.tags import tag_effects_chart
from independence.publish.report.data import ReportData
from independence.signs import SIGNS


@dataclass(frozen=True)
class Figure:
    """One chart: its validated Vega-Lite spec, a one-sentence summary and the numbers as a table."""

    key: str
    title: str
    spec: dict
    summary: str
    headers: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)


def _number(value: float | None, pattern: str = "{:.2f}") -> str:
    """Return a number for a table cell, '–' when missing."""
    return "–" if value is None else pattern.format(value).replace("-", "−")


def apart_trend_line(data: ReportData) -> list[dict]:
    """Return the two end points of the fitted line of the weekly apart gap, or [] without a fitted slope."""
    trend = data.judgement.signs["time_apart_comfort"]["observed"]
    window = data.judgement.window
    if trend.line is None or window is None:
        return []
    return [
        {"week_start": (window.first_week + dt.timedelta(weeks=position)).isoformat(), "gap": value}
        for position, value in zip(trend.span, trend.line, strict=True)
    ]


def _mood_figures(data: ReportData) -> list[Figure]:
    """Return the mood-over-time and year-in-pixels figures."""
    logged = [row for row in data.weekly if row["days_logged"]]
    timeline = Figure(
        "mood_timeline",
        "Mood over time",
        mood_timeline(data.daily, data.weekly),
        f"{len(logged)} of {len(data.weekly)} weeks have a mood; the weekly mean ranged from "
        f"{_number(min((r['mood'] for r in logged), default=None))} to "
        f"{_number(max((r['mood'] for r in logged), default=None))} on the 1-5 scale.",
        ["week", "days logged", "mean mood", "95% interval"],
        [
            [
                r["iso_week"],
                r["days_logged"],
                _number(r["mood"]),
                f"{_number(r['mood_low'])} to {_number(r['mood_high'])}",
            ]
            for r in data.weekly
        ],
    )
    months: dict[str, list[dict]] = {}
    for row in data.daily:
        months.setdefault(row["day"][:7], []).append(row)
    pixels = Figure(
        "year_in_pixels",
        "Year in pixels",
        year_in_pixels(data.daily),
        f"{sum(r['mood'] is not None for r in data.daily)} of {len(data.daily)} days between your first and last mood "
        "in the window have a mood; grey squares are days without one.",
        ["month", "days logged", "mean mood"],
        [
            [month, f"{len(moods)} of {len(rows)}", _number(statistics.fmean(moods) if moods else None)]
            for month, rows in months.items()
            for moods in [[r["mood"] for r in rows if r["mood"] is not None]]
        ],
    )
    return [timeline, pixels]


def _apart_figures(data: ReportData) -> list[Figure]:
    """Return the apart-vs-together distribution and weekly gap figures (none without such entries)."""
    if not data.apart_moods:
        return []
    apart = data.judgement.apart
    both = [row for row in data.apart_weeks if row["gap"] is not None]
    return [
        Figure(
            "apart_together_moods",
            "Mood apart and together",
            apart_together_moods(data.apart_moods),
            f"Mean mood apart {_number(apart['mood_apart'])} (n = {apart['entries_apart']} entries), together "
            f"{_number(apart['mood_together'])} (n = {apart['entries_together']}).",
            ["context", "mood", "entries", "share"],
            [[r["context"], r["mood_level"], r["entries"], f"{r['share']:.0%}"] for r in data.apart_moods],
        ),
        Figure(
            "weekly_apart_gap",
            "Weekly gap between apart and together",
            weekly_apart_gap(data.apart_weeks, apart_trend_line(data)),
            f"{len(both)} weeks had entries both apart and together; below zero means lower mood when apart.",
            ["week", "apart minus together", "entries apart", "entries together"],
            [[r["iso_week"], _number(r["gap"], "{:+.2f}"), r["entries_apart"], r["entries_together"]] for r in both],
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
                _number(r["drop_points"]),
                _number(r["recovery_hours"], "{:.1f}") + ("+" if r["recovery_censored"] else ""),
                r["response"],
            ]
            for r in data.conflicts
        ],
    )
    summary = data.judgement.conflicts
    return [
        Figure(
            "conflict_drops",
            "Drop at each conflict",
            conflict_drops(data.conflicts),
            f"{summary['episodes']} episodes; median drop {_number(summary['median_drop_points'])} mood points.",
            *table,
        ),
        Figure(
            "conflict_recovery",
            "Recovery after each conflict",
            conflict_recovery(data.conflicts),
            f"Median recovery {_number(summary['median_recovery_hours'], '{:.0f}')} hours; "
            f"{summary['recoveries_censored_at_7_days']} still low after 7 days (shown faded, counted as 168); "
            "every episode's hours are in the table under the drops.",
        ),
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
    """Return the tag-effects figure, or none when no tag passed the false-discovery control."""
    effects = [effect.as_json() for effect in data.judgement.reported_tags()]
    if not effects:
        return []
    return [
        Figure(
            "tag_effects",
            "What goes with better and worse days",
            tag_effects_chart(effects),
            f"{len(effects)} tag(s) of {len(data.judgement.tested)} tested passed the false-discovery control "
            "(q < 0.1).",
            ["tag", "mood difference", "95% interval", "days with", "days without", "q"],
            [
                [
                    e["tag"],
                    _number(e["mood_difference"], "{:+.2f}"),
                    f"{_number(e['ci95'][0], '{:+.2f}')} to {_number(e['ci95'][1], '{:+.2f}')}",
                    e["days_with"],
                    e["days_without"],
                    _number(e["q_value"], "{:.3f}"),
                ]
                for e in effects
            ],
        )
    ]


def _sign_figures(data: ReportData) -> list[Figure]:
    """Return the six signs week by week (none without any weekly value)."""
    if not data.sign_weeks:
        return []
    series: dict[tuple[str, str], list[dict]] = {}
    for row in data.sign_weeks:
        series.setdefault((row["sign"], row["series"]), []).append(row)
    rows = []
    for key in SIGNS:
        for name in SERIES_LABELS:
            values = [row["value"] for row in series.get((key, name), [])]
            if values:
                rows.append(
                    [
                        SIGNS[key].title,
                        SERIES_LABELS[name],
                        len(values),
                        _number(statistics.median(values)),
                        f"{_number(min(values))} to {_number(max(values))}",
                        _number(values[-1]),
                    ]
                )
    rated = any(row["series"] == "self_rated" for row in data.sign_weeks)
    return [
        Figure(
            "sign_weeks",
            "The six signs week by week",
            sign_weeks_chart(data.sign_weeks),
            "Each panel is one sign's weekly value from your entries"
            + (", beside your own check-in ratings." if rated else "; no check-in ratings were imported."),
            ["sign", "source", "weeks", "median", "range", "latest"],
            rows,
        )
    ]


def report_figures(data: ReportData) -> dict[str, list[Figure]]:
    """Return the figures of each report section: mood, apart, conflicts, tags, signs (lists may be empty)."""
    return {
        "mood": _mood_figures(data) if data.daily else [],
        "apart": _apart_figures(data),
        "conflicts": _conflict_figures(data),
        "tags": _tag_figures(data),
        "signs": _sign_figures(data),
    }
