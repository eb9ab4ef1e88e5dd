"""Whether a person skips more weeks after low ones: then the weeks they logged look better than their weeks were.

For each week with a value (but the window's last), is the next week skipped? Weeks below the person's median
are "low"; the skipping pattern is informative when the share of low weeks followed by a skip is at least
INFORMATIVE points above the share of other weeks followed by one, with MIN_WEEKS of each kind, and a one-sided
two-proportion test puts the difference beyond chance (p ≤ SKIP_ALPHA): with 20 weeks of each kind, differences
of 10 points come by chance to a quarter of people who skip at random. The report
then says so: a fall can read smaller than it was and a rise larger. docs/method.md measures how much
skipping after bad weeks moves the verdicts on simulated people (the sensitivity analysis behind the words).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

INFORMATIVE = 0.10  # skip share after low weeks minus after the others
MIN_WEEKS = 8  # weeks of each kind before a pattern is looked for
SKIP_ALPHA = 0.05  # one-sided test of the difference


@dataclass(frozen=True)
class SkipPattern:
    """How often a skipped week followed a low week and any other week, out of how many of each."""

    after_low: float
    after_other: float
    low_weeks: int
    other_weeks: int

    @property
    def p_value(self) -> float:
        """Return the one-sided p-value of the two-proportion z-test that low weeks are followed by more skips."""
        skips = self.after_low * self.low_weeks + self.after_other * self.other_weeks
        pooled = skips / (self.low_weeks + self.other_weeks)
        spread = np.sqrt(pooled * (1 - pooled) * (1 / self.low_weeks + 1 / self.other_weeks))
        if spread == 0:
            return 1.0
        return float(special.ndtr(-(self.after_low - self.after_other) / spread))

    @property
    def informative(self) -> bool:
        """Return whether low weeks are followed by a skip clearly more often than the others, beyond chance."""
        return self.after_low - self.after_other >= INFORMATIVE and self.p_value <= SKIP_ALPHA

    def as_json(self) -> dict:
        """Return the pattern as JSON."""
        return {
            "after_low": round(self.after_low, 3),
            "after_other": round(self.after_other, 3),
            "low_weeks": self.low_weeks,
            "other_weeks": self.other_weeks,
            "informative": self.informative,
        }


def skip_pattern(weeks: np.ndarray, values: np.ndarray, last_week: int) -> SkipPattern | None:
    """Return the skipping pattern of weekly values at integer `weeks` (a window's weeks up to `last_week`), or
    None with fewer than MIN_WEEKS low or other weeks to go on."""
    weeks = np.asarray(weeks, dtype=int)
    values = np.asarray(values, dtype=float)
    if len(weeks) < 2 * MIN_WEEKS:
        return None
    logged = set(weeks.tolist())
    followed = weeks < last_week
    skipped_next = np.array([week + 1 not in logged for week in weeks])[followed]
    low = (values < np.median(values))[followed]
    if low.sum() < MIN_WEEKS or (~low).sum() < MIN_WEEKS:
        return None
    return SkipPattern(
        float(skipped_next[low].mean()), float(skipped_next[~low].mean()), int(low.sum()), int((~low).sum())
    )


def weekly_means(weeks: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the distinct whole weeks of values at (possibly fractional) week positions, and each week's mean."""
    whole = np.floor(np.asarray(weeks, dtype=float)).astype(int)
    distinct, which = np.unique(whole, return_inverse=True)
    sums = np.bincount(which, weights=np.asarray(values, dtype=float))
    return distinct, sums / np.bincount(which)


def weekly_levels(points: list) -> tuple[np.ndarray, np.ndarray]:
    """Return the weeks with a value across series that share their weeks (one person's check-ins), and each
    week's mean over the series that have it."""
    return weekly_means(np.concatenate([s.week_index for s in points]), np.concatenate([s.values for s in points]))
