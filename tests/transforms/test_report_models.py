"""The marts behind the personal report, on a handful of inline rows with the exact rows expected back."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from independence.analysis.transforms import built_warehouse
from independence.warehouse import Warehouse
from tests.helpers import rows
from tests.transforms.rows import add_entry, add_import

LONG_NOTE = "x" * 250


@pytest.fixture
def scenario(db_path):
    """Return a built warehouse: a week of moods, an empty week, a two-day week, and a re-sent export."""
    with Warehouse(db_path).writing() as con:
        first = add_import(con, "ana")
        for day, mood in enumerate([4, 2, 3, 5, 4, 3, 4]):  # Monday 2026-01-05 .. Sunday
            add_entry(con, "ana", dt.datetime(2026, 1, 5, 9) + dt.timedelta(days=day), mood, import_id=first)
        # 2026-01-12 .. 01-18: nothing logged
        add_entry(con, "ana", "2026-01-19 09:00", 2, ("alone",), "Walked by the river, <b>calm</b>", import_id=first)
        add_entry(con, "ana", "2026-01-19 18:00", 4, ("partner",), import_id=first)
        add_entry(con, "ana", "2026-01-21 09:00", 4.4, ("partner away",), LONG_NOTE, import_id=first)
        second = add_import(con, "ana")  # the same last entry exported again later: it replaces the first
        add_entry(con, "ana", "2026-01-21 09:00", 4.4, ("partner away",), LONG_NOTE, import_id=second)
        add_entry(con, "bo", "2026-01-21 09:00", None, ("journal",), "only words", import_id=add_import(con, "bo"))
        built_warehouse(con)
        yield con


def test_weekly_mood_has_a_t_interval_and_a_gap_week_that_breaks_the_run(scenario):
    weeks = rows(
        scenario,
        "select week_start, days_logged, mood_mean, mood_low, mood_high, run from mart_weekly_mood order by week_start",
    )
    assert [(week, days, run) for week, days, _, _, _, run in weeks] == [
        (dt.date(2026, 1, 5), 7, 0),
        (dt.date(2026, 1, 12), 0, None),
        (dt.date(2026, 1, 19), 2, 1),
    ]
    moods = [4, 2, 3, 5, 4, 3, 4]
    mean = sum(moods) / 7
    sd = math.sqrt(sum((m - mean) ** 2 for m in moods) / 6)
    assert weeks[0][2] == pytest.approx(mean)
    assert weeks[0][3] == pytest.approx(mean - 2.447 * sd / math.sqrt(7))
    assert weeks[0][4] == pytest.approx(mean + 2.447 * sd / math.sqrt(7))
    assert weeks[1][2:5] == (None, None, None)
    # two days (daily means 3.0 and 4.4): t with one degree of freedom, clamped to the 1..5 scale
    assert weeks[2][2] == pytest.approx(3.7) and weeks[2][3] == 1.0 and weeks[2][4] == 5.0


def test_logging_gaps_are_runs_of_days_without_a_mood(scenario):
    gaps = rows(scenario, "select user_id, first_day, last_day, days from mart_logging_gaps order by first_day")
    assert gaps == [
        ("ana", dt.date(2026, 1, 12), dt.date(2026, 1, 18), 7),
        ("ana", dt.date(2026, 1, 20), dt.date(2026, 1, 20), 1),
    ]


def test_apart_together_moods_count_entries_per_context_and_whole_mood_level(scenario):
    moods = rows(scenario, "select context, mood_level, entries from mart_apart_together_moods order by all")
    assert moods == [("apart", 2, 1), ("apart", 4, 1), ("together", 4, 1)]


def test_user_imports_count_only_entries_still_current(scenario):
    imports = rows(scenario, "select user_id, import_id, entries_current from mart_user_imports order by import_id")
    assert imports == [("ana", 1, 9), ("ana", 2, 1), ("bo", 3, 1)]


def test_note_excerpts_keep_the_written_text_of_mood_entries_and_cut_long_notes(scenario):
    notes = rows(scenario, "select user_id, day, excerpt, shortened from mart_note_excerpts order by day")
    assert notes == [
        ("ana", dt.date(2026, 1, 19), "Walked by the river, <b>calm</b>", False),
        ("ana", dt.date(2026, 1, 21), "x" * 240, True),
    ]
