"""False alarms and power of "before and after a moment" on simulated people (the table in docs/method.md).

People rate the six signs weekly in whole points, a shared "how the week went" factor and each sign's own ups and
downs behind every rating, 30% of weeks skipped and 20% more in weeks that went badly; the moment falls between a
quarter and three quarters of the way through. 1,000 people per case: a rate's standard error is under 1.5 points
for the per-person rates and under half a point per sign.
"""

from __future__ import annotations

import pytest

from dev.moments import MomentSpec, moment_rates


@pytest.mark.parametrize("weeks", [26, 52])
def test_when_nothing_changes_at_most_one_person_in_ten_reads_a_change_and_each_sign_at_most_five_percent(weeks):
    rates = moment_rates(MomentSpec(people=1000, weeks=weeks, seed=weeks))
    assert rates.false_per_sign <= 0.05
    assert rates.people_with_a_false_call <= 0.10
    assert rates.compared >= 0.8  # the comparisons are made, not left out


@pytest.mark.parametrize(("weeks", "power"), [(26, 0.45), (52, 0.75)])
@pytest.mark.parametrize("step", [1.5, -1.5])
def test_a_step_of_one_and_a_half_points_at_the_moment_is_found_the_right_way(weeks, power, step):
    rates = moment_rates(MomentSpec(people=1000, weeks=weeks, step=step, seed=200 + weeks))
    assert rates.found >= power
    assert rates.opposite == 0
    assert rates.false_per_sign <= 0.05  # the three unchanged signs stay calibrated beside the changed ones
