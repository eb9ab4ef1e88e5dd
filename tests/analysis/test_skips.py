"""Whether a person skips more weeks after low ones: counted on their own weeks, said only beyond chance, and
found in simulated people who skip after bad weeks more often than in people who skip at random."""

from __future__ import annotations

import numpy as np
from scipy import stats

from dev.shapes import ShapeSpec, flagged_share
from independence.analysis.skips import MIN_WEEKS, skip_pattern


def weeks_with(values_by_week: dict[int, float]) -> tuple[np.ndarray, np.ndarray]:
    weeks = np.array(sorted(values_by_week))
    return weeks, np.array([values_by_week[week] for week in weeks], dtype=float)


def test_low_weeks_followed_by_skips_are_counted_from_the_persons_own_weeks():
    rng = np.random.default_rng(3)
    values, week = {}, 0
    while week < 60:
        low = week % 3 == 0
        values[week] = (2.0 if low else 4.0) + rng.uniform(-0.4, 0.4)
        week += 2 if low else 1  # every low week is followed by a skipped one
    pattern = skip_pattern(*weeks_with(values), last_week=59)
    assert pattern.after_low == 1.0 and pattern.after_other == 0.0 and pattern.informative
    assert pattern.low_weeks + pattern.other_weeks == len(values) - (59 in values)  # the last week has no next


def test_the_test_agrees_with_scipy_and_a_small_difference_is_not_said():
    pattern = skip_pattern(*weeks_with({w: float(w % 2) for w in range(0, 40)}), last_week=39)
    assert pattern.after_low == pattern.after_other == 0.0 and not pattern.informative and pattern.p_value == 1.0
    from independence.analysis.skips import SkipPattern

    mild = SkipPattern(after_low=0.25, after_other=0.10, low_weeks=20, other_weeks=20)
    table = [[5, 15], [2, 18]]
    z = stats.contingency.chi2_contingency(table, correction=False)
    assert mild.p_value == np.float64(mild.p_value) and abs(mild.p_value - z.pvalue / 2) < 1e-9
    assert not mild.informative  # 15 points, but with 20 weeks each not beyond chance


def test_too_few_weeks_of_either_kind_give_no_pattern():
    assert skip_pattern(*weeks_with({w: 3.0 + (w % 3 == 0) for w in range(2 * MIN_WEEKS - 1)}), 40) is None


def test_people_who_skip_after_bad_weeks_are_told_more_often_than_people_who_skip_at_random():
    at_random = flagged_share(ShapeSpec(people=400, skip_bad=0.0, seed=21))
    after_bad = flagged_share(ShapeSpec(people=400, skip_bad=0.6, seed=21))
    assert at_random <= 0.08 and after_bad >= 2 * at_random
