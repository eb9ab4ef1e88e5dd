"""Trend verdicts on weekly series, with their uncertainty.

Theil–Sen slope per week with its 95% interval and the Mann–Kendall test with the Hamed–Rao
autocorrelation correction (`trendstats`, checked against scipy and pymannkendall). A verdict needs
both to agree and the change over the window to reach the sign's minimum.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from independence.analysis.trendstats import hamed_rao_p_values, kendall_scores, theil_sen
from independence.signs import SeriesRule

ALPHA = 0.025
CONFIDENCE = 0.95


@dataclass(frozen=True)
class SeriesTrend:
    """One series' verdict over the window; numbers are None when there is too little data."""

    verdict: str
    slope_per_week: float | None
    ci95: tuple[float, float] | None
    p_value: float | None
    weeks: int
    latest: float | None
    change: float | None
    evidence: int
    missing: str | None
    rank_direction: int = 0  # sign of the Mann–Kendall score: +1 later weeks tend higher, -1 lower

    def as_json(self) -> dict:
        """Return the insight JSON object: verdict, slope_per_week, ci95, p_value, weeks, latest."""
        return {
            "verdict": self.verdict,
            "slope_per_week": self.slope_per_week,
            "ci95": list(self.ci95) if self.ci95 else None,
            "p_value": self.p_value,
            "weeks": self.weeks,
            "latest": self.latest,
        }


def _rounded(value: float, digits: int = 4) -> float:
    """Return a plain float rounded for reports."""
    return round(float(value), digits)


def insufficient(weeks: int, evidence: int, latest: float | None, rule: SeriesRule) -> SeriesTrend:
    """Return an insufficient_data trend that says what is missing."""
    missing = (
        f"{weeks} week(s) with a value and {evidence} {rule.evidence_noun}; a trend needs at least "
        f"{rule.min_weeks} weeks and {rule.min_evidence} {rule.evidence_noun} — {rule.what_helps} would help"
    )
    return SeriesTrend("insufficient_data", None, None, None, weeks, latest, None, evidence, missing)


@dataclass(frozen=True)
class SeriesPoints:
    """One weekly series to judge: week numbers from the window start (increasing), values, evidence, rule."""

    week_index: np.ndarray
    values: np.ndarray
    evidence: int
    rule: SeriesRule


def _verdict(slope: float, low: float, high: float, p_value: float, change: float, rule: SeriesRule) -> str:
    """Return improving/declining only when the test, the interval and the size of the change all agree."""
    if p_value < ALPHA and low > 0 and change >= rule.min_change:
        return "improving"
    if p_value < ALPHA and high < 0 and -change >= rule.min_change:
        return "declining"
    return "steady"


def _judged(series: list[SeriesPoints]) -> list[SeriesTrend]:
    """Return trends for series of equal length with enough data, computed in one vectorised pass."""
    x = np.stack([s.week_index for s in series]).astype(float)
    y = np.stack([s.values for s in series]).astype(float)
    slopes, lows, highs = theil_sen(x, y, CONFIDENCE)
    p_values = hamed_rao_p_values(y, ALPHA)
    directions = np.sign(kendall_scores(y)).astype(int)
    trends = []
    for k, s in enumerate(series):
        latest = _rounded(s.values[-1])
        if np.ptp(s.values) == 0:
            trends.append(SeriesTrend("steady", 0.0, (0.0, 0.0), 1.0, len(s.values), latest, 0.0, s.evidence, None))
            continue
        change = slopes[k] * float(s.week_index[-1] - s.week_index[0])
        trends.append(
            SeriesTrend(
                _verdict(slopes[k], lows[k], highs[k], p_values[k], change, s.rule),
                _rounded(slopes[k]),
                (_rounded(lows[k]), _rounded(highs[k])),
                _rounded(p_values[k]),
                len(s.values),
                latest,
                _rounded(change),
                s.evidence,
                None,
                int(directions[k]),
            )
        )
    return trends


def series_trends(series: list[SeriesPoints]) -> list[SeriesTrend]:
    """Return the verdict of every series, in order; series of the same length are judged together."""
    trends: list[SeriesTrend | None] = [None] * len(series)
    by_length: dict[int, list[int]] = {}
    for position, s in enumerate(series):
        weeks = len(s.values)
        if weeks < s.rule.min_weeks or s.evidence < s.rule.min_evidence:
            trends[position] = insufficient(weeks, s.evidence, _rounded(s.values[-1]) if weeks else None, s.rule)
        else:
            by_length.setdefault(weeks, []).append(position)
    for positions in by_length.values():
        for position, trend in zip(positions, _judged([series[p] for p in positions]), strict=True):
            trends[position] = trend
    return trends
