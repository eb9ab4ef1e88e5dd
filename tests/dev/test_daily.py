"""Power and false alarms of the weekday and time-of-day patterns on simulated daily moods (docs/method.md).

People log whole-point moods with AR(1) day-to-day carry-over, one to three entries a day, and skip
days at random and more often on hard days. Enough people per case that the assertions test the
method, not the luck of a seed.
"""

from __future__ import annotations

import pytest

from dev.daily import DailySpec, pattern_rates


@pytest.mark.parametrize(("days", "rho", "sd"), [(182, 0.6, 0.8), (364, 0.6, 0.8), (182, 0.8, 1.0)])
def test_without_a_pattern_at_most_five_percent_are_called(days, rho, sd):
    rates = pattern_rates(DailySpec(people=300, days=days, rho=rho, sd=sd, seed=days + int(rho * 10)))
    assert rates["weekday"] <= 0.05 and rates["part_of_day"] <= 0.05


def test_half_a_point_better_weekends_are_found_in_a_year():
    rates = pattern_rates(DailySpec(people=300, days=364, weekend=0.5, seed=5))
    assert rates["weekday"] >= 0.8 and rates["part_of_day"] <= 0.05


def test_half_a_point_better_evenings_are_found_in_half_a_year():
    rates = pattern_rates(DailySpec(people=300, days=182, evening=0.5, seed=6))
    assert rates["part_of_day"] >= 0.9 and rates["weekday"] <= 0.05
