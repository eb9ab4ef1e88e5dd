"""Power and false alarms of the trend rule on simulated people's weekly check-in ratings (docs/method.md).

Each case simulates people rating the six signs once a week: AR(1) weekly ups and downs (ρ 0.5, sd
0.7), whole- or half-point ratings within 1..5, weeks skipped at random and more often in hard weeks.
Enough people per case that a rate's standard error is well under half a percentage point, so the
assertions test the method, not the luck of a seed (the long-run rates are in docs/method.md).
"""

from __future__ import annotations

import pytest

from dev.ratings import RatingSpec, verdict_shares


@pytest.mark.parametrize("weeks", [26, 52])
@pytest.mark.parametrize("step", [1.0, 0.5])
def test_no_change_gets_at_most_five_percent_false_verdicts(weeks, step):
    shares = verdict_shares(RatingSpec(people=2000, weeks=weeks, step=step, seed=weeks + int(step * 10)))
    assert shares["insufficient_data"] == 0
    assert shares["improving"] + shares["declining"] <= 0.05
    assert shares["recent_higher"] + shares["recent_lower"] <= 0.05


@pytest.mark.parametrize(("weeks", "power"), [(26, 0.35), (52, 0.60)])
@pytest.mark.parametrize("step", [1.0, 0.5])
def test_a_rise_of_one_and_a_half_points_is_found_and_never_read_as_a_decline(weeks, power, step):
    shares = verdict_shares(RatingSpec(people=1500, weeks=weeks, rise=1.5, step=step, seed=100 + weeks))
    assert shares["improving"] >= power
    assert shares["declining"] == 0 and shares["recent_lower"] <= 0.01
