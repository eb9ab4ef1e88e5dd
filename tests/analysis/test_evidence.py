"""What an export can tell: no verdict without inputs, weeks still needed at the person's pace, tagging habits."""

from __future__ import annotations

import datetime as dt

import numpy as np

from independence.analysis.evidence import SeriesInputs, reasoned, tagging_change, weeks_needed
from independence.analysis.sentences import pace_clause
from independence.analysis.transforms import built_warehouse
from independence.analysis.trends import SeriesTrend
from independence.pipelines.insights import user_insights
from independence.signs import SIGNS
from independence.warehouse import Warehouse
from tests.transforms.rows import add_entry, add_import

ALONE = SIGNS["alone_comfort"].observed


def insufficient(weeks: int, evidence: int) -> SeriesTrend:
    return SeriesTrend("insufficient_data", None, None, None, weeks, 0.1, None, evidence, "missing")


def test_a_series_nothing_speaks_to_gets_no_verdict_even_with_values():
    steady = SeriesTrend("steady", 0.0, None, None, 52, 0.0, 0.0, 300, None, "constant", (0.0, 51.0))
    silent = reasoned(steady, None, SIGNS["needs_expression"].observed, 52)
    assert (silent.verdict, silent.no_verdict, silent.slope_per_week) == ("insufficient_data", "no_inputs", None)
    assert reasoned(steady, SeriesInputs(3, 2, 10), ALONE, 52) is steady  # a verdict with inputs stays


def test_weeks_needed_follow_the_persons_own_pace_and_say_never_when_the_window_cannot_hold_enough():
    # four weeks of one alone-entry a week so far: 16 more weeks to reach 20 entries (and 8 weeks)
    assert weeks_needed(insufficient(4, 4), SeriesInputs(4, 4, 48), ALONE, 52) == 16
    # one alone-entry every ten weeks: a 52-week window never holds 20
    assert weeks_needed(insufficient(3, 3), SeriesInputs(3, 3, 22), ALONE, 52) is None
    trend = reasoned(insufficient(4, 4), SeriesInputs(4, 4, 48), ALONE, 52)
    assert (trend.no_verdict, trend.weeks_needed) == ("too_little_yet", 16)


def test_inputs_that_gave_no_value_for_weeks_never_will_while_new_ones_may_be_waiting_for_a_usual_mood():
    """Conflicts tagged over ten weeks, each in a week without a usual mood to compare with: 0 episodes, and the
    same logging will not make one (it read "about 48 more weeks" beside "n = 0"). New ones may only be waiting."""
    calm = SIGNS["conflict_calmness"].observed
    assert weeks_needed(insufficient(0, 0), SeriesInputs(14, 2, 42), calm, 52) is None
    # three weeks old: 8 weeks with a value at 2 in every 3
    assert weeks_needed(insufficient(0, 0), SeriesInputs(3, 2, 49), calm, 52) == 12
    trend = reasoned(insufficient(0, 0), SeriesInputs(14, 2, 42), calm, 52)
    assert (trend.no_verdict, trend.weeks_needed) == ("too_little_yet", None)


def weeks_of(shares: list[float], entries: int = 10) -> list[tuple]:
    monday = dt.date(2026, 1, 5)
    return [(monday + dt.timedelta(weeks=n), entries, round(share * entries)) for n, share in enumerate(shares)]


def test_a_sharp_change_in_tagging_is_found_at_its_week_and_a_wobble_is_not():
    change = tagging_change(weeks_of([0.8] * 12 + [0.1] * 12))
    assert change == {"week": "2026-W14", "share_before": 0.8, "share_after": 0.1}  # 2026-01-05 is in W02
    assert tagging_change(weeks_of([0.3] * 10 + [0.0] * 30))["share_after"] == 0.0
    wobble = np.random.default_rng(3).uniform(0.4, 0.7, 30).round(1).tolist()
    assert tagging_change(weeks_of(wobble)) is None
    assert tagging_change(weeks_of([0.9] * 12 + [0.6] * 12)) is None  # less, but not sharply
    assert tagging_change(weeks_of([0.9] * 7 + [0.0] * 7)) is None  # too few weeks on each side


def test_a_person_who_stopped_tagging_is_told_so_and_their_happiness_is_not_read_as_falling(db_path):
    """Good days tagged with friends or the gym for 20 weeks, then moods only: no fall is read into the silence."""
    rng = np.random.default_rng(7)
    with Warehouse(db_path).writing() as con:
        batch = add_import(con, "quiet")
        start = dt.datetime(2026, 1, 5, 20)
        for day in range(40 * 7):
            mood = int(np.clip(round(3.2 + day / 280 + rng.normal(0, 0.8)), 1, 5))
            tags = ()
            if day < 20 * 7:
                tags = (("gym",), ("friends",), ("partner",))[day % 3]
            add_entry(con, "quiet", start + dt.timedelta(days=day), mood, tags, import_id=batch)
        built_warehouse(con)
        result = user_insights(con, "quiet")
    assert result["coverage"]["tagging_change"]["week"] == "2026-W22"
    assert result["coverage"]["tagging_change"]["share_after"] == 0.0
    happiness = result["signs"]["happiness_ownership"]["observed"]
    assert happiness["verdict"] != "declining" and 15 <= happiness["weeks"] <= 20  # only weeks with tags count
    assert any("not read as a change in you" in sentence for sentence in result["insights"])


def test_a_pace_read_from_the_first_weeks_says_so_and_a_longer_one_reads_as_the_present_pace():
    """A person whose only week with a good-mood entry was the window's last read "At your present pace, about 19
    more weeks of the same logging": a pace of one week, said as if it were settled."""
    one = reasoned(insufficient(1, 1), SeriesInputs(1, 1, 51), ALONE, 52)
    assert (one.pace_weeks, one.weeks_needed) == (1, 19)
    assert pace_clause(one, ALONE) == " At the pace of your first week, about 19 more weeks of the same logging."
    three = reasoned(insufficient(3, 6), SeriesInputs(6, 3, 49), ALONE, 52)
    assert pace_clause(three, ALONE).startswith(" At the pace of your first 3 weeks, about ")
    settled = reasoned(insufficient(4, 4), SeriesInputs(4, 4, 48), ALONE, 52)
    assert pace_clause(settled, ALONE) == " At your present pace, about 16 more weeks of the same logging."
