"""Day One and Journey: journal entries at local time, Markdown or HTML text as notes, Journey's mood."""

from __future__ import annotations

import datetime as dt
import json
import zipfile

import pytest

from independence.errors import ExportError
from independence.pipelines.imports import imported_export
from tests.helpers import rows


def test_day_one_json_entries_are_local_with_plain_text_and_tags(fixtures, db_path):
    summary = imported_export(fixtures / "dayone" / "Journal.json", "ana", db_path=db_path)
    assert (summary.source, summary.source_format) == ("dayone", "Day One JSON")
    assert (summary.rows_read, summary.entries_added) == (6, 5)
    assert [r["reason"] for r in summary.rejects] == ["entry 3 (Journal): cannot read creationDate"]
    assert rows(
        db_path, "select logged_at_local, tz, mood_score, note, source_entry_id from entries order by 1, 5"
    ) == [
        (
            dt.datetime(2021, 3, 3, 12, 48, 50),
            "Europe/Paris",
            None,
            "Date night! We talked it through (finally).",
            "E1",
        ),
        (dt.datetime(2021, 3, 4, 18, 30), "America/New_York", None, "Spent the evening by myself, reading.", "E2"),
        (dt.datetime(2021, 3, 6, 8, 0), "UTC", None, "unknown zone", "E4"),
        # two entries with the same time and text are two entries (their uuids differ); Markdown becomes text
        (dt.datetime(2021, 3, 7, 19, 0), "UTC", None, "Evening\nQuiet walk, alone.", "E5"),
        (dt.datetime(2021, 3, 7, 19, 0), "UTC", None, "Evening\nQuiet walk, alone.", "E6"),
    ]
    assert rows(
        db_path,
        "select tag_group, tag from entry_tags join entries using (entry_id) "
        "where note like 'Date night%' order by all",
    ) == [("journal", "Journal"), ("tag", "Date Night"), ("tag", "partner")]


def test_a_day_one_zip_reads_every_journal_and_skips_photos(fixtures, db_path, tmp_path):
    archive_path = tmp_path / "Export-All Journals.zip"
    journal = json.loads((fixtures / "dayone" / "Journal.json").read_text())
    travel = {"metadata": {"version": "1.0"}, "entries": [journal["entries"][1] | {"uuid": "T1", "tags": ["solo"]}]}
    with zipfile.ZipFile(archive_path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Journal.json", json.dumps(journal))
        archive.writestr("Travel.json", json.dumps(travel))
        archive.writestr("photos/abc.jpeg", b"\xff\xd8\xff")
    summary = imported_export(archive_path, "ana", db_path=db_path)
    assert summary.source_format == "Day One ZIP" and (summary.rows_read, summary.entries_added) == (7, 6)
    assert rows(db_path, "select tag from entry_tags where tag_group = 'journal' group by 1 order by 1") == [
        ("Journal",),
        ("Travel",),
    ]


def test_journey_entries_old_and_cloud_with_moods_reversed(fixtures, db_path):
    old = imported_export(fixtures / "journey" / "journey-1614771930000-abc.json", "ana", db_path=db_path)
    cloud = imported_export(fixtures / "journey" / "journey-cloud.json", "ana", db_path=db_path)
    assert (old.source_format, cloud.source_format) == ("Journey JSON", "Journey JSON")
    assert rows(db_path, "select logged_at_local, tz, mood_raw, mood_score, note from entries order by 1") == [
        (dt.datetime(2021, 3, 3, 12, 45, 30), "Europe/Berlin", "2", 4.0, "Made a decision on my own about the move."),
        (dt.datetime(2024, 5, 18, 4, 20), "Asia/Tokyo", None, None, "Argued, then stayed calm."),
    ]


def test_a_journey_zip_with_a_broken_entry_names_the_member(db_path, tmp_path):
    archive_path = tmp_path / "journey-export.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.writestr("a.json", json.dumps({"date_journal": 1614771930000, "text": "ok", "mood": 3}))
        archive.writestr("b.json", '{"date_journal": 16147')
    with pytest.raises(ExportError, match=r"journey-export.zip!b.json: line 1, column \d+: invalid JSON"):
        imported_export(archive_path, "ana", db_path=db_path)


def test_obsidian_mood_tracker_entries_with_emotions_and_bad_ones_named(fixtures, db_path):
    summary = imported_export(fixtures / "obsidian" / "mood-tracker-data.json", "ana", db_path=db_path)
    assert (summary.source, summary.source_format) == ("obsidian", "Obsidian mood tracker JSON")
    assert [r["reason"] for r in summary.rejects] == [
        "entry 3: cannot read dateTime 'tuesday'",
        "entry 4: moodRating 6 is not 1..5",
    ]
    assert rows(db_path, "select logged_at_local, mood_score, note from entries order by 1") == [
        (dt.datetime(2025, 2, 10, 21, 15), 4.0, "Set a boundary with my sister."),
        (dt.datetime(2025, 2, 11, 8, 0), 2.0, None),
    ]
    assert rows(db_path, "select tag from entry_tags order by 1") == [("calm",), ("proud",)]


def vault_zip(fixtures, tmp_path):
    archive_path = tmp_path / "vault.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        for note in sorted((fixtures / "obsidian" / "vault").iterdir()):
            archive.write(note, f"Daily/{note.name}")
    return archive_path


def test_obsidian_daily_notes_read_mood_date_and_tags_from_front_matter(fixtures, db_path, tmp_path):
    summary = imported_export(vault_zip(fixtures, tmp_path), "ana", db_path=db_path)
    assert (summary.source, summary.source_format) == ("obsidian", "Obsidian daily notes (front matter)")
    assert [r["reason"] for r in summary.rejects] == [
        "Daily/2026-05-18.md: mood 9 is not 1..5 (set the scale with --scale N)",
        "Daily/random thoughts.md: no date (front matter `date` or a YYYY-MM-DD file name)",
    ]
    assert rows(db_path, "select logged_at_local, mood_score, note_title, note from entries order by 1") == [
        (dt.datetime(2026, 5, 16, 12), 4.0, "2026-05-16", "Saturday\nClimbed with friends, said no to overtime."),
        (dt.datetime(2026, 5, 17, 12), None, "Sunday note", "Rough evening."),
    ]
    assert rows(db_path, "select tag from entry_tags order by 1") == [
        ("argument",),
        ("friends",),
        ("gym",),
        ("partner",),
    ]


def test_front_matter_keys_and_scale_are_the_persons_choice(fixtures, db_path, tmp_path):
    from independence.ingest.options import SourceOptions, front_matter_keys

    keys = tmp_path / "keys.toml"
    keys.write_text('mood = "Mood"\n', encoding="utf-8")
    options = SourceOptions(scale=10, front_matter=front_matter_keys(keys))
    summary = imported_export(vault_zip(fixtures, tmp_path), "ana", db_path=db_path, options=options)
    assert rows(db_path, "select mood_raw, round(mood_score, 3) from entries where mood_score is not null") == [
        ("2/10", 1.444)
    ]
    assert summary.rejects[0]["reason"].startswith("Daily/random thoughts.md: no date")
