"""Hardening round 2 (issue 33), each case generated here, nothing large committed: corrupt compressed data, integers
beyond Python's digit limit, option files nested or sized past reason, and values of millions of characters end
in a short error of the project's own naming the file, or in rejects with short reasons, never the catch-all."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from independence.errors import ConfigError, ExportError
from independence.ingest.moods import mood_levels
from independence.ingest.options import source_options
from independence.ingest.records import MAX_REASON, MAX_TAGS
from independence.pipelines.imports import imported_export
from independence.warehouse import Warehouse
from tests.conftest import FIXTURES
from tests.ingest.mutations import DAYLIO_BACKUP, daylio_backup_bytes, vault_bytes

HUGE_INTEGER = "9" * 5000  # Python refuses to read more than 4,300 digits into an int
JSON_EXPORTS = [
    "pixels/PIXELS-BACKUP-1730000000000.json",
    "dayone/Journal.json",
    "journey/journey-1614771930000-abc.json",
    "moodistory/moodistory-export.json",
    "obsidian/mood-tracker-data.json",
    "applehealth/HealthAutoExport-2026-10-01-2026-10-31.json",
]


@pytest.mark.parametrize("fixture", JSON_EXPORTS)
def test_an_integer_of_thousands_of_digits_is_refused_plainly_naming_the_file(fixture, db_path, tmp_path):
    value = json.loads((FIXTURES / fixture).read_text(encoding="utf-8"))
    record = value[0] if isinstance(value, list) else value
    record["count"] = "HUGE"  # any field: the number cannot even be read
    export = tmp_path / fixture.rsplit("/", 1)[-1]
    export.write_text(json.dumps(value).replace('"HUGE"', HUGE_INTEGER), encoding="utf-8")
    with pytest.raises(ExportError) as refused:
        imported_export(export, "eve", db_path=db_path)
    message = str(refused.value)
    assert str(export) in message and "a number of thousands of digits" in message and len(message) < 600


def corrupted_zip(members: dict[str, bytes]) -> bytes:
    """Return a ZIP of deflated members whose compressed data is garbled in the middle (headers intact)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    raw = bytearray(buffer.getvalue())
    for info in zipfile.ZipFile(io.BytesIO(bytes(raw))).infolist():
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        for offset in range(start + 2, start + min(info.compress_size, 40) - 2):
            raw[offset] ^= 0x5A
    return bytes(raw)


def json_payload(days: int = 200) -> bytes:
    """Return JSON long enough to compress into a stream that can be garbled."""
    return json.dumps([{"date": f"2026-1-{1 + n % 28}", "scores": [3], "notes": "words " * 20} for n in range(days)])


ZIPS = {
    "dayone.zip": {"Journal.json": (FIXTURES / "dayone" / "Journal.json").read_bytes() * 1 + b" " * 4000},
    "journey.zip": {"1614771930000-abc.json": (FIXTURES / "journey" / "journey-1614771930000-abc.json").read_bytes()
                    + b" " * 4000},
    "backup.daylio": {"backup.daylio": daylio_backup_bytes(DAYLIO_BACKUP)[-2000:] * 3},
    "vault.zip": {f"2026-05-{day:02d}.md": b"---\nmood: 4\n---\n" + b"A day of notes. " * 200 for day in range(1, 9)},
}  # fmt: skip


@pytest.mark.parametrize("name", ZIPS)
def test_a_corrupt_compressed_stream_in_an_archive_is_refused_naming_the_member(name, db_path, tmp_path):
    export = tmp_path / name
    export.write_bytes(corrupted_zip(ZIPS[name]))
    with pytest.raises(ExportError) as refused:
        imported_export(export, "eve", db_path=db_path)
    message = str(refused.value)
    assert str(export) in message and ("corrupt" in message or "not a readable ZIP" in message), message
    assert "unexpectedly" not in message and len(message) < 600
    assert not Warehouse(db_path).exists() or _entries(db_path) == 0


def _entries(db_path) -> int:
    with Warehouse(db_path).reading() as con:
        return con.execute("select count(*) from entries").fetchall()[0][0]


