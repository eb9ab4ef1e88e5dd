"""Each sign card's charts: its values over time in its unit, one y scale per unit, the line when a change is called."""

from __future__ import annotations

from independence.analysis.sentences import plural
from independence.analysis.trends import SeriesTrend, ShiftChange
from independence.publish.charts import drawn_span
from independence.publish.charts.signs import sign_trend_chart
from independence.publish.report.content import SOURCES, shown_series
from independence.publish.report.data import ReportData
from independence.publish.report.figures import Figure, table_number, trend_line
from independence.signs import SIGNS, SeriesRule, counted


def sign_points(data: ReportData, sign_key: str, series: str) -> list[dict]:
    """Return the dated values a sign's chart draws: weekly values, or for calm in conflict each episode."""
    rule = SIGNS[sign_key].rule(series)
    if (sign_key, series) == ("conflict_calmness", "observed"):
        return [
            {
                "date": row["day"],
                "value": -row["drop_points"] + 0.0,
                "evidence": "1 conflict episode",
                "what": f"the episode of {row['day']}",
            }
            for row in data.conflicts
        ]
    return [
        {
            "date": row["week_start"],
            "value": row["value"],
            "evidence": _evidence(sign_key, series, row, rule),
            "what": f"the week of {row['week_start']}",
        }
        for row in data.sign_weeks
        if row["sign"] == sign_key and row["series"] == series
    ]


def _evidence(sign_key: str, series: str, row: dict, rule: SeriesRule) -> str:
    """Return what one week's value rests on, counted as the card's n is: '2 entries noting expressed needs on 7
    described days' for expressing needs (its weekly value is a rate over days with a tag or a note)."""
    if (sign_key, series) == ("needs_expression", "observed"):
        noted = round(row["value"] * row["evidence"])
        return f"{counted(noted, rule.evidence_noun)} on {plural(row['evidence'], 'described day')}"
    return counted(row["evidence"], rule.evidence_noun)


def called_line(data: ReportData, trend: SeriesTrend, series: str) -> list[dict]:
    """Return the fitted line's ends when a change was called (a steady line is not drawn)."""
    return trend_line(data, trend, series=series) if trend.verdict in ("improving", "declining") else []


def unit_domains(data: ReportData) -> dict[str, list[float]]:
    """Return one y scale per unit, shared by every chart in that unit: ratings 1-5, shares 0-100%, else the data's.

    Mood points and counts keep zero in view (zero means no difference, or none).
    """
    values: dict[str, list[float]] = {}
    for key, sign in SIGNS.items():
        for series in shown_series(data):
            if data.judgement.signs[key][series].no_verdict == "no_inputs":
                continue
            rule = sign.rule(series)
            found = [row["value"] for row in sign_points(data, key, series)]
            found += [row["value"] for row in called_line(data, data.judgement.signs[key][series], series)]
            values.setdefault(rule.unit, []).extend(found)
    domains = {}
    for unit, found in values.items():
        if unit.startswith("rating points"):
            domains[unit] = [1.0, 5.0]
        elif unit.startswith("share of "):
            domains[unit] = [0.0, 1.0]
        else:
            low, high = min([0.0, *found]), max([0.0, *found])
            pad = (high - low) * 0.05 or 0.5
            domains[unit] = [round(low - pad, 2), round(high + pad, 2)]
    return domains


def _axis_title(sign_key: str, series: str, rule: SeriesRule) -> str:
    """Return a chart's unit as its axis title."""
    if series == "self_rated":
        return "your rating (1-5)"
    if sign_key == "conflict_calmness":
        return "mood change at a conflict (points)"
    if rule.unit.startswith("share of "):
        return rule.unit.removeprefix("share of ").replace("entries", "entries (share)")
    return rule.unit


def _sign_caption(sign_key: str, series: str, count: int, line: bool, shift: ShiftChange | None = None) -> str:
    """Return what a sign chart shows: '42 weeks with a value from your entries; the line is the fitted trend.'"""
    if (sign_key, series) == ("conflict_calmness", "observed"):
        shown = f"{plural(count, 'conflict episode')} from your entries, each at its day"
    else:
        source = "from your entries" if series == "observed" else "from your check-ins"
        shown = f"{plural(count, 'week')} with a value {source}"
    if not line:
        return shown + "; no change was called, so no line is drawn."
    if shift is not None and shift.gradual:
        return shown + "; the line is the fitted shift in level: a gradual change over your first weeks, then held."
    if shift is not None:
        return shown + "; the line is the fitted shift in level: the weeks before it and the weeks after."
    return shown + "; the line is the fitted trend."


def sign_figures(data: ReportData) -> dict[str, list[Figure]]:
    """Return per sign the chart of each shown series that has a value and inputs: its unit, shared scale, called
    line."""
    domains = unit_domains(data)
    figures: dict[str, list[Figure]] = {}
    for key, sign in SIGNS.items():
        figures[key] = []
        for series in shown_series(data):
            rule, trend = sign.rule(series), data.judgement.signs[key][series]
            points = sign_points(data, key, series)
            if not points or trend.no_verdict == "no_inputs":  # a sign nothing speaks to gets no chart
                continue
            percent = rule.unit.startswith("share of ")
            figures[key].append(
                Figure(
                    f"sign_{key}_{series}",
                    f"{SOURCES[series]} · {_axis_title(key, series, rule)}",
                    sign_trend_chart(
                        points,
                        called_line(data, trend, series),
                        y_title=_axis_title(key, series, rule),
                        domain=domains[rule.unit],
                        percent=percent,
                        span=drawn_span(points, called_line(data, trend, series)),
                        verdict=trend.verdict,
                    ),
                    _sign_caption(
                        key,
                        series,
                        len(points),
                        bool(called_line(data, trend, series)),
                        trend.shift if trend.called_by == "shift" else None,
                    ),
                    ["date", "value", "based on"],
                    [
                        [row["date"], f"{row['value']:.0%}" if percent else table_number(row["value"]), row["evidence"]]
                        for row in points
                    ],
                )
            )
    return figures
