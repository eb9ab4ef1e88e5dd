"""Every input that once ended in a traceback (issue 19), as a synthetic copy: now a load or a short, clear error."""

from __future__ import annotations

import json
import math

import pytest

from independence.errors import ExportError
from independence.pipelines.imports import imported_export
from tests.conftest import REPO
from tests.ingest.mutations import DAYLIO_BACKUP, FIXTURES, daylio_backup_bytes, replaced

MAX_MESSAGE = 900 + 300  # the cut problem plus the file's path


def outcome(path, db_path, **options) -> str:
    """Return 'loaded N, rejected M' or 'refused: <message>'; any other exception fails the test."""
    try:
        summary = imported_export(path, "eve", db_path=db_path, **options)
    except ExportError as error:
        assert len(str(error)) <= MAX_MESSAGE, len(str(error))
        return f"refused: {error}"
    return f"loaded {summary.entries_added}, rejected {summary.rejected}"


BACKUP_BREAKS = {
    "mood as a list": (("dayEntries", 0, "mood"), [1, 2]),
    "note title as a number": (("dayEntries", 0, "note_title"), 12345),
    "custom mood name as a number": (("customMoods", 1, "custom_name"), 7),
    "tag group name as an object": (("tag_groups", 0, "name"), {"x": 1}),
    "nested tag lists": (("dayEntries", 1, "tags"), [[11], [[12]]]),
    "moods as a string": (("customMoods",), "none"),
}


@pytest.mark.parametrize("case", BACKUP_BREAKS)
def test_daylio_backups_with_fields_of_unexpected_types(case, db_path, tmp_path):
    path, value = BACKUP_BREAKS[case]
    export = tmp_path / "backup.daylio"
    export.write_bytes(daylio_backup_bytes(replaced(DAYLIO_BACKUP, path, value)))
    result = outcome(export, db_path)
    assert result.startswith(("loaded", "refused: ")), result
    if case in ("mood as a list", "nested tag lists"):
        assert result.startswith("loaded 1, rejected 1"), result  # the other entry still loads


DATES = ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", math.nan, 1e20, math.inf, "NaN", "1e999", -1e20]


@pytest.mark.parametrize("value", DATES, ids=str)
@pytest.mark.parametrize(
    ("fixture", "field", "zone"),
    [
        ("dayone/Journal.json", ("entries", 0, "creationDate"), "timeZone"),
        ("journey/journey-1614771930000-abc.json", ("date_journal",), "timezone"),
        ("moodistory/moodistory-export.json", (0, "date"), "datetimezoneid"),
    ],
)
def test_journal_dates_at_the_ends_of_time_or_not_numbers_reject_that_entry(
    fixture, field, zone, value, db_path, tmp_path
):
    document = json.loads((FIXTURES / fixture).read_text(encoding="utf-8"))
    export = tmp_path / fixture.split("/")[1]
    broken = replaced(document, field, value)
    far = replaced(broken, (*field[:-1], zone), "Etc/GMT-14")  # the farthest zone ahead of UTC
    for text in (json.dumps(broken, allow_nan=True), json.dumps(far, allow_nan=True)):
        export.write_text(text, encoding="utf-8")
        result = outcome(export, db_path)
        assert result.startswith(("loaded", "refused: ")), result


def test_json_nested_a_hundred_thousand_deep_is_refused_plainly(db_path, tmp_path):
    export = tmp_path / "deep.json"
    export.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = outcome(export, db_path)
    assert result.startswith("refused: ") and "nested" in result, result


