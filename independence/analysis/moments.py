"""Before and after a moment the person marked: each sign's weeks after it against the weeks before it.

An interrupted time series in its plainest form: for each series with a verdict, the weeks with a value up to
MOMENT_WEEKS before the moment's week are compared with those up to MOMENT_WEEKS after it (the moment's own week
belongs to neither side), by the generalised least squares difference of levels under the error model the
series' trend fit chose, with the same 96% interval and the same minimum change as every other verdict
(`trends.called`). Each side needs MIN_SIDE_WEEKS weeks with a value. A difference is what happened around the
moment, not proof that the moment caused it; `dev/moments.py` measures false alarms and power on simulated
people (docs/method.md).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import numpy as np

from independence.analysis.trends import ALPHA, SeriesPoints, SeriesTrend, called, rounded, simes_p
from independence.analysis.trendstats import level_differences
from independence.signs import SERIES, SIGNS, counted
from independence.warehouse.marts import Window
from independence.warehouse.moments import MarkedMoment

MOMENT_WEEKS = 26  # weeks on each side of a moment that are compared (half a year)
MIN_SIDE_WEEKS = 4  # weeks with a value each side needs
MOMENT_GATE = 0.10  # Simes' p over a moment's comparisons before any of them is called (see `gated`)
WORDS = {"improving": "higher", "declining": "lower"}


@dataclass(frozen=True)
class SideBySide:
    """One series before and after one moment: the level and weeks of each side, the difference, its interval,
    the word ('higher', 'lower', 'about the same'), or why there is none (`missing`).

    The levels are the fit's (weeks that carry over from their neighbours weigh less than a plain mean gives
    them), so after − before is the difference exactly.
    """

    sign: str
    series: str
    before_weeks: int
    after_weeks: int
    before_level: float | None = None
    after_level: float | None = None
    difference: float | None = None
    interval: tuple[float, float] | None = None
    verdict: str | None = None
    reason: str | None = None  # for 'about the same': 'no_clear_change', 'below_minimum' or 'nothing_stands_out'
    missing: str | None = None
    p_value: float | None = None

    def as_json(self) -> dict:
        """Return the comparison as JSON."""
        return {
            "sign": self.sign,
            "series": self.series,
            "before_weeks": self.before_weeks,
            "after_weeks": self.after_weeks,
            "before_level": self.before_level,
            "after_level": self.after_level,
            "difference": self.difference,
            "interval": list(self.interval) if self.interval else None,
            "p_value": self.p_value,
            "verdict": self.verdict,
            "reason": self.reason,
            "missing": self.missing,
        }


@dataclass(frozen=True)
class MomentComparison:
    """A marked moment and, for each series with a verdict, its weeks after against its weeks before."""

    moment: MarkedMoment
    compared: list[SideBySide]

    @property
    def called(self) -> list[SideBySide]:
        """Return the comparisons with a difference that counts (higher or lower)."""
        return [side for side in self.compared if side.verdict in ("higher", "lower")]

    def as_json(self) -> dict:
        """Return the moment with its comparisons as JSON."""
        return {**self.moment.as_json(), "compared": [side.as_json() for side in self.compared]}


@dataclass(frozen=True)
class _Case:
    """One (moment, series) pair to compare: the series' points split at the moment's week."""

    moment: int
    sign: str
    series: str
    points: SeriesPoints
    trend: SeriesTrend
    before: np.ndarray
    after: np.ndarray


def _sides(points: SeriesPoints, window: Window, on: dt.date) -> tuple[np.ndarray, np.ndarray]:
    """Return which of a series' points lie in the MOMENT_WEEKS weeks before and after the week holding `on`."""
    week = np.floor(window.position(dt.datetime.combine(on, dt.time())))
    weeks = np.floor(points.week_index)
    before = (weeks < week) & (weeks >= week - MOMENT_WEEKS)
    after = (weeks > week) & (weeks <= week + MOMENT_WEEKS)
    return before, after


def _weeks(points: SeriesPoints, chosen: np.ndarray) -> int:
    """Return the calendar weeks with a value among the chosen points."""
    return len(np.unique(np.floor(points.week_index[chosen])))


