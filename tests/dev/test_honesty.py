"""Proof that the verdicts are honest: few false alarms on null personas, power on planted ones.

Four cohorts of 200 personas (AR(1) mood, correlation 0.6, gaps more likely on low days, one break
each): no change, the apart gap closing from -1.0 to 0, (for a strong reactor) the conflict drop
halving from 2.4 to 1.2, and second-guessing giving way to deciding alone, each over the last 20
weeks (docs/method.md has the rates for milder cases). All go through the real warehouse, transforms
and statistics at once. With 200 personas one series' rate has a standard error of about 1.4
points around the rule's 4%, so each series is held to 7.5% and their mean to 5%; a persona reads all their
series at once, and at most one null persona in ten may read any change (the per-person gate).
"""

from __future__ import annotations

import pytest

from dev.honesty import measured_rates
from dev.synth_cohort import STRONG_REACTOR
from independence.signs import SERIES, SIGNS

PERSONAS = 200


@pytest.fixture(scope="module")
def rates(tmp_path_factory):
    return measured_rates(tmp_path_factory.mktemp("honesty") / "warehouse.duckdb", PERSONAS, None, STRONG_REACTOR)


def test_every_persona_gets_every_series_judged(rates):
    assert set(rates) == {"null", "apart_gap", "conflict_drop", "second_guessing"}
    for kind in rates:
        assert rates[kind].personas == PERSONAS
        assert set(rates[kind].verdicts) == {f"{s}/{x}" for s in SIGNS for x in SERIES} | {"conflicts/recovery"}


ALL_SERIES = [f"{s}/{x}" for s in SIGNS for x in SERIES] + ["conflicts/recovery"]


@pytest.mark.parametrize("series", ALL_SERIES)
def test_null_personas_get_few_false_alarms_on_each_series(rates, series):
    assert rates["null"].share(series, "improving", "declining") <= 0.075


def test_null_personas_get_at_most_five_percent_false_alarms_on_average(rates):
    shares = [rates["null"].share(series, "improving", "declining") for series in ALL_SERIES]
    assert sum(shares) / len(shares) <= 0.05


def test_reported_tag_effects_that_were_not_planted_stay_under_ten_percent(rates):
    for kind in rates:
        assert rates[kind].tags_reported > PERSONAS  # the planted tags (argument, partner away, …) are found
        assert rates[kind].unplanted_share() <= 0.10


def test_at_most_one_null_persona_in_ten_reads_any_change_across_all_their_series(rates):
    assert rates["null"].any_call_share <= 0.10


def test_a_planted_apart_gap_closing_is_found_in_more_than_half_and_never_reversed(rates):
    assert rates["apart_gap"].share("time_apart_comfort/observed", "improving") >= 0.55
    assert rates["apart_gap"].share("time_apart_comfort/observed", "declining") == 0


def test_a_halving_conflict_drop_is_found_in_seven_of_ten_and_never_reversed(rates):
    assert rates["conflict_drop"].share("conflict_calmness/observed", "improving") >= 0.70
    assert rates["conflict_drop"].share("conflict_calmness/observed", "declining") == 0


def test_a_rising_share_of_confident_decisions_is_never_read_as_a_decline(rates):
    assert rates["second_guessing"].share("decision_confidence/observed", "declining") == 0
    assert rates["second_guessing"].share("decision_confidence/observed", "improving") > 0


@pytest.mark.parametrize("kind", ["apart_gap", "conflict_drop", "second_guessing"])
def test_no_planted_change_is_ever_read_as_a_decline_anywhere(rates, kind):
    for series, counts in rates[kind].verdicts.items():
        assert counts["declining"] <= 0.075 * PERSONAS, series


def test_signs_untouched_by_the_planted_change_stay_quiet(rates):
    untouched = {
        "apart_gap": ["decision_confidence", "needs_expression"],
        "conflict_drop": ["alone_comfort", "decision_confidence", "time_apart_comfort", "needs_expression"],
        "second_guessing": ["alone_comfort", "time_apart_comfort", "needs_expression", "conflict_calmness"],
    }
    for kind, signs in untouched.items():
        for sign in signs:
            assert rates[kind].share(f"{sign}/observed", "improving", "declining") <= 0.075, (kind, sign)
        for sign in SIGNS:
            assert rates[kind].share(f"{sign}/self_rated", "improving", "declining") <= 0.075, (kind, sign)
