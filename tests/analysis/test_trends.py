"""Trend verdicts and tag effects on small synthetic series with a known truth."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from independence.analysis.sentences import trend_sentence
from independence.analysis.tageffects import MAX_Q, TagEffect, tag_effects
from independence.analysis.trends import (
    ALPHA,
    PERSON_GATE,
    SHIFT_ALPHA,
    SeriesPoints,
    ShiftChange,
    _verdict,
    insufficient,
    person_gated,
    series_trends,
    simes_p,
)
from independence.signs import SIGNS
from tests.analysis.simulated import early_rise

MOOD_RULE = SIGNS["time_apart_comfort"].observed  # 8 weeks, 30 entries, 0.25 points


def points(values, evidence=100, weeks=None, rule=MOOD_RULE) -> SeriesPoints:
    values = np.asarray(values, dtype=float)
    weeks = np.arange(len(values), dtype=float) if weeks is None else np.asarray(weeks, dtype=float)
    return SeriesPoints(weeks, values, evidence, rule)


def test_a_clear_rise_is_improving_and_a_clear_fall_declining_with_their_numbers():
    rng = np.random.default_rng(1)
    rise = -1 + 0.05 * np.arange(26) + rng.normal(0, 0.1, 26)
    up, down = series_trends([points(rise), points(-rise)])
    assert up.verdict == "improving" and down.verdict == "declining" and up.reason is None
    assert 0.04 < up.slope_per_week < 0.06 and up.interval[0] > 0 and up.p_value < 0.01
    assert up.change >= MOOD_RULE.min_change and up.weeks == 26 and up.latest == round(rise[-1], 4)
    assert up.line[0] < up.line[1] and up.span == (0.0, 25.0)


def test_noise_without_trend_is_steady_because_the_interval_includes_no_change():
    noise = np.random.default_rng(2).normal(0, 0.5, 26)
    (trend,) = series_trends([points(noise)])
    assert trend.verdict == "steady" and trend.reason == "no_clear_change"
    assert trend.interval[0] < 0 < trend.interval[1] and trend.p_value >= ALPHA


def test_a_clear_but_tiny_change_stays_steady_below_the_minimum():
    tiny = 0.004 * np.arange(26) + np.random.default_rng(3).normal(0, 0.01, 26)  # 0.1 points: below 0.25
    (trend,) = series_trends([points(tiny)])
    assert trend.p_value < ALPHA and trend.interval[0] > 0
    assert trend.verdict == "steady" and trend.reason == "below_minimum"


def test_whole_point_ratings_full_of_ties_still_get_a_slope_and_an_interval():
    rule = SIGNS["alone_comfort"].self_rated
    ratings = np.array([2, 2, 3, 2, 3, 3, 3, 2, 3, 3, 3, 4, 3, 3, 4, 4, 3, 4, 4, 4, 4, 5, 4, 4, 5, 4], dtype=float)
    (trend,) = series_trends([points(ratings, evidence=26, rule=rule)])
    assert trend.verdict == "improving" and trend.slope_per_week > 0.05
    assert trend.interval[0] > 0 and trend.interval[1] > trend.interval[0]


def test_too_few_weeks_or_too_little_evidence_is_insufficient_and_says_what_is_missing():
    short, thin = series_trends([points(np.arange(7.0)), points(np.arange(20.0), evidence=29)])
    assert short.verdict == thin.verdict == "insufficient_data"
    assert short.slope_per_week is None and short.interval is None and short.p_value is None
    assert "7 weeks with a value" in short.missing and "at least 8 weeks" in short.missing
    assert "29 entries apart or together" in thin.missing and "would help" in thin.missing


def test_a_constant_series_is_steady_with_zero_slope_and_no_interval():
    (trend,) = series_trends([points(np.full(12, 3.0))])
    assert trend.verdict == "steady" and trend.reason == "constant"
    assert trend.slope_per_week == 0.0 and trend.interval is None and trend.p_value is None


def test_gaps_between_weeks_count_in_the_slope():
    values = np.array([0.0, 0.1, 0.2, 0.3, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8]) + np.tile([0.01, -0.01], 5)
    weeks = np.array([0, 1, 2, 3, 13, 14, 15, 16, 17, 18])
    (trend,) = series_trends([points(values, weeks=weeks)])
    assert trend.slope_per_week == pytest.approx(0.1, abs=0.005) and trend.weeks == 10


def test_the_last_weeks_are_compared_with_the_weeks_before():
    rng = np.random.default_rng(4)
    step = np.r_[np.zeros(18), np.ones(8)] + rng.normal(0, 0.15, 26)
    (trend,) = series_trends([points(step)])
    recent = trend.recent
    assert (recent.weeks, recent.recent_values, recent.earlier_values) == (8, 8, 8)
    assert recent.verdict == "higher" and recent.interval[0] > 0 and 0.8 < recent.difference < 1.2
    assert recent.recent_mean - recent.earlier_mean == pytest.approx(recent.difference, abs=0.2)
    (flat,) = series_trends([points(rng.normal(0, 0.5, 26))])
    assert flat.recent.verdict == "about the same"


def test_a_series_whose_values_all_lie_before_the_compared_weeks_is_judged_without_a_comparison():
    # the class of input behind "zero-size array" (issue 27): the window ends long after a series' last value, so
    # neither the last 8 weeks nor the 8 before hold any of its values
    rng = np.random.default_rng(6)
    early = points(rng.normal(0, 0.5, 20) + np.arange(20) * 0.1)
    early = SeriesPoints(early.week_index, early.values, early.evidence, early.rule, last_week=51)
    (trend,) = series_trends([early, points(rng.normal(0, 0.5, 26))])[:1]
    assert trend.verdict == "improving" and trend.recent is None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.lists(st.tuples(st.integers(0, 60), st.sampled_from([0.0, 0.25, 0.5]), st.integers(1, 5)), max_size=40),
            st.one_of(st.none(), st.integers(0, 80)),
            st.sampled_from(["", "person/observed"]),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_any_shape_of_series_gets_a_verdict_whose_numbers_agree_with_it(shapes):
    # whole-point values at any weeks (fractional for episodes), windows ending anywhere after them, pooled or not
    series = []
    for rows, last_week, group in shapes:
        rows = sorted(rows)
        weeks = np.array([week + part for week, part, _ in rows], dtype=float)
        values = np.array([value for *_, value in rows], dtype=float)
        ends = None if last_week is None or not rows else max(last_week, int(weeks.max()))
        series.append(SeriesPoints(weeks, values, 10 * len(rows), MOOD_RULE, group, ends))
    for trend in series_trends(series):
        assert trend.verdict in ("improving", "declining", "steady", "insufficient_data")
        if trend.verdict in ("improving", "declining"):
            low, high = trend.shift.interval if trend.called_by == "shift" else trend.interval
            assert (low > 0 or high < 0) and (trend.change > 0) == (trend.verdict == "improving")
        if trend.recent is not None:
            assert trend.recent.recent_values >= 3 and trend.recent.earlier_values >= 3


def test_episodes_at_fractional_positions_count_calendar_weeks():
    rule = SIGNS["conflict_calmness"].observed  # 8 weeks, 10 episodes
    positions = np.sort(np.r_[np.arange(0, 20, 2.0), np.arange(0.5, 20, 2.0)])
    values = -1.6 + 0.04 * positions + np.random.default_rng(5).normal(0, 0.2, len(positions))
    (trend,) = series_trends([points(values, evidence=len(values), weeks=positions, rule=rule)])
    assert trend.weeks == 10 and trend.evidence == 20 and trend.verdict == "improving"


def ar1_days(days: int, rng: np.random.Generator, rho: float = 0.6) -> np.ndarray:
    noise = np.empty(days)
    noise[0] = rng.normal()
    for day in range(1, days):
        noise[day] = rho * noise[day - 1] + rng.normal(0, np.sqrt(1 - rho**2))
    return 3 + 0.7 * noise


def test_a_planted_tag_is_found_with_its_interval_and_a_random_one_is_not():
    rng = np.random.default_rng(5)
    mood = ar1_days(182, rng)
    gym = rng.random(182) < 0.3
    mood[gym] += 0.8
    mood[rng.random(182) < 0.15] = np.nan
    effects = tag_effects(mood, {"gym": gym, "coin": rng.random(182) < 0.4}, seed=1)
    found = {effect.tag: effect for effect in effects}
    gym_effect = found["gym"]
    assert gym_effect.q_value < MAX_Q and abs(gym_effect.mood_difference - 0.8) < 0.35
    assert 0 < gym_effect.ci95[0] < gym_effect.mood_difference < gym_effect.ci95[1]
    assert found["coin"].q_value >= MAX_Q and found["coin"].ci95 is None
    logged = ~np.isnan(mood)
    assert found["gym"].days_with == (gym & logged).sum()
    assert found["gym"].days_with + found["gym"].days_without == logged.sum()
    assert gym_effect.stood_out and not found["coin"].stood_out


def test_a_tag_past_the_false_discovery_control_whose_interval_reaches_past_zero_does_not_stand_out():
    """A published Apple Health export: q = 0.03 by the block permutations, 95% interval −0.72 to +0.02 by the
    block bootstrap; the report drew it among what goes with worse days, its interval crossing the zero line."""
    edge = TagEffect("Identity", -0.335, (-0.72, 0.02), 0.004, 0.03, 23, 66)
    assert not edge.stood_out
    assert dataclasses.replace(edge, ci95=(-0.72, -0.02)).stood_out
    assert not dataclasses.replace(edge, ci95=(-0.72, -0.02), q_value=MAX_Q).stood_out


def test_tags_below_the_day_minimums_are_not_tested():
    rng = np.random.default_rng(6)
    mood = ar1_days(120, rng)
    rare, everywhere = np.zeros(120, bool), np.ones(120, bool)
    rare[:9] = True
    assert tag_effects(mood, {"rare": rare, "everywhere": everywhere}, seed=1) == []
    assert tag_effects(mood[:29], {"x": rng.random(29) < 0.5}, seed=1) == []


def test_the_same_data_and_seed_give_the_same_p_values():
    rng = np.random.default_rng(7)
    mood, tag = ar1_days(150, rng), rng.random(150) < 0.4
    assert tag_effects(mood, {"t": tag}, seed=9) == tag_effects(mood, {"t": tag}, seed=9)


def test_a_persons_calls_stand_only_when_their_series_together_stand_out_from_chance():
    rng = np.random.default_rng(14)
    flat = [points(rng.normal(3, 0.6, 40).round()) for _ in range(11)]
    lone = points(3 + 0.02 * np.arange(40) + rng.normal(0, 0.6, 40))
    trends = series_trends([*flat, lone])
    assert trends[-1].verdict == "improving" and trends[-1].p_value < ALPHA  # on its own it would count
    assert simes_p([t.p_value for t in trends]) > PERSON_GATE  # beside eleven flat series it is what chance gives
    gated = person_gated(trends)
    assert gated[-1].verdict == "steady" and gated[-1].reason == "chance_across_series"
    assert gated[-1].slope_per_week == trends[-1].slope_per_week  # the numbers stay as they were
    strong = series_trends([*flat[:6], *(points(3 + 0.06 * np.arange(40) + rng.normal(0, 0.3, 40)) for _ in range(3))])
    assert [t.verdict for t in person_gated(strong)] == [t.verdict for t in strong]  # they stand out: nothing withdrawn
    assert person_gated([]) == []


def test_simes_p_is_the_smallest_benjamini_hochberg_adjusted_p_value():
    from scipy import stats

    rng = np.random.default_rng(4)
    for _ in range(50):
        p_values = rng.random(rng.integers(1, 14)) ** 2
        assert simes_p(list(p_values)) == pytest.approx(stats.false_discovery_control(p_values).min())
    assert simes_p([]) == 1.0


def test_a_withdrawn_persons_last_weeks_comparisons_are_withdrawn_too():
    from independence.analysis.trends import RecentChange

    rng = np.random.default_rng(14)
    flat = [points(rng.normal(3, 0.6, 40).round()) for _ in range(11)]
    trends = series_trends([*flat, points(3 + 0.02 * np.arange(40) + rng.normal(0, 0.6, 40))])
    higher = RecentChange(8, 8, 8, 3.9, 3.0, 0.9, (0.2, 1.6), "higher")
    trends[0] = dataclasses.replace(trends[0], recent=higher)
    gated = person_gated(trends)
    assert gated[0].recent.verdict == "about the same" and gated[0].recent.difference == 0.9


def test_a_rise_that_comes_early_and_holds_is_called_by_the_shift_in_level():
    trends = series_trends([series for seed in range(60) for series in early_rise(seed)])
    rises = trends[::6]
    by_shift = [t for t in rises if t.called_by == "shift"]
    assert sum(t.verdict == "improving" for t in rises) >= 48  # 80%, of which the straight line alone finds 39
    assert len(by_shift) >= 8 and all(t.verdict == "improving" and t.shift.interval[0] > 0 for t in by_shift)
    assert all(t.interval[0] <= 0 <= t.interval[1] or t.change < 0.5 for t in by_shift)  # the line alone: no call
    assert all(t.shift.weeks_before + t.shift.weeks_after == t.weeks for t in by_shift)
    for trend in by_shift:
        sentence = trend_sentence("alone_comfort", "self_rated", trend)
        assert "(99.2% interval +" in sentence and "still average +" in sentence
        assert "The straight line through all your weeks is less clear" in sentence
        shift = trend.shift
        if shift.gradual:  # from the first week with a value to the one where the rise is complete, then held
            assert shift.between[0] == trend.span[0] < shift.between[1]
            words = f"a gradual rise over your first {shift.weeks_before} weeks with a value, then held over the "
            assert f"is improving: {words}{shift.weeks_after} after," in sentence
        else:
            words = f"a step up between your first {shift.weeks_before} weeks with a value and your last "
            assert f"is improving: {words}{shift.weeks_after}," in sentence
    assert sum(t.shift.gradual for t in by_shift) >= len(by_shift) - 2  # a rise over ten weeks reads as gradual


def test_the_slope_and_the_shift_pointing_opposite_ways_call_nothing():
    up = ShiftChange(12, 20, 2.0, 3.5, 1.5, (0.5, 2.5), 0.001, "higher", 1.2, (14.0, 16.0))
    down = ShiftChange(12, 20, 3.5, 2.0, -1.5, (-2.5, -0.5), 0.001, "lower", -1.4, (14.0, 16.0))
    rule = SIGNS["alone_comfort"].self_rated
    assert _verdict(-0.09, -0.01, -1.2, up, rule) == ("steady", "no_clear_change", None)
    assert _verdict(-0.09, -0.01, -1.2, down, rule) == ("declining", None, "slope")
    assert _verdict(-0.01, 0.02, 0.2, up, rule) == ("improving", None, "shift")
    assert _verdict(-0.02, 0.01, -0.2, up, rule) == ("steady", "no_clear_change", None)  # the line leans down
    assert _verdict(-0.01, 0.02, 0.2, None, rule) == ("steady", "no_clear_change", None)
    gone = dataclasses.replace(up, ends_difference=0.7)  # the last weeks show less than half of it: a dip, say
    assert not gone.holds and _verdict(-0.01, 0.02, 0.2, gone, rule) == ("steady", "no_clear_change", None)
    assert dataclasses.replace(up, ends_difference=0.75).holds
    # a gradual rise still under way in the first weeks: the ends are held to what the fitted rise puts between them
    early = dataclasses.replace(up, gradual=True, ends_difference=0.6, ends_expected=1.0)
    assert early.holds and _verdict(-0.01, 0.02, 0.2, early, rule) == ("improving", None, "shift")
    assert not dataclasses.replace(early, ends_difference=0.45).holds


def test_the_gate_weighs_the_shift_by_its_share_of_the_error_rate():
    trend = series_trends(early_rise(1))[0]
    shift = dataclasses.replace(trend.shift, p_value=0.002)
    weighed = dataclasses.replace(trend, p_value=0.5, shift=shift)
    assert weighed.gate_p == pytest.approx(0.002 * ALPHA / SHIFT_ALPHA)
    assert dataclasses.replace(weighed, shift=None).gate_p == 0.5


def test_what_is_missing_counts_the_evidence_in_the_weeks_with_a_value():
    """Time apart's entries count only in weeks holding both kinds: 9 entries apart and 3 together in different
    weeks are 0 'in them', never '0 entries apart or together' beside a page that counts 12."""
    missing = insufficient(0, 0, None, MOOD_RULE).missing
    assert missing.startswith("0 weeks with a value and 0 entries apart or together in them; a trend needs")
