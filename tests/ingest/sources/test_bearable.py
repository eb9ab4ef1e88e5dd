"""Bearable CSV: one entry per exported row, mood rescaled, factors and levels, day-level factors as signals."""

from __future__ import annotations

import datetime as dt

import pytest

from independence.analysis.transforms import built_warehouse
from independence.ingest.sources.bearable import csv_export as bearable
from independence.pipelines.imports import imported_export
from independence.warehouse import Warehouse
from tests.helpers import rows


def test_moods_are_rescaled_times_and_buckets_read_and_bad_rows_named(fixtures, db_path):
    summary = imported_export(fixtures / "bearable" / "bearable-export.csv", "ana", db_path=db_path)
    assert (summary.source, summary.source_format) == ("bearable", "Bearable CSV (with date formatted)")
    assert (summary.rows_read, summary.entries_added, summary.rejected) == (13, 9, 4)
    assert summary.rejects == [
        {"line": 9, "reason": "mood rating '12' is not a number from 1 to 10"},
        {"line": 10, "reason": "cannot read date '31st Feb 2020' and time 'am'"},
        {"line": 11, "reason": "cannot read date '23rd Sep 2020' and time 'noonish'"},
        {"line": 12, "reason": "date 1st Jan 1985 is out of range (1990 to tomorrow)"},
    ]
    moods = rows(
        db_path,
        "select logged_at_local, mood_raw, round(mood_score, 3), note from entries "
        "where mood_score is not null order by 1",
    )
    assert moods == [
        (dt.datetime(2020, 9, 22, 9, 30), "7", 3.667, None),
        (dt.datetime(2020, 9, 22, 19, 0), "4", 2.333, "Argument about chores"),
        (dt.datetime(2020, 9, 24, 6, 0), "3", 1.889, "Woke up early, by myself"),
    ]


def test_factors_lose_emoji_and_level_which_becomes_a_measure_and_sleep_is_in_hours(fixtures, db_path):
    imported_export(fixtures / "bearable" / "bearable-export.csv", "ana", db_path=db_path)
    assert rows(
        db_path,
        "select tag, tag_group from entry_tags join entries using (entry_id) where source_line = 4 order by tag",
    ) == [("Gym", "factors"), ("Video Calls", "factors"), ("With partner", "factors")]
    measures = rows(
        db_path,
        "select source_line, name, round(value, 3), value_max from entry_measures "
        "join entries using (entry_id) where source_line in (2, 4, 5, 6, 7, 8, 14) order by 1, 2",
    )
    assert measures == [
        (2, "mood_rating", 7.0, 10.0),
        (4, "Video Calls level", 2.0, 4.0),
        (5, "energy", 3.0, None),
        (6, "sleep", 7.5, None),
        (7, "sleep (synced)", 7.167, None),
        (8, "Headache level", 1.0, 4.0),
        (14, "sleep quality", 4.0, None),  # an empty time of day is all day, as Bearable exports sleep
    ]
    assert rows(db_path, "select logged_at_local from entries where source_line = 14") == [
        (dt.datetime(2020, 9, 22, 12, 0),)
    ]
    assert rows(
        db_path, "select tag, tag_group from entry_tags join entries using (entry_id) where source_line = 8"
    ) == [("Headache", "symptom")]


def test_the_old_header_reads_the_ordinal_date(fixtures, db_path):
    summary = imported_export(fixtures / "bearable" / "bearable-old-header.csv", "bo", db_path=db_path)
    assert summary.source_format == "Bearable CSV" and summary.entries_added == 2
    assert rows(db_path, "select min(logged_at_local)::date from entries") == [(dt.date(2021, 3, 5),)]


def test_a_days_factors_count_as_signals_for_that_days_moods(fixtures, db_path):
    imported_export(fixtures / "bearable" / "bearable-export.csv", "ana", db_path=db_path)
    with Warehouse(db_path).writing() as con:
        built_warehouse(con)
        flags = con.execute(
            "select logged_at_local, with_partner, own_activity, conflict, alone from int_entries_signalled "
            "where mood_score is not null order by 1"
        ).fetchall()
    assert flags == [
        (dt.datetime(2020, 9, 22, 9, 30), True, True, False, False),  # the day's factors, not the evening note
        (dt.datetime(2020, 9, 22, 19, 0), True, True, True, False),
        (dt.datetime(2020, 9, 24, 6, 0), False, False, False, True),
    ]


@pytest.mark.parametrize(
    "header",
    [
        ["full_date", "date", "weekday", "time", "mood", "activities", "note"],
        ["date", "mood", "tags (people)"],
        ["date", "category", "detail"],
    ],
)
def test_other_headers_are_not_claimed(header):
    assert bearable.recognised_format(header) is None