def _short(case: _Case) -> SideBySide:
    """Return a comparison that cannot be made yet, saying how many weeks each side has and needs."""
    before, after = _weeks(case.points, case.before), _weeks(case.points, case.after)
    missing = (
        f"{counted(before, 'weeks')} with a value before and {counted(after, 'weeks')} after; "
        f"each side needs {MIN_SIDE_WEEKS}"
    )
    return SideBySide(case.sign, case.series, before, after, missing=missing)


def _compared(cases: list[_Case]) -> list[SideBySide]:
    """Return the comparison of every case with enough weeks on both sides, judged in one vectorised pass."""
    longest = max(len(case.points.values) for case in cases)
    x, y = np.zeros((len(cases), longest)), np.zeros((len(cases), longest))
    mask, later = np.zeros_like(x, dtype=bool), np.zeros_like(x, dtype=bool)
    for row, case in enumerate(cases):
        n = len(case.points.values)
        x[row, :n], y[row, :n] = case.points.week_index, case.points.values
        mask[row, :n], later[row, :n] = case.before | case.after, case.after
    rho = np.array([case.trend.error_model[0] for case in cases])
    noise = np.array([case.trend.error_model[1] for case in cases])
    levels = level_differences(x, y, mask, later, rho, noise, ALPHA)
    found = []
    for k, case in enumerate(cases):
        word, reason = called(levels.low[k], levels.high[k], levels.difference[k], case.points.rule)
        found.append(
            SideBySide(
                case.sign,
                case.series,
                _weeks(case.points, case.before),
                _weeks(case.points, case.after),
                rounded(levels.earlier[k]),
                rounded(levels.earlier[k] + levels.difference[k]),
                rounded(levels.difference[k]),
                (rounded(levels.low[k]), rounded(levels.high[k])),
                WORDS.get(word, "about the same"),
                reason,
                p_value=rounded(levels.p_value[k]),
            )
        )
    return found


def _cases(
    moments: list[MarkedMoment], points: list[SeriesPoints], trends: list[SeriesTrend], windows: dict
) -> list[_Case]:
    """Return one case per moment and series with a fitted verdict (series in SIGNS x SERIES order)."""
    cases = []
    for number, moment in enumerate(moments):
        for k, (sign, series) in enumerate((sign, series) for sign in SIGNS for series in SERIES):
            trend, window = trends[k], windows[series]
            if trend.error_model is None or window is None:
                continue
            before, after = _sides(points[k], window, moment.on)
            cases.append(_Case(number, sign, series, points[k], trend, before, after))
    return cases


def moment_comparisons(
    moments: list[MarkedMoment], points: list[SeriesPoints], trends: list[SeriesTrend], windows: dict
) -> list[MomentComparison]:
    """Return each marked moment with its before-and-after comparison of every series that has a fitted verdict.

    `points` and `trends` are one person's series in SIGNS x SERIES order, `windows` their window per series.
    """
    if not moments:
        return []
    cases = _cases(moments, points, trends, windows)
    enough = [
        c for c in cases if _weeks(c.points, c.before) >= MIN_SIDE_WEEKS and _weeks(c.points, c.after) >= MIN_SIDE_WEEKS
    ]
    judged = dict(zip(map(id, enough), _compared(enough), strict=True)) if enough else {}
    by_moment: list[list[SideBySide]] = [[] for _ in moments]
    for case in cases:
        by_moment[case.moment].append(judged.get(id(case)) or _short(case))
    return [MomentComparison(moment, gated(compared)) for moment, compared in zip(moments, by_moment, strict=True)]


def gated(compared: list[SideBySide]) -> list[SideBySide]:
    """Return one moment's comparisons, every difference left uncalled unless the moment as a whole stands out.

    A person reads all of a moment's comparisons at once: with a dozen series at 4% each, one in five people
    whose signs did not move at all would read that something did. So the differences are called only when
    Simes' test over the moment's comparisons reaches MOMENT_GATE; then at most about one person in ten whose
    signs did not change at the moment reads a change (measured in docs/method.md).
    """
    judged = [side for side in compared if side.p_value is not None]
    if not judged or simes_p([side.p_value for side in judged]) <= MOMENT_GATE:
        return compared
    return [
        dataclasses.replace(side, verdict="about the same", reason="nothing_stands_out")
        if side.verdict in ("higher", "lower")
        else side
        for side in compared
    ]
