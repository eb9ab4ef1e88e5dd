"""Apple Health State of Mind (Health Auto Export JSON): valence to mood, labels and associations as tags."""

from __future__ import annotations

import datetime as dt

from independence.analysis.transforms import built_warehouse
from independence.ingest.sources.applehealth import auto_export_json as applehealth
from independence.pipelines.imports import imported_export
from independence.warehouse import Warehouse
from tests.helpers import rows

EXPORT = "HealthAutoExport-2026-10-01-2026-10-31.json"


def test_valence_or_its_class_gives_the_mood_and_bad_samples_are_named(fixtures, db_path):
    summary = imported_export(fixtures / "applehealth" / EXPORT, "ana", db_path=db_path)
    assert (summary.source, summary.source_format) == (
        "applehealth",
        "Apple Health State of Mind (Health Auto Export JSON)",
    )
    assert (summary.rows_read, summary.entries_added) == (5, 2)
    assert [r["reason"] for r in summary.rejects] == [
        "sample 3: cannot read start '26/10/2026 21:40'",
        "sample 4: no valence from -1 to 1 and no valence class",
        "sample 5: date 1980-10-27 is out of range (1990 to tomorrow)",
    ]
    assert rows(db_path, "select logged_at_local, tz, mood_raw, round(mood_score, 3) from entries order by 1") == [
        (dt.datetime(2026, 10, 25, 7, 5, 11), "UTC-05:00", "pleasant", 4.2),
        (dt.datetime(2026, 10, 26, 21, 40), "UTC-05:00", "2", 1.667),
    ]
    assert rows(db_path, "select name, value, value_max from entry_measures order by all") == [
        ("valence", 0.6, 1.0),
        ("valence_class", 2.0, 7.0),
        ("valence_class", 6.0, 7.0),
    ]


def test_associations_feed_the_partner_and_self_care_signals(fixtures, db_path):
    imported_export(fixtures / "applehealth" / EXPORT, "ana", db_path=db_path)
    with Warehouse(db_path).writing() as con:
        built_warehouse(con)
        flags = con.execute(
            "select with_partner, self_care from int_entries_signalled order by logged_at_local"
        ).fetchall()
    assert flags == [(True, True), (True, False)]  # partner + selfCare; dating


def test_classes_read_as_numbers_or_words():
    assert applehealth.classification("slightly_pleasant") == 5 and applehealth.classification(7) == 7
    assert applehealth.classification("Very_Unpleasant") == 1 and applehealth.classification(9) is None
    assert applehealth.classification(True) is None and applehealth.classification(None) is None


def test_the_csv_export_reads_like_the_json(fixtures, db_path):
    summary = imported_export(
        fixtures / "applehealth" / "StateOfMind-2026-10-01-2026-10-31.csv", "ana", db_path=db_path
    )
    assert (summary.source, summary.source_format) == (
        "applehealth",
        "Apple Health State of Mind (Health Auto Export CSV)",
    )
    assert [r["reason"] for r in summary.rejects] == [
        "cannot read start '26/10/2026 21:40'",
        "no valence from -1 to 1 and no valence class",
    ]
    assert rows(db_path, "select logged_at_local, tz, mood_raw, round(mood_score, 3) from entries order by 1") == [
        (dt.datetime(2026, 10, 25, 7, 5, 11), "UTC-05:00", "pleasant", 4.2),
        (dt.datetime(2026, 10, 26, 21, 40), "UTC-05:00", "2", 1.667),
    ]
    assert rows(db_path, "select tag from entry_tags where tag_group = 'association' order by 1") == [
        ("partner",),
        ("selfCare",),
        ("work",),
    ]


def test_the_csv_as_health_auto_export_writes_it_loads_whole(fixtures, db_path):
    """Issue 29: every data row ends with a comma the header lacks; newest first; the offset changes inside the
    file; labels may be empty, joined with ' | ', one misspelt by the exporter; no final newline."""
    path = fixtures / "applehealth" / "StateOfMind-2025-10-30-2025-11-03-trailing-commas.csv"
    summary = imported_export(path, "ana", db_path=db_path)
    assert (summary.rows_read, summary.rejected, summary.entries_added) == (4, 0, 4)
    assert rows(db_path, "select logged_at_local, tz, round(mood_score, 3) from entries order by 1") == [
        (dt.datetime(2025, 10, 30, 7, 0), "UTC-04:00", 2.1),
        (dt.datetime(2025, 10, 31, 21, 30, 44), "UTC-04:00", 4.2),
        (dt.datetime(2025, 11, 2, 9, 15), "UTC-05:00", 3.219),
        (dt.datetime(2025, 11, 3, 20, 0, 5), "UTC-05:00", 3.431),
    ]
    assert rows(db_path, "select tag from entry_tags where tag_group = 'emotion' order by 1") == [
        ("Anxious",),
        ("Content",),
        ("Happy",),
        ("Surpirsed",),
    ]
    assert rows(db_path, "select count(*) from entry_tags where tag = '_trailing_comma' or tag = ''") == [(0,)]
