"""What would help a sign without a verdict, for a person who logged no mood at all."""

from __future__ import annotations

from independence.signs import SIGNS, MoodLogging


def test_a_person_without_any_mood_is_told_of_the_mood_first_or_of_check_ins_where_their_app_keeps_none():
    assert MoodLogging.of({"entries": 3, "apps": ["dayone"]}) == MoodLogging(True, "")
    assert MoodLogging.of({"entries": 0, "apps": ["journey"]}) == MoodLogging(False, "")
    assert MoodLogging.of({"entries": 0, "apps": ["checkin", "dayone"]}) == MoodLogging(False, "Day One")
    assert MoodLogging.of({"entries": 0, "apps": ["dayone", "obsidian"]}) == MoodLogging(False, ""), "one app can"
    alone, decisions = SIGNS["alone_comfort"], SIGNS["decision_confidence"]
    logged, none, day_one = MoodLogging(), MoodLogging(False), MoodLogging(False, "Day One")
    assert alone.helps("observed", logged) == alone.observed.what_helps
    assert alone.helps("observed", logged, waiting_for_a_value=True) == alone.observed.value_helps
    assert alone.helps("observed", none) == (
        "logging a mood with your entries, which this sign reads, and tagging entries when you are alone"
    )
    assert alone.helps("observed", day_one) == (
        "a mood with your entries, which Day One does not keep, so a weekly check-in rating of “Comfort when alone” "
        "instead"
    )
    assert alone.helps("self_rated", day_one) == alone.self_rated.what_helps, "a check-in needs no mood"
    assert decisions.helps("observed", none) == decisions.helps("observed", day_one) == decisions.observed.what_helps
    reading = {key for key, sign in SIGNS.items() if sign.observed.reads_mood}
    assert reading == {"alone_comfort", "time_apart_comfort", "conflict_calmness", "happiness_ownership"}


def window(days: int, with_mood: int) -> dict:
    return {
        "entries": with_mood,
        "apps": ["daylio"],
        "in_window": {"days": days, "days_with_mood": with_mood, "tags": 3},
    }


def test_moods_too_rare_for_a_usual_mood_are_named_beside_what_to_tag_for_the_signs_that_compare_with_it():
    """Five real exports logged a mood on 1-21% of their window's days and were told only to tag being alone and
    their arguments: both signs compare a mood with the usual one, which needs 7 days with a mood in four weeks."""
    assert MoodLogging.of(window(364, 3)) == MoodLogging(True, "", "3 of 364 days")
    assert MoodLogging.of(window(28, 6)) == MoodLogging(True, "", "6 of 28 days")
    assert MoodLogging.of(window(28, 7)) == MoodLogging(), "7 in 28 days is enough"
    assert MoodLogging.of(window(21, 2)) == MoodLogging(), "under four weeks the pace is not judged: a beginner"
    assert MoodLogging.of({"entries": 4, "apps": ["daylio"]}) == MoodLogging(), "no window known"
    rarely = MoodLogging.of(window(364, 3))
    alone, apart, calm = SIGNS["alone_comfort"], SIGNS["time_apart_comfort"], SIGNS["conflict_calmness"]
    assert alone.helps("observed", rarely) == (
        "tagging entries when you are alone, and logging a mood on more days: this sign needs your usual mood to "
        "compare with (7 days with a mood in the four weeks before), rarely there at your pace (3 of 364 days with "
        "a mood)"
    )
    assert calm.helps("observed", rarely).startswith(calm.observed.what_helps + ", and logging a mood on more days")
    assert apart.helps("observed", rarely) == apart.observed.what_helps, "apart and together needs no usual mood"
    assert alone.helps("self_rated", rarely) == alone.self_rated.what_helps
    assert alone.helps("observed", rarely, waiting_for_a_value=True) == alone.observed.value_helps
