"""Diaro backups (issue 29): the XML bare or in the backup ZIP, moods by weight, tags and folders, safe XML."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from independence.errors import ExportError
from independence.pipelines.imports import imported_export
from tests.helpers import rows


def backup_zip(xml: bytes) -> bytes:
    """Return a backup ZIP as Diaro writes it: the XML beside a photo folder."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("DiaroBackup.xml", xml)
        archive.writestr("media/photo/photo_1.jpg", b"\xff\xd8\xff\xe0 not really a photo")
    return buffer.getvalue()


@pytest.mark.parametrize("form", ["xml", "zip"])
def test_entries_moods_by_weight_tags_folders_and_notes(fixtures, db_path, tmp_path, form):
    xml = (fixtures / "diaro" / "DiaroBackup.xml").read_bytes()
    path = tmp_path / ("DiaroBackup.xml" if form == "xml" else "Diaro_backup.zip")
    path.write_bytes(xml if form == "xml" else backup_zip(xml))
    summary = imported_export(path, "ana", db_path=db_path)
    assert (summary.source, summary.source_format) == ("diaro", f"Diaro backup ({form.upper()})")
    assert [(r["line"], r["reason"]) for r in summary.rejects] == [(4, "entry 4: cannot read date 'gestern'")]
    assert rows(
        db_path, "select logged_at_local, tz, mood_raw, mood_score, note_title, note from entries order by 1"
    ) == [
        (dt.datetime(2024, 4, 11, 16, 47, 48, 644000), "UTC+02:00", None, None, "Ohne Stimmung", None),
        (dt.datetime(2025, 8, 11, 9, 45, 17, 768000), "UTC-05:00", "Schlecht", 1.0, None, "Müde."),
        (dt.datetime(2025, 8, 21, 16, 44, 16), "UTC+02:00", "Spitze", 5.0, "Ein Abend", "Zusammen gekocht."),
    ]
    assert rows(db_path, "select tag, tag_group from entry_tags order by 2, 1") == [
        ("Zuhause", "folder"),
        ("Partnerzeit", "tag"),
        ("allein", "tag"),
        ("allein", "tag"),
    ]


def test_an_entity_bomb_in_a_backup_is_refused_before_it_expands(db_path, tmp_path):
    bomb = b'<?xml version="1.0"?><!DOCTYPE data [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    path = tmp_path / "DiaroBackup.xml"
    path.write_bytes(bomb + b'<data><table name="diaro_entries"><r><title>&b;</title></r></table></data>')
    with pytest.raises(ExportError, match="uses XML features no backup needs"):
        imported_export(path, "eve", db_path=db_path)
