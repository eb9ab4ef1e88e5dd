"""iMoodJournal CSV (issue 29): a row per entry at its local date and time, the 1..10 level on the mood scale."""

from __future__ import annotations

import datetime as dt

from independence.ingest.sources.imoodjournal import csv_export as imoodjournal
from independence.pipelines.imports import imported_export
from tests.helpers import rows


def test_the_header_is_recognised_by_its_own_columns():
    header = ["date", "day of week", "hour", "minute", "level", "leveltext", "comment", "alone"]
    assert imoodjournal.recognised_format(header) == "iMoodJournal CSV"
    assert imoodjournal.recognised_format(["date", "time", "mood", "activities"]) is None


def test_levels_hashtags_comments_and_repeated_rows(fixtures, db_path):
    summary = imported_export(fixtures / "imoodjournal" / "iMoodJournal_export.csv", "ana", db_path=db_path)
    assert (summary.source, summary.source_format) == ("imoodjournal", "iMoodJournal CSV")
    assert (summary.rows_read, summary.entries_added, summary.duplicates_skipped) == (7, 3, 1)
    assert [(r["line"], r["reason"]) for r in summary.rejects] == [
        (7, "cannot read date 'Septembre 7, 2015'"),
        (8, "cannot read time 25:0"),
        (9, "level '11' is not 1 to 10"),
    ]
    assert rows(
        db_path, "select logged_at_local, tz, mood_raw, round(mood_score, 3), note from entries order by 1"
    ) == [
        (dt.datetime(2015, 9, 5, 18, 12), None, "Pretty Good", 3.667, None),
        (dt.datetime(2015, 9, 6, 9, 5), None, "Very bad", 1.444, "Rough night.\nCould not sleep."),
        (dt.datetime(2015, 9, 6, 21, 40), None, "SUPERB", 5.0, None),
    ]
    assert rows(db_path, "select tag, tag_group from entry_tags order by 1") == [
        ("alone", "hashtag"),
        ("partnertime", "hashtag"),
        ("worried", "hashtag"),
    ]
    assert rows(db_path, "select name, value, value_max from entry_measures order by value") == [
        ("level", 2.0, 10.0),
        ("level", 7.0, 10.0),
        ("level", 10.0, 10.0),
    ]