@pytest.mark.parametrize("item", [None, 7, "text", [1, 2], {"date": [1]}, {"date": "2025-1-1", "scores": "5"}])
def test_pixels_and_obsidian_items_of_the_wrong_type_are_rejected_one_by_one(item, db_path, tmp_path):
    pixels = json.loads((FIXTURES / "pixels/PIXELS-BACKUP-1730000000000.json").read_text(encoding="utf-8"))
    export = tmp_path / "PIXELS-BACKUP-1.json"
    export.write_text(json.dumps([*pixels, item]), encoding="utf-8")
    assert outcome(export, db_path).startswith("loaded"), "the good days still load"
    tracker = json.loads((FIXTURES / "obsidian/mood-tracker-data.json").read_text(encoding="utf-8"))
    export = tmp_path / "mood-tracker-data.json"
    export.write_text(json.dumps({**tracker, "entries": [*tracker["entries"], item]}), encoding="utf-8")
    assert outcome(export, db_path).startswith(("loaded", "refused: "))


@pytest.mark.parametrize(
    ("fixture", "source"), [("daylio/era_newest.csv", "auto"), ("checkin/checkins.csv", "checkin")]
)
def test_csv_with_classic_mac_line_endings_loads_like_any_other(fixture, source, db_path, tmp_path):
    text = (FIXTURES / fixture).read_text(encoding="utf-8-sig")
    export = tmp_path / fixture.split("/")[1]
    export.write_bytes(text.replace("\r\n", "\n").replace("\n", "\r").encode("utf-8"))
    unix = tmp_path / f"unix-{export.name}"
    unix.write_text(text, encoding="utf-8")
    assert outcome(export, db_path, source=source) == outcome(unix, tmp_path / "other.duckdb", source=source)


def test_xml_declaring_an_unknown_encoding_is_refused_plainly(db_path, tmp_path):
    export = tmp_path / "export.xml"
    text = (FIXTURES / "applehealth/export.xml").read_text(encoding="utf-8")
    export.write_text(text.replace('encoding="UTF-8"', 'encoding="klingon-8"', 1), encoding="utf-8")
    if 'encoding="klingon-8"' not in export.read_text(encoding="utf-8"):
        export.write_text('<?xml version="1.0" encoding="klingon-8"?>\n' + text, encoding="utf-8")
    result = outcome(export, db_path)
    assert result.startswith("refused: ") and "encoding" in result, result


def test_a_ten_megabyte_mood_label_is_never_echoed_whole(db_path, tmp_path):
    rows = (FIXTURES / "daylio/era_newest.csv").read_text(encoding="utf-8-sig").splitlines()
    header, first = rows[0], rows[1].split(",")
    mood_column = header.split(",").index('"mood"') if '"mood"' in header else header.split(",").index("mood")
    first[mood_column] = "x" * 10_000_000
    export = tmp_path / "huge_label.csv"
    export.write_text("\n".join([header, ",".join(first), *rows[2:]]), encoding="utf-8")
    result = outcome(export, db_path)
    assert len(result) < 2000 and result.startswith("loaded"), result[:300]


def test_build_on_a_warehouse_without_entries_says_so(tmp_path):
    from tests.helpers import run

    result = run("build", "--db", str(tmp_path / "empty.duckdb"), cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1) and len(result.stderr) < 600


def test_a_batch_gives_each_file_its_own_json_object_and_loads_the_good_one(tmp_path):
    from tests.helpers import run

    bad = tmp_path / "bad.json"
    bad.write_text("[" * 100_000, encoding="utf-8")
    good = REPO / "tests" / "fixtures" / "checkin" / "checkins.csv"
    result = run(
        "ingest", str(bad), str(good), "--user", "eve", "--db", str(tmp_path / "w.duckdb"), "--json", cwd=tmp_path
    )
    objects = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [obj["file"] for obj in objects] == [str(bad), str(good)], result.stdout
    assert objects[0]["error"] and objects[1]["entries_added"] > 0
    assert "Traceback" not in result.stderr


def test_the_refusal_names_the_file(db_path, tmp_path):
    export = tmp_path / "deep.json"
    export.write_text("{" * 10, encoding="utf-8")
    with pytest.raises(ExportError) as refused:
        imported_export(export, "eve", db_path=db_path)
    assert str(export) in str(refused.value)