def test_a_vault_member_that_cannot_be_unpacked_is_the_projects_error_too(db_path, tmp_path):
    export = tmp_path / "vault.zip"
    good = vault_bytes({"2026-05-01.md": b"---\nmood: 4\n---\nfine\n"})
    export.write_bytes(good[:-30])  # cut short: the central directory is gone
    with pytest.raises(ExportError, match="not a readable ZIP|is from no supported app|corrupt"):
        imported_export(export, "eve", db_path=db_path)


NESTED = "a = " + "[" * 100_000 + "]" * 100_000 + "\n"


@pytest.mark.parametrize(
    "reader",
    [
        lambda path: mood_levels(path),
        lambda path: source_options(5, path, None),
        lambda path: source_options(5, None, path),
        lambda path: imported_export(FIXTURES / "daylio" / "era_2021.csv", "eve", moods_path=path, db_path=path.parent
                                     / "w.duckdb"),
    ],
    ids=["--moods", "--columns", "--front-matter", "import with --moods"],
)  # fmt: skip
@pytest.mark.parametrize("content", [NESTED, "x = 1\n" + "# filler\n" * 200_000], ids=["nested", "2 MB"])
def test_an_option_file_nested_or_sized_past_reason_is_a_plain_error(reader, content, tmp_path):
    path = tmp_path / "option.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        reader(path)
    assert str(path) in str(refused.value) and len(str(refused.value)) < 400


def test_a_signals_file_nested_past_reason_is_a_plain_error_on_the_command_line(tmp_path):
    from tests.helpers import run

    path = tmp_path / "words.toml"
    path.write_text(NESTED, encoding="utf-8")
    result = run("build", "--db", str(tmp_path / "w.duckdb"), "--user", "eve", "--signals", str(path))
    assert result.returncode == 1 and "nested deeper than any signal vocabulary needs" in result.stderr
    assert "unexpectedly" not in result.stderr


HEADER = "full_date,date,weekday,time,mood,activities,scales,note_title,note"


@pytest.mark.parametrize("field", ["full_date", "time", "scales", "activities"])
def test_a_value_of_ten_million_characters_is_never_echoed_whole(field, db_path, tmp_path):
    row = {"full_date": "2026-03-02", "date": "2 March", "weekday": "Monday", "time": "10:00", "mood": "good",
           "activities": "work", "scales": "", "note_title": "", "note": ""}  # fmt: skip
    row[field] = ("Sleep Quality: " if field == "scales" else "") + "7" * 10_000_000
    export = tmp_path / "daylio_export.csv"
    good = "2026-03-03,3 March,Tuesday,10:00,good,work,,,"
    export.write_text(f"{HEADER}\n{','.join(row.values())}\n{good}\n", encoding="utf-8")
    summary = imported_export(export, "eve", db_path=db_path)
    assert summary.entries_added == 1 and summary.rejected == 1
    reason = summary.rejects[0]["reason"]
    assert len(reason) <= MAX_REASON, len(reason)
    with Warehouse(db_path).reading() as con:
        stored = con.execute("select max(length(reason)), max(length(raw_line)) from rejected_rows").fetchall()[0]
        longest_tag = con.execute("select coalesce(max(length(tag)), 0) from entry_tags").fetchall()[0][0]
    assert stored[0] <= MAX_REASON and stored[1] <= 1000 and longest_tag <= 200


@pytest.mark.parametrize(
    ("fixture", "field"),
    [("pixels/PIXELS-BACKUP-1730000000000.json", "date"), ("obsidian/mood-tracker-data.json", "dateTime")],
)
def test_a_document_field_of_ten_million_characters_is_rejected_with_a_short_reason(fixture, field, db_path, tmp_path):
    value = json.loads((FIXTURES / fixture).read_text(encoding="utf-8"))
    (value["entries"] if isinstance(value, dict) else value)[0][field] = "2" * 10_000_000
    export = tmp_path / fixture.rsplit("/", 1)[-1]
    export.write_text(json.dumps(value), encoding="utf-8")
    summary = imported_export(export, "eve", db_path=db_path)
    assert summary.rejected >= 1 and summary.entries_added >= 1
    assert all(len(reject["reason"]) <= MAX_REASON for reject in summary.rejects)


