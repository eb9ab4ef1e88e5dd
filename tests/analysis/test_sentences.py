"""Insight sentences say the effect, its interval and what it rests on, and their numbers agree with the verdict."""

from __future__ import annotations

import dataclasses

from independence.analysis.sentences import (
    apart_sentence,
    conflict_sentence,
    pace_clause,
    tag_sentences,
    tags_glance_line,
    trend_sentence,
)
from independence.analysis.tageffects import TagEffect
from independence.analysis.trends import RecentChange, SeriesTrend, ShiftChange, insufficient
from independence.signs import SIGNS


def trend(verdict, slope, interval, p_value, change=0.0, reason=None, recent=None) -> SeriesTrend:
    return SeriesTrend(verdict, slope, interval, p_value, 30, 3.5, change, 60, None, reason, (0.0, 29.0), None, recent)


def test_an_improving_series_gives_slope_interval_change_and_no_cause():
    sentence = trend_sentence("time_apart_comfort", "observed", trend("improving", 0.04, (0.02, 0.06), 0.001, 1.2))
    assert sentence.startswith("Time apart (from your entries) is improving: +0.040 mood points per week")
    assert "(96% interval +0.020 to +0.060)" in sentence and "+1.20 mood points across 30 weeks" in sentence
    assert "not what caused" in sentence and "p =" not in sentence


def test_a_change_called_by_a_shift_says_its_form_where_it_falls_and_that_the_line_is_less_clear():
    step = ShiftChange(12, 18, 2.0, 3.25, 1.25, (0.4, 2.1), 0.001, "higher", 1.1, (14.0, 16.0))
    called = dataclasses.replace(trend("improving", 0.01, (-0.01, 0.03), 0.2, 0.3), shift=step, called_by="shift")
    sentence = trend_sentence("alone_comfort", "self_rated", called)
    assert sentence.startswith(
        "Comfort when alone (your check-in ratings) is improving: a step up between your first 12 weeks with a value "
        "and your last 18, "
        "+1.25 rating points (99.2% interval +0.40 to +2.10, allowing for the search for the shape and the week it "
        "fits best)"
    )
    assert "your last 8 weeks with a value still average +1.10 rating points against your first 8" in sentence
    gradual = dataclasses.replace(step, gradual=True, between=(0.0, 15.0), ends_expected=1.0)
    sentence = trend_sentence("alone_comfort", "self_rated", dataclasses.replace(called, shift=gradual))
    assert "is improving: a gradual rise over your first 12 weeks with a value, then held over the 18 after, " in (
        sentence
    )
    fall = dataclasses.replace(gradual, difference=-1.25, verdict="lower", interval=(-2.1, -0.4))
    falling = dataclasses.replace(called, verdict="declining", shift=fall)
    sentence = trend_sentence("alone_comfort", "self_rated", falling)
    assert "is declining: a gradual fall over your first 12 weeks" in sentence and "−1.25 rating points" in sentence


def test_a_clear_change_below_the_minimum_says_so_and_is_not_called_a_change():
    sentence = trend_sentence(
        "alone_comfort", "self_rated", trend("steady", 0.01, (0.002, 0.018), 0.01, 0.3, "below_minimum")
    )
    assert "a small rise" in sentence and "+0.30 rating points across 30 weeks" in sentence
    assert "less than the +0.50 rating points that counts as a change" in sentence


