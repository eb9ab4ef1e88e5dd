"""Insight sentences say the effect, n, the interval and the test, and never call a borderline result a change."""

from __future__ import annotations

from independence.analysis.sentences import apart_sentence, tag_sentences, trend_sentence
from independence.analysis.tageffects import TagEffect
from independence.analysis.trends import SeriesTrend


def trend(verdict, slope, ci95, p_value, change=0.0, direction=1) -> SeriesTrend:
    return SeriesTrend(verdict, slope, ci95, p_value, 30, 3.5, change, 60, None, direction)


def test_an_improving_series_gives_slope_interval_weeks_test_and_no_cause():
    sentence = trend_sentence("time_apart_comfort", "observed", trend("improving", 0.04, (0.02, 0.06), 0.001, 1.2))
    assert sentence.startswith("Time apart (from your entries) is improving: about +0.040 mood points per week")
    assert "(95% interval +0.020 to +0.060) over 30 weeks" in sentence and "p = 0.001" in sentence
    assert "+1.20 mood points across the window" in sentence and "not what caused" in sentence


def test_a_significant_test_with_tied_whole_number_ratings_is_not_called_a_change():
    sentence = trend_sentence("alone_comfort", "self_rated", trend("steady", 0.0, (0.0, 0.04), 0.001))
    assert "later weeks tend to rise (trend test p = 0.001)" in sentence
    assert "not called a change" in sentence and "half points" in sentence


def test_a_significant_test_whose_interval_includes_zero_is_a_possible_change_only():
    sentence = trend_sentence("conflict_calmness", "observed", trend("steady", -0.03, (-0.05, 0.0), 0.01, -0.8, -1))
    assert "a possible fall" in sentence and "interval still includes no change" in sentence


def test_a_plain_steady_series_says_steady_is_normal():
    sentence = trend_sentence("needs_expression", "observed", trend("steady", 0.001, (-0.01, 0.01), 0.6))
    assert "no clear change" in sentence and "Steady is a normal result." in sentence


def test_tag_sentences_give_direction_interval_counts_and_q_or_say_nothing_stood_out():
    found = TagEffect("gym", 0.45, (0.2, 0.7), 0.001, 0.02, 24, 80)
    weak = TagEffect("work", -0.1, None, 0.4, 0.6, 50, 54)
    assert tag_sentences([found, weak]) == [
        "On days with 'gym' your mood averaged 0.45 points higher (95% interval +0.20 to +0.70; 24 days with, "
        "80 without; q = 0.020). This is an association, not a cause."
    ]
    assert "No tag stood out" in tag_sentences([weak])[0] and "1 tag(s)" in tag_sentences([weak])[0]


def test_apart_sentence_with_counts_or_what_is_missing():
    both = {"mood_apart": 3.1, "mood_together": 3.5, "difference": -0.4, "entries_apart": 40, "entries_together": 60}
    assert apart_sentence(both).endswith("(n = 60): 0.40 points lower when apart.")
    missing = both | {"mood_apart": None, "difference": None, "entries_apart": 0}
    assert "cannot be compared yet (0 entries apart, 60 together)" in apart_sentence(missing)
