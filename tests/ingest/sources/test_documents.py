"""JSON and ZIP exports: Pixels, Daylio backups, and the limits that keep archives and JSON safe."""

from __future__ import annotations

import base64
import datetime as dt
import json
import zipfile

import duckdb
import pytest

from independence.errors import ExportError
from independence.pipelines.imports import imported_export
from tests.conftest import table_snapshot
from tests.helpers import rows


def test_pixels_scores_become_entries_with_the_days_tags_and_bad_days_are_named(fixtures, db_path):
    summary = imported_export(fixtures / "pixels" / "PIXELS-BACKUP-1730000000000.json", "ana", db_path=db_path)
    assert (summary.source, summary.source_format) == ("pixels", "Pixels JSON")
    assert (summary.rows_read, summary.entries_added, summary.rejected) == (9, 5, 4)
    assert [r["reason"] for r in summary.rejects] == [
        "item 4: cannot read date '2025-13-1'",
        "item 5: score 7 is not 1..5",
        "item 6: no mood score",
        "item 7: date 1985-01-06 is out of range (1990 to tomorrow)",
    ]
    entries = rows(db_path, "select logged_at_local, mood_score, note from entries order by 1")
    assert entries[:4] == [
        (dt.datetime(2025, 1, 1, 12, 0), 2.0, "New year. Argument in the morning, talked it through."),
        (dt.datetime(2025, 1, 1, 12, 1), 5.0, None),
        (dt.datetime(2025, 1, 2, 12, 0), 3.0, None),
        (dt.datetime(2025, 1, 2, 12, 1), 3.0, None),
    ]
    tags = rows(db_path, "select tag_group, tag, count(*) from entry_tags group by all order by all")
    assert tags == [
        ("activities", "reading", 1),
        ("emotions", "excited", 2),
        ("emotions", "happy", 2),
        ("people", "Partner", 2),
    ]


def test_the_older_nested_pixels_form_reads_each_mood_entry(fixtures, db_path):
    summary = imported_export(fixtures / "pixels" / "PIXELS-BACKUP-nested.json", "ana", db_path=db_path)
    assert summary.source_format == "Pixels JSON (older nested form)" and summary.entries_added == 3
    assert rows(db_path, "select mood_score from entries order by logged_at_local") == [(4.0,), (2.0,), (3.0,)]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("truncated.json", None, r"line 1, column 47: invalid JSON \(Unterminated string"),
        ("shape.json", b'{"entries": []}', "JSON of no supported app's shape; supported: Daylio CSV"),
        ("list.json", b"[1, 2, 3]", "JSON of no supported app's shape"),
    ],
)
def test_bad_json_is_refused_with_where_and_why_and_nothing_is_written(
    fixtures, db_path, tmp_path, name, content, message
):
    path = fixtures / "pixels" / name if content is None else tmp_path / name
    if content is not None:
        path.write_bytes(content)
    imported_export(fixtures / "pixels" / "PIXELS-BACKUP-nested.json", "ana", db_path=db_path)
    before = table_snapshot(db_path)
    with pytest.raises(ExportError, match=message) as raised:
        imported_export(path, "ana", db_path=db_path)
    assert str(path) in str(raised.value)
    assert table_snapshot(db_path) == before


