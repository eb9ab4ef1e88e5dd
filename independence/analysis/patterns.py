"""Mood by weekday and by part of the day: each group's mean with its interval, and one test across them.

A pattern is called only when an F-test across the groups has p < ALPHA and the highest and lowest
group means are at least MIN_SPREAD mood points apart; otherwise the report says no group stands out.
The test compares groups within blocks: weekdays within the same calendar week, parts of the day
within the same day (a two-way layout, block + group, against block alone). A slow rise or a bad
month then moves every group of its blocks alike and cannot pass for a pattern, and the test is not
blurred by it. Adjacent days share a mood level, which makes interleaved groups look more alike, not
less: the test errs towards "nothing stands out". Rates on simulated people are in docs/method.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from scipy import special  # special, not stats: scipy.stats alone takes 0.7 s to import

from independence.analysis.trends import ALPHA

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PARTS_OF_DAY = ("morning", "afternoon", "evening", "night")
MIN_VALUES_PER_GROUP = 4
MIN_VALUES = 28
MOOD_SCALE = (1.0, 5.0)
MIN_SPREAD = 0.25
INTERVAL_LEVEL = 0.95


@dataclass(frozen=True)
class GroupMood:
    """One group's mood: its name, how many values (days) it rests on, their mean and 95% interval."""

    name: str
    values: int
    mean: float | None
    interval: tuple[float, float] | None


@dataclass(frozen=True)
class MoodPattern:
    """Mood across the groups of one kind ('weekday' or 'part of day') and whether one stands out.

    `verdict` is 'differs' (a called pattern), 'no_difference' or 'too_few' (not testable yet).
    """

    kind: str
    groups: list[GroupMood]
    verdict: str
    p_value: float | None

    @property
    def tested(self) -> list[GroupMood]:
        """Return the groups with enough values to be compared, in their natural order."""
        return [group for group in self.groups if group.values >= MIN_VALUES_PER_GROUP]

    @property
    def highest(self) -> GroupMood | None:
        """Return the tested group with the highest mean."""
        return max(self.tested, key=lambda group: group.mean, default=None)

    @property
    def lowest(self) -> GroupMood | None:
        """Return the tested group with the lowest mean."""
        return min(self.tested, key=lambda group: group.mean, default=None)

    @property
    def values(self) -> int:
        """Return how many values (days, or day-parts) the pattern rests on."""
        return sum(group.values for group in self.groups)


def group_mood(name: str, values: np.ndarray) -> GroupMood:
    """Return a group's mean and t interval, kept within the mood scale (none below MIN_VALUES_PER_GROUP values,
    where a t interval of a few days runs far beyond the scale)."""
    if not len(values):
        return GroupMood(name, 0, None, None)
    mean = float(values.mean())
    if len(values) < MIN_VALUES_PER_GROUP:
        return GroupMood(name, len(values), round(mean, 3), None)
    half = special.stdtrit(len(values) - 1, 0.5 + INTERVAL_LEVEL / 2) * values.std(ddof=1) / np.sqrt(len(values))
    low, high = max(mean - half, MOOD_SCALE[0]), min(mean + half, MOOD_SCALE[1])
    return GroupMood(name, len(values), round(mean, 3), (round(float(low), 3), round(float(high), 3)))


def _within_blocks(matrix: np.ndarray, blocks: np.ndarray) -> np.ndarray:
    """Return the columns of `matrix` minus their mean within each block (rows of one block)."""
    _, index = np.unique(blocks, return_inverse=True)
    sums = np.zeros((index.max() + 1, matrix.shape[1]))
    np.add.at(sums, index, matrix)
    return matrix - (sums / np.bincount(index)[:, None])[index]


def blocked_p_value(values: np.ndarray, groups: np.ndarray, blocks: np.ndarray) -> float:
    """Return the p-value of the groups' F-test within blocks: block + group against block alone.

    The blocks' own means are absorbed by centring within each block (Frisch-Waugh), so the fit is as
    cheap as a one-way test. Blocks with one value carry no comparison; nan when nothing varies.
    """
    dummies = (groups[:, None] == np.unique(groups)[None, 1:]).astype(float)
    centred = _within_blocks(np.column_stack([values, dummies]), blocks)
    y, x = centred[:, 0], centred[:, 1:]
    coefficients, _, rank, _ = np.linalg.lstsq(x, y, rcond=None)
    rss_blocks, rss_full = float(y @ y), float((y - x @ coefficients) @ (y - x @ coefficients))
    denominator_df = len(values) - len(np.unique(blocks)) - int(rank)
    if rank < 1 or denominator_df < 1 or rss_full <= 1e-12:
        return 0.0 if rss_blocks - rss_full > 1e-9 else float("nan")
    statistic = (rss_blocks - rss_full) / rank / (rss_full / denominator_df)
    return float(special.fdtrc(rank, denominator_df, statistic))


def mood_pattern(
    kind: str, order: tuple[str, ...], labels: list[str], values: list[float], blocks: list[object]
) -> MoodPattern:
    """Return the pattern of `values` grouped by `labels` (groups in `order`), compared within `blocks`."""
    by_label = np.array(labels, dtype=object)
    moods = np.array(values, dtype=float)
    groups = [group_mood(name, moods[by_label == name]) for name in order]
    kept = np.isin(by_label, [group.name for group in groups if group.values >= MIN_VALUES_PER_GROUP])
    if len(np.unique(by_label[kept])) < 2 or kept.sum() < MIN_VALUES:
        return MoodPattern(kind, groups, "too_few", None)
    p_value = blocked_p_value(moods[kept], by_label[kept].astype(str), np.array(blocks, dtype=object)[kept].astype(str))
    means = [group.mean for group in groups if group.values >= MIN_VALUES_PER_GROUP]
    differs = bool(p_value < ALPHA) and max(means) - min(means) >= MIN_SPREAD  # nan (all equal) is never < ALPHA
    p_value = 1.0 if np.isnan(p_value) else p_value
    return MoodPattern(kind, groups, "differs" if differs else "no_difference", p_value)


def weekday_pattern(days: list[tuple[dt.date, float | None]]) -> MoodPattern:
    """Return mood by weekday from (day, mean mood) pairs, compared within calendar weeks; no-mood days left out."""
    logged = [(day, mood) for day, mood in days if mood is not None]
    return mood_pattern(
        "weekday",
        WEEKDAYS,
        [WEEKDAYS[day.weekday()] for day, _ in logged],
        [mood for _, mood in logged],
        [day - dt.timedelta(days=day.weekday()) for day, _ in logged],
    )


def part_of_day_pattern(parts: list[tuple[dt.date, str, float]]) -> MoodPattern:
    """Return mood by part of the day from (day, part, mean mood of that part) triples, compared within days."""
    return mood_pattern(
        "part of day",
        PARTS_OF_DAY,
        [part for _, part, _ in parts],
        [mood for _, _, mood in parts],
        [day for day, _, _ in parts],
    )