def test_a_verdict_that_would_never_come_at_this_pace_asks_for_the_logging_not_for_more_of_the_life():
    """'Tagging arguments … more often would help' read as a wish for more arguments: the pace asks for the record."""
    for sign in SIGNS.values():
        for series, verb in (("observed", "tagged"), ("self_rated", "rated")):
            rule = sign.rule(series)
            waiting = dataclasses.replace(insufficient(3, 2, 3.0, rule), no_verdict="too_little_yet")
            said = pace_clause(waiting, rule)
            assert said == (
                " At your present pace a verdict would not come within the window: it needs what it rests on "
                f"{verb} more often than now."
            )
            assert rule.what_helps not in said
            if rule.value_needs:  # inputs in the window, none with a value: what a value needs
                none_yet = dataclasses.replace(waiting, weeks=0, evidence=0)
                assert pace_clause(none_yet, rule).endswith(
                    f"the weeks holding what it rests on have no value yet; a value needs {rule.value_needs}."
                )
            assert pace_clause(dataclasses.replace(waiting, weeks_needed=4), rule).endswith(
                "about 4 more weeks of the same logging."
            )


def test_conflict_entries_without_an_episode_say_what_an_episode_needs_not_that_none_were_logged():
    none = {"episodes": 0, "conflict_entries": 0}
    assert conflict_sentence(none).startswith("No conflicts with your partner were logged in this window")
    waiting = conflict_sentence({"episodes": 0, "conflict_entries": 14})
    assert waiting.startswith("This window holds 14 conflict entries with your partner and a mood, but no episode")
    assert "an episode needs your usual mood to compare with (7 days with a mood in the four weeks before)" in waiting
    assert "No conflicts" not in waiting
    one = conflict_sentence({**none, "notes_unattributed": 1})
    assert "1 note with a mood speaks of an argument" in one and "so it is not read as a conflict with them" in one
    assert one.endswith(
        "if your partner's name is in it, telling us the name (on Your words, or with independence "
        "vocabulary --partner-name NAME) counts it."
    )
    three = conflict_sentence({**none, "notes_unattributed": 3})
    assert "3 notes with a mood speak of" in three and "so they are not read as conflicts" in three
    assert three.endswith("counts them.")


def test_a_steady_series_says_the_interval_includes_no_change_and_never_a_zero_width_interval():
    sentence = trend_sentence(
        "needs_expression", "observed", trend("steady", 0.001, (-0.01, 0.012), 0.6, 0.03, "no_clear_change")
    )
    assert "no clear change" in sentence and "interval includes no change" in sentence
    assert "Steady is a normal result." in sentence and "+0.000 to +0.000" not in sentence
    constant = trend_sentence("alone_comfort", "self_rated", trend("steady", 0.0, None, None, 0.0, "constant"))
    assert "the same value in all 30 weeks" in constant and "interval" not in constant


def test_a_call_withdrawn_across_a_persons_series_says_why_and_reads_as_no_clear_change():
    sentence = trend_sentence(
        "conflict_calmness", "self_rated", trend("steady", 0.02, (0.004, 0.036), 0.02, 0.6, "chance_across_series")
    )
    assert sentence.startswith("Calm in conflict (your check-in ratings): no clear change once all your series")
    assert "a rise of +0.020 rating points per week" in sentence and "+0.60 rating points across 30 weeks" in sentence
    assert "nothing stands out from what chance gives someone whose signs did not change" in sentence


def test_shares_are_spoken_of_in_percentage_points():
    sentence = trend_sentence("decision_confidence", "observed", trend("improving", 0.012, (0.004, 0.02), 0.003, 0.35))
    assert "+1.2 percentage points of decision entries per week" in sentence
    assert "+35 percentage points of decision entries across 30 weeks" in sentence


def test_a_clear_recent_difference_is_added_and_a_small_one_is_not():
    higher = RecentChange(8, 8, 7, 4.1, 3.2, 0.9, (0.3, 1.5), "higher")
    same = RecentChange(8, 8, 7, 3.3, 3.2, 0.1, (-0.4, 0.6), "about the same")
    steady = ("steady", 0.004, (-0.01, 0.02), 0.4, 0.12, "no_clear_change")
    with_recent = trend_sentence("alone_comfort", "self_rated", trend(*steady, recent=higher))
    assert "The last 8 weeks were higher than the 8 before: +0.90 rating points (96% interval +0.30 to +1.50)." in (
        with_recent
    )
    assert "last 8 weeks" not in trend_sentence("alone_comfort", "self_rated", trend(*steady, recent=same))