BACKUP = {
    "version": 15,
    "pin": "4321",
    "customMoods": [
        {"id": 1, "custom_name": "", "mood_group_id": 1, "predefined_name_id": 1},
        {"id": 2, "custom_name": "", "mood_group_id": 3, "predefined_name_id": 3},
        {"id": 7, "custom_name": "vaguely ok", "mood_group_id": 3, "predefined_name_id": -1},
        {"id": 8, "custom_name": "rested", "mood_group_id": 2, "predefined_name_id": -1},
    ],
    "tag_groups": [{"id": 1, "name": "People"}, {"id": 2, "name": "Hobbies"}],
    "tags": [
        {"id": 11, "name": "partner", "id_tag_group": 1},
        {"id": 12, "name": "🎨 painting", "id_tag_group": 2},
        {"id": 13, "name": "alone", "id_tag_group": 1},
    ],
    "dayEntries": [
        {
            "id": 1,
            "minute": 50,
            "hour": 18,
            "day": 28,
            "month": 8,
            "year": 2025,
            "datetime": 1759078200000,
            "timeZoneOffset": 7200000,
            "mood": 7,
            "note": "Quiet<br>evening &amp; tea",
            "note_title": "",
            "tags": [13, 12],
        },
        {
            "id": 2,
            "minute": 5,
            "hour": 9,
            "day": 1,
            "month": 0,
            "year": 2026,
            "datetime": 1767254700000,
            "timeZoneOffset": 3600000,
            "mood": 8,
            "note": "",
            "note_title": "New year",
            "tags": [11],
        },
        {"id": 3, "minute": 0, "hour": 12, "day": 2, "month": 0, "year": 2026, "mood": 99, "note": "", "tags": []},
        {"id": 4, "minute": 0, "hour": 12, "day": 30, "month": 1, "year": 2026, "mood": 1, "note": "", "tags": []},
    ],
}


def write_backup(path, value=BACKUP, member="backup.daylio", extra: dict | None = None):
    encoded = base64.encodebytes(json.dumps(value).encode())  # base64 with line breaks, as Daylio writes it
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, encoded)
        archive.writestr("assets/photo.jpg", b"\xff\xd8\xff" + b"\x00" * 64)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


def test_a_daylio_backup_scores_custom_moods_from_their_group_and_never_keeps_the_pin(db_path, tmp_path):
    path = write_backup(tmp_path / "backup_2026_01_02.daylio")
    summary = imported_export(path, "ana", db_path=db_path)
    assert (summary.source, summary.source_format) == ("daylio", "Daylio backup (.daylio)")
    assert (summary.rows_read, summary.entries_added) == (4, 2)
    assert [r["reason"] for r in summary.rejects] == [
        "entry 3: mood id 99 is not in customMoods",
        "entry 4: cannot read its date and time",
    ]
    assert rows(
        db_path, "select logged_at_local, tz, mood_raw, mood_score, note_title, note from entries order by 1"
    ) == [
        (dt.datetime(2025, 9, 28, 18, 50), "UTC+02:00", "vaguely ok", 3.0, None, "Quiet\nevening & tea"),
        (dt.datetime(2026, 1, 1, 9, 5), "UTC+01:00", "rested", 4.0, "New year", None),
    ]
    assert rows(db_path, "select tag_group, tag from entry_tags order by all") == [
        ("Hobbies", "🎨 painting"),
        ("People", "alone"),
        ("People", "partner"),
    ]
    with duckdb.connect(str(db_path), read_only=True) as con:
        everything = " ".join(
            str(row)
            for table in ("entries", "entry_tags", "imports", "rejected_rows")
            for row in con.execute(f"select * from {table}").fetchall()
        )
    assert "4321" not in everything


def test_a_zip_bomb_a_climbing_member_and_an_unknown_archive_are_refused(db_path, tmp_path):
    bomb = tmp_path / "bomb.daylio"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("backup.daylio", b"A" * 20_000_000)
    with pytest.raises(ExportError, match=r"ZIP member 'backup.daylio' expands \d+:1; refused"):
        imported_export(bomb, "ana", db_path=db_path)
    climbing = write_backup(tmp_path / "climb.zip", extra={"../../etc/evil.json": b"{}"})
    with pytest.raises(ExportError, match="points outside the archive"):
        imported_export(climbing, "ana", db_path=db_path)
    photos = tmp_path / "photos.zip"
    with zipfile.ZipFile(photos, "w") as archive:
        archive.writestr("IMG_0001.png", b"\x89PNG")
    with pytest.raises(ExportError, match="holding no JSON or text members is from no supported app"):
        imported_export(photos, "ana", db_path=db_path)
    broken = write_backup(tmp_path / "broken.daylio", value={"no": "entries"})
    with pytest.raises(ExportError, match="backup.daylio: decoded JSON has no dayEntries list"):
        imported_export(broken, "ana", db_path=db_path)
    assert not db_path.exists() or rows(db_path, "select count(*) from entries") == [(0,)]


