"""Trend verdicts on weekly series, with their uncertainty, by one rule shared by every series.

Each series is fitted a straight line with autocorrelated, noisy errors (`trendstats`); a person's
six check-in series share one estimate of those errors. The rule: a series is `improving` when the
slope's 96% interval lies above zero and the change across the weeks spanned reaches the sign's
minimum, `declining` symmetrically, `steady` otherwise, with the reason kept (the interval includes
no change, or the change is below the minimum that counts); `insufficient_data` below the minimum
weeks and evidence. A weekly series is also fitted a shift in level (a step between two levels, or a
gradual rise or fall over the first weeks that then holds, where it fits best; its own error model; a
99.2% interval that allows for the search): a change the line misses is called when the shift is clear,
points the line's way and still shows in the last weeks. Then one promise per person (`person_gated`):
the calls stand only when the person's trends together stand out from chance. Beside the trend, the last
8 weeks of the window are compared with the 8 before, by the same error model and the same rule.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from independence.analysis.trendstats import (
    GRADUAL,
    STEP,
    level_differences,
    shift_shares,
    shift_tests,
    slope_tests,
)
from independence.signs import SeriesRule, counted

ALPHA = 0.04
CONFIDENCE = 1 - ALPHA
PERSON_GATE = 0.065  # Simes' p over all of a person's trends before any is called (see `person_gated`)
SHIFT_SIDE = 8  # weeks with a value a shift in level needs on each side
SHIFT_ALPHA = 0.008  # its error rate beside the slope's ALPHA (both together stay within 5% per series)
SHIFT_HOLDS = 0.5  # the share of a shift the last weeks must show against the first ones for it to call a change
RECENT_WEEKS = 8
MIN_RECENT_VALUES = 3  # weeks with a value in each half before the halves are compared


@dataclass(frozen=True)
class SeriesPoints:
    """One series to judge: positions in weeks from the window's start (increasing), values, evidence, rule.

    `last_week` is the window's last week (the recent comparison counts back from it). Series with the
    same `group` share how persistent their weekly ups and downs are (one person's series of one kind);
    with `shared_noise` they also share their noise (one person's check-in ratings, rounded alike).
    `weekly` is False for values at moments (conflict episodes): judged one by one, they are not fitted a shift.
    """

    week_index: np.ndarray
    values: np.ndarray
    evidence: int
    rule: SeriesRule
    group: str = ""
    last_week: float | None = None
    shared_noise: bool = False
    weekly: bool = True


@dataclass(frozen=True)
class RecentChange:
    """The last weeks of the window against the weeks before: means, difference, its interval, the word."""

    weeks: int
    recent_values: int
    earlier_values: int
    recent_mean: float
    earlier_mean: float
    difference: float
    interval: tuple[float, float]
    verdict: str  # "higher", "lower" or "about the same"

    def as_json(self) -> dict:
        """Return the comparison as JSON."""
        return {
            "weeks": self.weeks,
            "recent_mean": self.recent_mean,
            "earlier_mean": self.earlier_mean,
            "difference": self.difference,
            "interval": list(self.interval),
            "verdict": self.verdict,
        }


@dataclass(frozen=True)
class ShiftChange:
    """The shift in level that fits a series best, in its form: a step (`gradual` False: `weeks_before` weeks with
    a value before it, `weeks_after` after) or gradual (a straight rise or fall over the first `weeks_before` weeks
    with a value, then held over the `weeks_after` after them); the two levels, the difference, its interval and
    p-value (both allowing for the search over the form and where it falls), the word ("higher", "lower" or "about
    the same"), and the mean of the last SHIFT_SIDE values minus that of the first ones (`ends_difference`:
    whether the shift still shows at the end) beside the same difference on the fitted shift (`ends_expected`:
    the whole shift for a step, less when a gradual one was under way in the first weeks). `between` holds the
    positions (weeks from the window's start) where the level changes: of the last value before a step and the
    first after it, or of the first value and the one where a gradual shift is complete."""

    weeks_before: int
    weeks_after: int
    level_before: float
    level_after: float
    difference: float
    interval: tuple[float, float]
    p_value: float
    verdict: str
    ends_difference: float
    between: tuple[float, float]
    gradual: bool = False
    ends_expected: float | None = None

    @property
    def holds(self) -> bool:
        """Return whether the last weeks show at least SHIFT_HOLDS of what the fitted shift puts between them and the
        first ones (a level that fell and came back has a shift on each side, neither of which holds)."""
        expected = self.difference if self.ends_expected is None else self.ends_expected
        return self.ends_difference / expected >= SHIFT_HOLDS if expected else False

    def as_json(self) -> dict:
        """Return the shift as JSON."""
        return {
            "weeks_before": self.weeks_before,
            "weeks_after": self.weeks_after,
            "level_before": self.level_before,
            "level_after": self.level_after,
            "difference": self.difference,
            "interval": list(self.interval),
            "p_value": self.p_value,
            "verdict": self.verdict,
            "ends_difference": self.ends_difference,
            "between": list(self.between),
            "form": "gradual" if self.gradual else "step",
            "ends_expected": self.ends_expected,
        }


@dataclass(frozen=True)
class SeriesTrend:
    """One series' verdict over the window; numbers are None when there is too little data.

    `reason` says why a judged series is steady: 'no_clear_change' (the interval includes zero),
    'below_minimum' (a clear but small change), 'constant' (every value the same) or 'chance_across_series'
    (a change this series alone would call, but across all of the person's series nothing stands out from
    chance, see `person_gated`). `line` is the
    fitted trend's value at the first and last position with a value. Without a verdict, `no_verdict` says
    why ('no_inputs' or 'too_little_yet', see `evidence`) and `weeks_needed` how long at the person's pace.
    """

    verdict: str
    slope_per_week: float | None
    interval: tuple[float, float] | None
    p_value: float | None
    weeks: int
    latest: float | None
    change: float | None
    evidence: int
    missing: str | None
    reason: str | None = None
    span: tuple[float, float] | None = None
    line: tuple[float, float] | None = None
    recent: RecentChange | None = None
    no_verdict: str | None = None
    weeks_needed: int | None = None
    pace_weeks: int | None = None  # the weeks `weeks_needed` read the person's pace from (not in the JSON)
    error_model: tuple[float, float] | None = None
    shift: ShiftChange | None = None
    called_by: str | None = None

    @property
    def gate_p(self) -> float | None:
        """Return the p-value the person's gate reads: the slope's, or the shift's weighed by the share of the
        error rate it has (ALPHA / SHIFT_ALPHA), whichever is smaller."""
        found = [] if self.p_value is None else [self.p_value]
        if self.shift is not None:
            found.append(min(1.0, self.shift.p_value * ALPHA / SHIFT_ALPHA))
        return min(found, default=None)

    def weeks_to_call(self, min_change: float) -> float | None:
        """Return how many more weeks at the same rate a call would need, or None (called, or no rate to go on).

        The interval of a straight line's slope narrows with the weeks spanned to the power 3/2; the
        change spanned must also reach the minimum. An extrapolation: it assumes the rate goes on.
        """
        if self.reason != "no_clear_change" or not self.slope_per_week or not self.span:
            return None
        spanned = max(self.span[1] - self.span[0], 1.0)
        half_width = (self.interval[1] - self.interval[0]) / 2
        needed = max(
            spanned * (half_width / abs(self.slope_per_week)) ** (2 / 3), min_change / abs(self.slope_per_week)
        )
        return round(needed - spanned, 1)

    def as_json(self) -> dict:
        """Return the insight JSON object of the trend."""
        return {
            "verdict": self.verdict,
            "slope_per_week": self.slope_per_week,
            "interval": list(self.interval) if self.interval else None,
            "p_value": self.p_value,
            "change": self.change,
            "weeks": self.weeks,
            "evidence": self.evidence,
            "latest": self.latest,
            "recent": self.recent.as_json() if self.recent else None,
            "no_verdict": self.no_verdict,
            "weeks_needed": self.weeks_needed,
            "shift": self.shift.as_json() if self.shift else None,
            "called_by": self.called_by,
        }


def rounded(value: float, digits: int = 4) -> float:
    """Return a plain float rounded for reports (never -0.0)."""
    return round(float(value), digits) + 0.0


def missing_words(weeks: int, evidence: int, rule: SeriesRule, helps: str = "") -> str:
    """Return what a series without a verdict is missing, and what would help (`helps`, else the rule's words)."""
    return (
        f"{counted(weeks, 'weeks')} with a value and {counted(evidence, rule.evidence_noun)} in them; a trend needs "
        f"at least {rule.min_weeks} weeks and {rule.min_evidence} {rule.evidence_noun} — "
        f"{helps or rule.what_helps} would help"
    )


def insufficient(weeks: int, evidence: int, latest: float | None, rule: SeriesRule, helps: str = "") -> SeriesTrend:
    """Return an insufficient_data trend that says what is missing."""
    missing = missing_words(weeks, evidence, rule, helps)
    return SeriesTrend("insufficient_data", None, None, None, weeks, latest, None, evidence, missing)


def called(low: float, high: float, change: float, rule: SeriesRule) -> tuple[str, str | None]:
    """Return (verdict, reason) by the one rule: the interval excludes zero and the change reaches the minimum.

    The interval is read as the report prints it (rounded to four decimals), so a bound that prints as 0 never
    stands beside a call.
    """
    low, high = rounded(low), rounded(high)
    if low > 0 or high < 0:
        if abs(change) >= rule.min_change:
            return ("improving" if change > 0 else "declining"), None
        return "steady", "below_minimum"
    return "steady", "no_clear_change"


def _padded(series: list[SeriesPoints]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return week positions, values and a validity mask as (series, longest) arrays."""
    longest = max(len(s.values) for s in series)
    x, y = np.zeros((len(series), longest)), np.zeros((len(series), longest))
    mask = np.zeros((len(series), longest), dtype=bool)
    for row, s in enumerate(series):
        x[row, : len(s.values)], y[row, : len(s.values)], mask[row, : len(s.values)] = s.week_index, s.values, True
    return x, y, mask


def _recent_changes(series: list[SeriesPoints], tests, x, y, mask) -> list[RecentChange | None]:
    """Return each series' comparison of its last RECENT_WEEKS weeks with the ones before, when both have values."""
    ends = np.array([s.last_week if s.last_week is not None else s.week_index.max() for s in series])[:, None]
    recent = mask & (x > ends - RECENT_WEEKS)
    earlier = mask & (x > ends - 2 * RECENT_WEEKS) & ~recent
    compared = (recent.sum(axis=1) >= MIN_RECENT_VALUES) & (earlier.sum(axis=1) >= MIN_RECENT_VALUES)
    varied = [  # the halves hold different values (a series with values only before both halves holds none)
        bool(both) and np.ptp(s.values[(r | e)[: len(s.values)]]) > 0
        for s, r, e, both in zip(series, recent, earlier, compared, strict=True)
    ]
    compared &= np.array(varied, dtype=bool)
    found: list[RecentChange | None] = [None] * len(series)
    if not compared.any():
        return found
    rows = np.flatnonzero(compared)
    levels = level_differences(
        x[rows], y[rows], (recent | earlier)[rows], recent[rows], tests.rho[rows], tests.noise_share[rows], ALPHA
    )
    difference, low, high = levels.difference, levels.low, levels.high
    for k, row in enumerate(rows):
        word, _ = called(low[k], high[k], difference[k], series[row].rule)
        found[row] = RecentChange(
            weeks=RECENT_WEEKS,
            recent_values=int(recent[row].sum()),
            earlier_values=int(earlier[row].sum()),
            recent_mean=rounded(y[row][recent[row]].mean()),
            earlier_mean=rounded(y[row][earlier[row]].mean()),
            difference=rounded(difference[k]),
            interval=(rounded(low[k]), rounded(high[k])),
            verdict={"improving": "higher", "declining": "lower"}.get(word, "about the same"),
        )
    return found


def _shift_changes(series, x, y, mask, groups, noise_groups) -> list[ShiftChange | None]:
    """Return each weekly series' best-fitting shift in level, where it has enough weeks (2 × SHIFT_SIDE + 3)."""
    weekly = np.array([s.weekly for s in series], dtype=bool)
    rows = np.flatnonzero(weekly)
    found: list[ShiftChange | None] = [None] * len(series)
    if not len(rows):
        return found
    shifts = shift_tests(x[rows], y[rows], mask[rows], groups[rows], noise_groups[rows], SHIFT_SIDE, SHIFT_ALPHA)
    for k in np.flatnonzero(shifts.usable):
        row, before, gradual = rows[k], int(shifts.before[k]), bool(shifts.gradual[k])
        weeks, values = series[row].week_index, series[row].values
        form = GRADUAL if gradual else STEP
        shares = shift_shares(weeks[None], np.ones((1, len(weeks)), dtype=bool), [before], [form])
        word, _ = called(shifts.low[k], shifts.high[k], shifts.difference[k], series[row].rule)
        found[row] = ShiftChange(
            weeks_before=before,
            weeks_after=int(mask[row].sum()) - before,
            level_before=rounded(shifts.earlier[k]),
            level_after=rounded(shifts.earlier[k] + shifts.difference[k]),
            difference=rounded(shifts.difference[k]),
            interval=(rounded(shifts.low[k]), rounded(shifts.high[k])),
            p_value=rounded(shifts.p_value[k]),
            verdict={"improving": "higher", "declining": "lower"}.get(word, "about the same"),
            ends_difference=rounded(values[-SHIFT_SIDE:].mean() - values[:SHIFT_SIDE].mean()),
            between=(float(weeks[0 if gradual else before - 1]), float(weeks[before - 1 if gradual else before])),
            gradual=gradual,
            ends_expected=rounded(
                shifts.difference[k] * (shares[0, -SHIFT_SIDE:].mean() - shares[0, :SHIFT_SIDE].mean())
            ),
        )
    return found


def _verdict(
    low: float, high: float, change: float, shift: ShiftChange | None, rule: SeriesRule
) -> tuple[str, str | None, str | None]:
    """Return (verdict, reason, called_by): the slope's call, else the shift's when it holds to the last weeks
    (`ShiftChange.holds`); steady when they point opposite ways (the shift against the slope's call, or against
    the slope's direction)."""
    verdict, reason = called(low, high, change, rule)
    since = {"higher": "improving", "lower": "declining"}.get(shift.verdict) if shift else None
    if verdict in ("improving", "declining"):
        if since and since != verdict:
            return "steady", "no_clear_change", None
        return verdict, None, "slope"
    if since and (change > 0) == (since == "improving") and change != 0 and shift.holds:
        return since, None, "shift"
    return verdict, reason, None


def _judged(series: list[SeriesPoints]) -> list[SeriesTrend]:
    """Return the trends of series with enough data (two or more different values), fitted together."""
    x, y, mask = _padded(series)
    groups = np.array([s.group or f"#{row}" for row, s in enumerate(series)])
    noise_groups = np.array([s.group if s.group and s.shared_noise else f"#{row}" for row, s in enumerate(series)])
    tests = slope_tests(x, y, mask, groups, noise_groups, ALPHA)
    recents = _recent_changes(series, tests, x, y, mask)
    shifts = _shift_changes(series, x, y, mask, groups, noise_groups)
    trends = []
    for k, s in enumerate(series):
        first, last = float(s.week_index[0]), float(s.week_index[-1])
        change = tests.slope[k] * (last - first)
        verdict, reason, called_by = _verdict(tests.low[k], tests.high[k], change, shifts[k], s.rule)
        at = [tests.level[k] + tests.slope[k] * (week - tests.centre[k]) for week in (first, last)]
        trends.append(
            SeriesTrend(
                verdict=verdict,
                slope_per_week=rounded(tests.slope[k]),
                interval=(rounded(tests.low[k]), rounded(tests.high[k])),
                p_value=rounded(tests.p_value[k]),
                weeks=weeks_with_values(s),
                latest=rounded(s.values[-1]),
                change=rounded(change),
                evidence=s.evidence,
                missing=None,
                reason=reason,
                span=(first, last),
                line=(rounded(at[0]), rounded(at[1])),
                recent=recents[k],
                error_model=(float(tests.rho[k]), float(tests.noise_share[k])),
                shift=shifts[k],
                called_by=called_by,
            )
        )
    return trends


def weeks_with_values(s: SeriesPoints) -> int:
    """Return the number of calendar weeks with a value (positions may be fractional: conflict episodes)."""
    return len(np.unique(np.floor(s.week_index)))


def _constant(s: SeriesPoints) -> SeriesTrend:
    """Return the trend of a series whose every value is the same: steady, no slope to estimate."""
    span = (float(s.week_index[0]), float(s.week_index[-1]))
    latest, weeks = rounded(s.values[-1]), weeks_with_values(s)
    return SeriesTrend("steady", 0.0, None, None, weeks, latest, 0.0, s.evidence, None, "constant", span)


def simes_p(p_values: list[float]) -> float:
    """Return Simes' combined p-value of the hypothesis that none of the tests found anything: the smallest
    Benjamini–Hochberg adjusted p-value (valid for independent or positively dependent tests, as one person's
    series are through the weeks they share)."""
    ordered = np.sort(np.asarray(p_values, dtype=float))
    return float(np.min(ordered * len(ordered) / np.arange(1, len(ordered) + 1))) if len(ordered) else 1.0


def person_gated(trends: list[SeriesTrend]) -> list[SeriesTrend]:
    """Return one person's trends with every call withdrawn unless their trends together stand out from chance.

    A person reads all their series at once: at 4% each, about one in five people whose signs did not change
    at all would read that one did. A change is therefore called only when Simes' test over the p-values of all
    their judged trends reaches PERSON_GATE, so at most about one person in ten with no true change reads any
    (measured in docs/method.md); a withdrawn call reads steady, 'chance_across_series'. The comparisons of the
    last weeks with the weeks before are shown only beside trends that stand out the same way: otherwise they
    read "about the same".
    """
    judged = [trend.gate_p for trend in trends if trend.gate_p is not None]
    if not judged or simes_p(judged) <= PERSON_GATE:
        return trends
    return [_withdrawn(trend) for trend in trends]


def _withdrawn(trend: SeriesTrend) -> SeriesTrend:
    """Return a trend with its call withdrawn (steady, 'chance_across_series'), and its recent comparison's too."""
    if trend.recent is not None and trend.recent.verdict != "about the same":
        trend = dataclasses.replace(trend, recent=dataclasses.replace(trend.recent, verdict="about the same"))
    if trend.shift is not None and trend.shift.verdict != "about the same":
        trend = dataclasses.replace(trend, shift=dataclasses.replace(trend.shift, verdict="about the same"))
    if trend.verdict in ("improving", "declining"):
        trend = dataclasses.replace(trend, verdict="steady", reason="chance_across_series", called_by=None)
    return trend


def series_trends(series: list[SeriesPoints]) -> list[SeriesTrend]:
    """Return the verdict of every series, in order; all series with enough data are fitted in one pass."""
    trends: list[SeriesTrend | None] = [None] * len(series)
    judged = []
    for position, s in enumerate(series):
        weeks = weeks_with_values(s)
        if weeks < s.rule.min_weeks or s.evidence < s.rule.min_evidence:
            trends[position] = insufficient(weeks, s.evidence, rounded(s.values[-1]) if weeks else None, s.rule)
        elif np.ptp(s.values) == 0:
            trends[position] = _constant(s)
        else:
            judged.append(position)
    if judged:
        for position, trend in zip(judged, _judged([series[p] for p in judged]), strict=True):
            trends[position] = trend
    return trends