def test_tag_sentences_give_direction_interval_counts_and_q_or_say_nothing_stood_out():
    found = TagEffect("gym", 0.45, (0.2, 0.7), 0.001, 0.02, 24, 80)
    weak = TagEffect("work", -0.1, None, 0.4, 0.6, 50, 54)
    assert tag_sentences([found, weak]) == [
        "On days with 'gym' your mood averaged 0.45 points higher (95% interval +0.20 to +0.70; 24 days with, "
        "80 without; q = 0.020). This is an association, not a cause."
    ]
    assert "No tag stood out" in tag_sentences([weak])[0] and "(1 tag with enough days" in tag_sentences([weak])[0]


def test_when_no_tag_was_tested_the_report_says_why_not_that_nothing_stood_out():
    """Eleven of 27 real exports read 'No tag stood out … (0 tags with enough days tested); nothing to report is a
    normal result': one logged no tag at all, the others 2 to 5 days with a mood."""
    assert tag_sentences([], True, {"days_with_mood": 1713, "tags": 0}) == [
        "No tags were logged on your days with a mood, so none can be compared with it."
    ]
    assert tag_sentences([], True, {"days_with_mood": 3, "tags": 4}) == [
        "Your tags are compared with your mood once these weeks hold 30 days with a mood (they hold 3), each tag "
        "on at least 10 of them and missing from 10."
    ]
    assert tag_sentences([], True, {"days_with_mood": 200, "tags": 1}) == [
        "Your one tag was not on at least 10 of your 200 days with a mood and missing from 10, which a comparison "
        "needs."
    ]
    assert tag_sentences([], True, {"days_with_mood": 200, "tags": 7})[0].startswith(
        "None of your 7 tags was on at least"
    )
    assert tag_sentences([], False, {"days_with_mood": 0, "tags": 0}) == [
        "No moods were logged, so no tag can be compared with mood."
    ]
    weak = TagEffect("work", -0.1, None, 0.4, 0.6, 50, 54)
    assert "No tag stood out" in tag_sentences([weak], True, {"days_with_mood": 104, "tags": 1})[0]
    assert (
        tags_glance_line([], True, {"days_with_mood": 3, "tags": 4})
        == "Too few days yet to compare your tags with your mood."
    )
    assert (
        tags_glance_line([], True, {"days_with_mood": 90, "tags": 0})
        == "No tags were logged to compare with your mood."
    )
    assert (
        tags_glance_line([weak], True, {"days_with_mood": 104, "tags": 1})
        == "No tag stood out from ordinary ups and downs."
    )


def test_apart_sentence_with_counts_or_what_is_missing():
    both = {"mood_apart": 3.1, "mood_together": 3.5, "difference": -0.4, "entries_apart": 40, "entries_together": 60}
    assert "(n = 60): 0.40 points lower when apart." in apart_sentence(both)
    missing = both | {"mood_apart": None, "difference": None, "entries_apart": 0}
    assert "cannot be compared yet (0 entries apart, 60 together;" in apart_sentence(missing)
    weekly = {"weeks": 12, "mean": -0.41, "interval": [-0.7, -0.12]}
    assert apart_sentence(both | {"weekly_gap": weekly}).endswith(
        "Week by week (12 weeks with both), the gap averaged −0.41 (95% interval −0.70 to −0.12, which excludes no "
        "difference)."
    )
    assert "Too few weeks hold entries both apart and together" in apart_sentence(both | {"weekly_gap": None})
    one = both | {"mood_apart": 4.0, "difference": 0.5, "entries_apart": 1}  # one entry apart is no comparison
    assert "cannot be compared yet (1 entry apart, 60 together; a comparison needs at least 5" in apart_sentence(one)