def test_reimporting_a_backup_adds_nothing(db_path, tmp_path):
    path = write_backup(tmp_path / "backup.daylio")
    imported_export(path, "ana", db_path=db_path)
    again = imported_export(path, "ana", db_path=db_path)
    assert (again.entries_added, again.duplicates_skipped) == (0, 2)


def test_an_entry_without_a_time_of_day_takes_its_moment_from_datetime_on_its_day(db_path, tmp_path):
    untimed = {"minute": -1, "hour": -1, "mood": 7, "note": "", "tags": []}
    value = BACKUP | {
        "dayEntries": [
            # 2017-06-29 19:50:22 UTC, shown two hours ahead on the phone
            {
                **untimed,
                "id": 276,
                "day": 29,
                "month": 5,
                "year": 2017,
                "datetime": 1498765822500,
                "timeZoneOffset": 7200000,
            },
            # a datetime on another day than the entry's: the entry's day, at noon
            {**untimed, "id": 277, "day": 1, "month": 6, "year": 2017, "datetime": 1498765822500, "timeZoneOffset": 0},
            # no datetime at all: noon of the day
            {**untimed, "id": 278, "day": 2, "month": 6, "year": 2017},
        ]
    }
    summary = imported_export(write_backup(tmp_path / "untimed.daylio", value), "ana", db_path=db_path)
    assert (summary.entries_added, summary.rejected) == (3, 0)
    assert rows(db_path, "select logged_at_local, tz, source_entry_id from entries order by 1") == [
        (dt.datetime(2017, 6, 29, 21, 50, 22), "UTC+02:00", "276"),
        (dt.datetime(2017, 7, 1, 12), "UTC+00:00", "277"),
        (dt.datetime(2017, 7, 2, 12), None, "278"),
    ]


def test_entries_the_app_tells_apart_stay_apart_and_an_edit_replaces_its_old_version(db_path, tmp_path):
    from independence.analysis.transforms import built_warehouse
    from independence.warehouse import Warehouse

    twin = {"minute": 0, "hour": 20, "day": 3, "month": 2, "year": 2026, "mood": 7, "note": "same words", "tags": []}
    first = BACKUP | {"dayEntries": [{**twin, "id": 1}, {**twin, "id": 2}]}
    summary = imported_export(write_backup(tmp_path / "first.daylio", first), "ana", db_path=db_path)
    assert summary.entries_added == 2
    edited = BACKUP | {"dayEntries": [{**twin, "id": 1}, {**twin, "id": 2, "note": "same words, edited"}]}
    again = imported_export(write_backup(tmp_path / "later.daylio", edited), "ana", db_path=db_path)
    assert (again.entries_added, again.duplicates_skipped) == (1, 1)
    with Warehouse(db_path).writing() as con:
        built_warehouse(con)
        current = con.execute(
            "select source_entry_id, note_text from int_entries_current order by source_entry_id"
        ).fetchall()
    assert current == [("1", "same words"), ("2", "same words edited")]


def test_an_empty_backup_is_refused_naming_the_app(db_path, tmp_path):
    empty = write_backup(tmp_path / "empty.daylio", BACKUP | {"dayEntries": []})
    with pytest.raises(
        ExportError, match=r"a Daylio backup \(\.daylio\) with nothing to import: it holds no entries"
    ) as caught:
        imported_export(empty, "ana", db_path=db_path)
    assert caught.value.source == "daylio"
