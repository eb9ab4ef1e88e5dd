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
