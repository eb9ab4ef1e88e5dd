"""Every fixture is recognised as its app from content alone, whatever its name; other files are refused."""

from __future__ import annotations

import shutil

import pytest

from independence.errors import ExportError
from independence.ingest.options import SourceOptions, form_columns
from independence.pipelines.imports import imported_export

EXPECTED = {
    "daylio/era_newest.csv": ("daylio", "Daylio CSV (newest header, with scales)"),
    "daylio/era_oldest.csv": ("daylio", "Daylio CSV (oldest header, year + date)"),
    "checkin/checkins.csv": ("checkin", "check-in CSV"),
    "howwefeel/HowWeFeelEmotions.csv": ("howwefeel", "How We Feel CSV"),
    "howwefeel/HowWeFeelEmotions_keys.csv": ("howwefeel", "How We Feel CSV (with key columns)"),
    "bearable/bearable-export.csv": ("bearable", "Bearable CSV (with date formatted)"),
    "bearable/bearable-old-header.csv": ("bearable", "Bearable CSV"),
    "pixels/PIXELS-BACKUP-1730000000000.json": ("pixels", "Pixels JSON"),
    "pixels/PIXELS-BACKUP-nested.json": ("pixels", "Pixels JSON (older nested form)"),
    "moodistory/moodistory-export.json": ("moodistory", "Moodistory JSON (5-point scale)"),
    "obsidian/mood-tracker-data.json": ("obsidian", "Obsidian mood tracker JSON"),
    "applehealth/HealthAutoExport-2026-10-01-2026-10-31.json": (
        "applehealth",
        "Apple Health State of Mind (Health Auto Export JSON)",
    ),
    "applehealth/export.xml": ("applehealth", "Apple Health export.xml (State of Mind records)"),
    "applehealth/StateOfMind-2026-10-01-2026-10-31.csv": (
        "applehealth",
        "Apple Health State of Mind (Health Auto Export CSV)",
    ),
    "dayone/Journal.json": ("dayone", "Day One JSON"),
    "journey/journey-cloud.json": ("journey", "Journey JSON"),
}


@pytest.mark.parametrize("fixture", sorted(EXPECTED))
def test_each_fixture_is_recognised_from_its_content_even_renamed(fixtures, db_path, tmp_path, fixture):
    renamed = tmp_path / "export.dat"  # the name says nothing
    shutil.copyfile(fixtures / fixture, renamed)
    summary = imported_export(renamed, "ana", db_path=db_path, moods_path=fixtures / "daylio" / "custom_moods.toml")
    assert (summary.source, summary.source_format) == EXPECTED[fixture]
    assert summary.entries_added > 0


def test_the_form_is_recognised_only_with_its_column_map(fixtures, db_path):
    options = SourceOptions(columns=form_columns(fixtures / "forms" / "columns.toml"))
    summary = imported_export(
        fixtures / "forms" / "weekly-checkin-responses.csv", "ana", db_path=db_path, options=options
    )
    assert summary.source_format == "form CSV (column map)"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,price,quantity\nwidget,3,4\n", "is from no supported app; supported: Daylio CSV"),
        (b'{"orders": [{"id": 1}]}', "JSON of no supported app's shape; supported:"),
        (b"<svg><rect/></svg>", "XML that is not an Apple Health export.xml; supported:"),
    ],
)
def test_a_file_from_no_supported_app_lists_the_supported_formats(db_path, tmp_path, content, message):
    path = tmp_path / "random.csv"
    path.write_bytes(content)
    with pytest.raises(ExportError, match=message) as raised:
        imported_export(path, "ana", db_path=db_path)
    assert "Pixels JSON" in str(raised.value) and "Day One" in str(raised.value)
