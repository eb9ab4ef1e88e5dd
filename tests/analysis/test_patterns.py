"""Weekday and time-of-day patterns: the blocked F-test against statsmodels, intervals, honest sentences."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats

from independence.analysis.patterns import (
    MIN_VALUES,
    WEEKDAYS,
    blocked_p_value,
    group_mood,
    part_of_day_pattern,
    weekday_pattern,
)
from independence.analysis.sentences import pattern_sentence

MONDAY = dt.date(2026, 1, 5)


def test_the_blocked_test_is_statsmodels_block_plus_group_against_block_alone():
    rng = np.random.default_rng(3)
    blocks = np.repeat(np.arange(30), 5)
    groups = np.tile(np.array(list("abcde")), 30)
    keep = rng.random(len(blocks)) > 0.2  # unbalanced, as skipped days make it
    values = np.round(3 + rng.normal(0, 0.8, 30)[blocks] + rng.normal(0, 0.7, len(blocks)) + (groups == "e") * 0.4)
    values, blocks, groups = values[keep], blocks[keep], groups[keep]
    block_dummies = (blocks[:, None] == np.unique(blocks)[None, :]).astype(float)
    group_dummies = (groups[:, None] == np.array(list("bcde"))[None, :]).astype(float)
    full = sm.OLS(values, np.hstack([block_dummies, group_dummies])).fit()
    reduced = sm.OLS(values, block_dummies).fit()
    expected = full.compare_f_test(reduced)[1]
    assert blocked_p_value(values, groups, blocks.astype(str)) == pytest.approx(expected, rel=1e-9)


def test_a_group_mean_and_interval_are_scipys_t_interval():
    values = np.array([2.0, 3.0, 3.0, 4.0, 5.0, 3.0])
    group = group_mood("Monday", values)
    low, high = stats.t.interval(0.95, len(values) - 1, loc=values.mean(), scale=stats.sem(values))
    assert (group.values, group.mean) == (6, pytest.approx(values.mean(), abs=1e-3))
    assert group.interval == (pytest.approx(low, abs=1e-3), pytest.approx(high, abs=1e-3))
    assert group_mood("Tuesday", np.array([4.0])).interval is None


def test_a_group_interval_stays_on_the_mood_scale_and_is_not_shown_below_the_minimum():
    few = group_mood("Tuesday", np.array([1.0, 5.0, 3.0]))  # a t interval of three days runs −2 to 8
    assert few.values == 3 and few.interval is None
    wide = group_mood("Monday", np.array([1.0, 5.0, 1.0, 5.0]))
    low, high = stats.t.interval(0.95, 3, loc=3.0, scale=stats.sem([1.0, 5.0, 1.0, 5.0]))
    assert low < 1 and high > 5 and wide.interval == (1.0, 5.0)


def days_with(mood_of) -> list[tuple[dt.date, float]]:
    return [(MONDAY + dt.timedelta(days=n), mood_of(MONDAY + dt.timedelta(days=n))) for n in range(26 * 7)]


def test_clearly_better_weekends_are_called_and_the_sentence_names_them_with_numbers():
    rng = np.random.default_rng(1)
    pattern = weekday_pattern(
        days_with(lambda day: float(np.clip(round(3 + (day.weekday() >= 5) + rng.normal(0, 0.6)), 1, 5)))
    )
    assert pattern.verdict == "differs" and pattern.highest.name in ("Saturday", "Sunday")
    sentence = pattern_sentence(pattern)
    assert "highest on Saturdays" in sentence or "highest on Sundays" in sentence
    assert "95% interval" in sentence and "26 days" in sentence and "not a cause" in sentence


def test_a_slow_rise_is_not_mistaken_for_a_weekday_pattern():
    pattern = weekday_pattern(days_with(lambda day: 1 + 4 * (day - MONDAY).days / (26 * 7)))
    assert pattern.verdict == "no_difference"
    assert "No weekday stands out" in pattern_sentence(pattern)


def test_too_few_days_or_no_times_say_so_instead_of_a_pattern():
    few = weekday_pattern(days_with(lambda day: 3.0)[: MIN_VALUES - 1])
    assert few.verdict == "too_few" and few.p_value is None
    assert "Too few days for a weekday pattern yet" in pattern_sentence(few)
    untimed = part_of_day_pattern([])
    assert untimed.verdict == "too_few" and "carry no time of day" in pattern_sentence(untimed)
    assert [group.name for group in few.groups] == list(WEEKDAYS)


def test_the_same_mood_every_day_is_no_pattern_without_a_warning():
    with np.errstate(all="raise"):
        pattern = weekday_pattern(days_with(lambda day: 3.0))
    assert pattern.verdict == "no_difference" and pattern.p_value == 1.0


def evenings_and_nights(morning: int, afternoon: int, shift: float = 0.0) -> list[tuple[dt.date, str, float]]:
    """Return 60 days of about-3 evenings and nights (nights `shift` higher), and a few mornings and afternoons."""
    rng = np.random.default_rng(5)
    days = [MONDAY + dt.timedelta(days=n) for n in range(60)]
    parts = [(day, "evening", float(np.clip(round(3 + rng.normal(0, 0.5)), 1, 5))) for day in days]
    parts += [(day, "night", float(np.clip(round(3 + shift + rng.normal(0, 0.5)), 1, 5))) for day in days]
    parts += [(days[n], "morning", 5.0) for n in range(morning)]
    return parts + [(days[n], "afternoon", 1.0) for n in range(afternoon)]


def test_groups_too_few_to_compare_are_named_and_left_out_of_the_range_and_its_count():
    pattern = part_of_day_pattern(evenings_and_nights(morning=1, afternoon=2))
    assert pattern.verdict == "no_difference"
    evening, night = (next(g for g in pattern.groups if g.name == name) for name in ("evening", "night"))
    sentence = pattern_sentence(pattern)
    compared = evening.values + night.values
    assert f"over {compared} day-parts" in sentence and compared == pattern.values - 3
    assert sentence.endswith("; mornings and afternoons have too few day-parts to compare (1 and 2; each needs 4).")
    if f"{evening.mean:.1f}" == f"{night.mean:.1f}":  # never 'from 3.0 (nights) to 3.0 (evenings)'
        assert f"evenings and nights both average about {night.mean:.1f}" in sentence
    else:
        assert "the means run from" in sentence


def test_means_that_round_alike_are_said_once_and_a_called_pattern_names_groups_too_few_to_compare():
    alike = part_of_day_pattern([(day, part, 3.0) for day, part, _ in evenings_and_nights(0, 0)])
    assert pattern_sentence(alike) == (
        "No part of day stands out from ordinary ups and downs: evenings and nights both average about 3.0 over "
        "120 day-parts."
    )
    weekdays = weekday_pattern(days_with(lambda day: 3.0))
    assert "all 7 weekdays average about 3.0 over 182 days." in pattern_sentence(weekdays)
    called = part_of_day_pattern(evenings_and_nights(morning=0, afternoon=3, shift=1.5))
    assert called.verdict == "differs"
    assert "; afternoons have too few day-parts to compare (3; each needs 4). Compared within" in pattern_sentence(
        called
    )