@pytest.mark.parametrize(("notes", "values"), [(3000, 3000), (20_000, 20)])
def test_a_vault_past_its_budget_of_front_matter_values_is_refused_within_seconds(notes, values, db_path, tmp_path):
    import time

    tags = ", ".join(f"t{i}" for i in range(values))
    note = f"---\nmood: 4\ntags: [{tags}]\n---\nA day.\n".encode()
    export = tmp_path / "vault.zip"
    export.write_bytes(vault_bytes({f"{2000 + n // 300}-01-{1 + n % 28:02d}-{n}.md": note for n in range(notes)}))
    started = time.monotonic()
    with pytest.raises(ExportError, match="holds more than 300,000 values in all"):
        imported_export(export, "eve", db_path=db_path)
    assert time.monotonic() - started < 15


def test_a_large_export_imports_under_the_memory_ceiling_or_is_refused_plainly(db_path, tmp_path):
    from independence.pipelines.imports import ISOLATE_ABOVE_BYTES, capped_import

    days = [{"date": f"20{10 + n % 15}-{1 + n % 12}-{1 + n % 28}", "type": "Mood", "scores": [3], "notes": "x" * 400,
             "tags": [{"type": "Emotions", "entries": [f"e{n % 50}"]}]} for n in range(50_000)]  # fmt: skip
    export = tmp_path / "PIXELS-BACKUP-big.json"
    export.write_text(json.dumps(days), encoding="utf-8")
    assert export.stat().st_size > ISOLATE_ABOVE_BYTES
    with pytest.raises(ExportError, match="needed more than the 300 MB of memory one import may use"):
        capped_import(export, "eve", 300, db_path=db_path)
    assert not Warehouse(db_path).exists() or _entries(db_path) == 0
    # the same file from the command line, with the default room: it loads whole, telling its steps as it goes
    command = [str(Path(sys.executable).with_name("independence")), "ingest", str(export), "--user", "eve"]
    done = subprocess.run([*command, "--db", str(db_path), "--json"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["entries_added"] > 0 and summary["rejected"] == 0
    steps = done.stderr.splitlines()
    assert steps[0].endswith("a large export, read in a process of its own"), steps
    assert steps[1:] == [
        "  read and checked every row",
        "  compared with what is stored",
        "  stored the entries",
        "  stored the entry tags",
        "  stored the entry measures",
        "  stored the rejected rows",
    ]


def _with_too_many_tags(fixture: str, value):
    """Give an entry of a JSON export more tags than an entry holds (the app's own list of them)."""
    many = [f"tag {n}" for n in range(MAX_TAGS + 1)]
    first = {
        "pixels": lambda: value[0]["tags"][0].__setitem__("entries", many),
        "dayone": lambda: value["entries"][0].__setitem__("tags", many),
        "moodistory": lambda: value[0].update(mood=3, events=[{"name": tag} for tag in many]),
        "obsidian": lambda: value["entries"][0].__setitem__("emotions", many),
        "applehealth": lambda: value["data"]["stateOfMind"][0].__setitem__("labels", many),
    }
    first[fixture.split("/")[0]]()
    return value


@pytest.mark.parametrize("fixture", [name for name in JSON_EXPORTS if not name.startswith("journey")])
def test_an_entry_with_more_tags_than_an_entry_holds_is_rejected_and_the_others_load(fixture, db_path, tmp_path):
    export = tmp_path / fixture.rsplit("/", 1)[-1]
    value = _with_too_many_tags(fixture, json.loads((FIXTURES / fixture).read_text(encoding="utf-8")))
    export.write_text(json.dumps(value), encoding="utf-8")
    summary = imported_export(export, "eve", db_path=db_path)
    assert summary.entries_added >= 1
    assert any(f"{MAX_TAGS + 1:,} tags (an entry holds at most {MAX_TAGS:,})" in r["reason"] for r in summary.rejects)
    with Warehouse(db_path).reading() as con:
        assert con.execute("select count(*) from entry_tags where tag like 'tag %'").fetchall()[0][0] == 0


def test_a_journal_entry_of_millions_of_tags_is_refused_before_they_are_staged(db_path, tmp_path):
    entry = json.loads((FIXTURES / "journey/journey-cloud.json").read_text(encoding="utf-8"))
    entry["tags"] = ["a"] * 3_000_000  # 15 MB: staged as tags, these needed 2 GB
    export = tmp_path / "journey-cloud.json"
    export.write_text(json.dumps(entry), encoding="utf-8")
    with pytest.raises(ExportError, match="entry 1 holds a list of 3,000,000 tags"):
        imported_export(export, "eve", db_path=db_path)
