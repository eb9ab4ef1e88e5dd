"""How We Feel CSV: emotion words scored through the mood meter, tags by group, bad rows named by line."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from independence.analysis.transforms import built_warehouse
from independence.errors import ExportError
from independence.ingest.reading.textfile import opened_text_export
from independence.ingest.sources import recognised_csv
from independence.ingest.sources.howwefeel import csv_export as howwefeel
from independence.pipelines.imports import imported_export
from independence.warehouse import Warehouse


def entry_rows(db_path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_entries_are_scored_from_emotion_words_and_bad_rows_are_named(fixtures, db_path):
    summary = imported_export(fixtures / "howwefeel" / "HowWeFeelEmotions.csv", "ana", db_path=db_path)
    assert (summary.source, summary.source_format) == ("howwefeel", "How We Feel CSV")
    assert (summary.rows_read, summary.entries_added, summary.rejected) == (8, 3, 5)
    assert summary.rejects == [
        {"line": 5, "reason": "cannot read date '2026 Thu May 14 25:00 PM' (expected like '2026 Sun May 17 3:39 PM')"},
        {"line": 6, "reason": "unknown emotion word(s): flabbergasted"},
        {"line": 7, "reason": "date 1985 Mon May 13 8:00 AM is out of range (1990 to tomorrow)"},
        {"line": 8, "reason": "no emotion word"},
        {"line": 9, "reason": "expected 11 fields, found 3"},
    ]
    assert entry_rows(db_path, "select logged_at_local, mood_raw, mood_score, note from entries order by 1") == [
        (dt.datetime(2026, 5, 15, 23, 12), "Sad;Calm", 3.0, None),
        (dt.datetime(2026, 5, 16, 9, 5), "Anxious", 1.5, "Big meeting; said no to extra work.\n\nAsk for help sooner"),
        (dt.datetime(2026, 5, 17, 15, 39), "Determined;Grateful", 4.5, "Good talk tonight.\n\nWe listened."),
    ]


def test_people_places_and_events_are_tag_groups_and_numbers_are_measures(fixtures, db_path):
    imported_export(fixtures / "howwefeel" / "HowWeFeelEmotions.csv", "ana", db_path=db_path)
    tags = entry_rows(
        db_path,
        "select tag_group, tag from entry_tags join entries using (entry_id) "
        "where logged_at_local = '2026-05-15 23:12' order by all",
    )
    assert tags == [("events", "Argument"), ("people", "Family"), ("people", "Partner")]
    measures = entry_rows(
        db_path,
        "select name, value, value_max from entry_measures join entries using (entry_id) "
        "where logged_at_local = '2026-05-17 15:39' order by name",
    )
    assert measures == [("energy", 0.0, 1.0), ("exercise", 30.0, None), ("sleep", 7.5, None), ("valence", 1.0, 1.0)]


def test_key_columns_give_english_tags_and_words_for_a_localised_app(fixtures, db_path):
    summary = imported_export(fixtures / "howwefeel" / "HowWeFeelEmotions_keys.csv", "eva", db_path=db_path)
    assert summary.source_format == "How We Feel CSV (with key columns)" and summary.entries_added == 2
    assert entry_rows(db_path, "select mood_raw, mood_score from entries order by mood_score") == [
        ("Ansioso", 1.5),
        ("Decidido;Agradecido", 4.5),
    ]
    with Warehouse(db_path).writing() as con:
        built_warehouse(con)
        signals = con.execute(
            "select s.signal from int_entry_signals_matched s join entries e using (entry_id) order by 1"
        ).fetchall()
    assert signals == [("alone",), ("with_partner",)]


def test_a_reimport_adds_nothing_and_the_other_apps_headers_are_not_claimed(fixtures, db_path):
    path = fixtures / "howwefeel" / "HowWeFeelEmotions.csv"
    imported_export(path, "ana", db_path=db_path)
    again = imported_export(path, "ana", db_path=db_path)
    assert (again.entries_added, again.duplicates_skipped) == (0, 3)
    assert howwefeel.recognised_format(["full_date", "date", "weekday", "time", "mood", "activities"]) is None
    assert howwefeel.recognised_format(["date", "alone_comfort", "note"]) is None


def test_every_word_of_the_table_has_one_quadrant():
    assert howwefeel.EMOTIONS["word"].is_unique().all() and howwefeel.EMOTIONS.height > 140  # no word in two quadrants
    assert set(howwefeel.EMOTIONS["valence"]) == {-1.0, 1.0} and set(howwefeel.EMOTIONS["energy"]) == {-1.0, 1.0}


def test_asking_for_how_we_feel_on_another_apps_file_names_the_header(fixtures):
    with opened_text_export(fixtures / "daylio" / "era_2020.csv") as export:
        with pytest.raises(ExportError, match="is not a howwefeel header"):
            recognised_csv(export, "howwefeel")
