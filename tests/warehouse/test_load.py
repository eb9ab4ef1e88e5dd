"""Loading is idempotent and atomic: repeated and overlapping exports add only new entries, and a
failure or a killed process at any point leaves the warehouse exactly as it was."""

from __future__ import annotations

import signal
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import duckdb
import pytest

from dev.synth import DAYLIO_HEADER, PersonaSpec, csv_text, daylio_rows
from independence.pipelines.imports import imported_export
from independence.warehouse import Warehouse
from independence.warehouse.checks import failed_checks
from tests.conftest import REPO, table_snapshot
from tests.helpers import count_rows

MOODS = REPO / "data" / "samples" / "moods.toml"


@pytest.fixture
def persona_rows() -> list[dict]:
    """Return a short synthetic persona's Daylio rows, newest first."""
    return daylio_rows(PersonaSpec(seed=3, days=60))


def export_file(tmp_path, name: str, rows: list[dict]):
    path = tmp_path / name
    path.write_text(csv_text(DAYLIO_HEADER, rows, bom=True, quote_all=True), encoding="utf-8")
    return path


def test_importing_the_same_file_twice_adds_nothing_the_second_time(tmp_path, db_path, persona_rows):
    path = export_file(tmp_path, "daylio.csv", persona_rows)
    first = imported_export(path, "ana", db_path=db_path, moods_path=MOODS)
    before = table_snapshot(db_path)
    second = imported_export(path, "ana", db_path=db_path, moods_path=MOODS)
    assert first.entries_added == len(persona_rows) and first.duplicates_skipped == 0
    assert (second.entries_added, second.duplicates_skipped) == (0, len(persona_rows))
    after = table_snapshot(db_path)
    assert after["entries"] == before["entries"] and after["entry_tags"] == before["entry_tags"]
    assert len(after["imports"]) == 2
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert failed_checks(con) == {}


def test_a_cumulative_export_adds_only_the_entries_newer_than_the_last(tmp_path, db_path, persona_rows):
    older = persona_rows[len(persona_rows) // 2 :]
    first = imported_export(export_file(tmp_path, "old.csv", older), "ana", db_path=db_path, moods_path=MOODS)
    second = imported_export(export_file(tmp_path, "new.csv", persona_rows), "ana", db_path=db_path, moods_path=MOODS)
    assert first.entries_added == len(older)
    assert (second.entries_added, second.duplicates_skipped) == (len(persona_rows) - len(older), len(older))
    assert count_rows(db_path, "select count(*) from entries") == len(persona_rows)
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert failed_checks(con) == {}


def test_a_changed_time_format_between_exports_is_still_the_same_entry(tmp_path, db_path):
    header = "full_date,date,weekday,time,mood,activities,note_title,note\n"
    twelve = export_file(tmp_path, "a.csv", [])
    twelve.write_text(header + '2024-05-01,1 May,Wednesday,6:05 pm,good,"gym",,\n')
    twenty_four = tmp_path / "b.csv"
    twenty_four.write_text(header + '2024-05-01,1 May,Wednesday,18:05,good,"gym",,\n')
    imported_export(twelve, "ana", db_path=db_path)
    assert imported_export(twenty_four, "ana", db_path=db_path).duplicates_skipped == 1


def test_identical_rows_in_one_file_are_one_entry_and_other_users_keep_their_own(tmp_path, db_path, persona_rows):
    path = export_file(tmp_path, "doubled.csv", persona_rows[:5] + persona_rows[:5])
    summary = imported_export(path, "ana", db_path=db_path, moods_path=MOODS)
    assert (summary.entries_added, summary.duplicates_skipped) == (5, 5)
    other = imported_export(path, "ben", db_path=db_path, moods_path=MOODS)
    assert other.entries_added == 5
    assert count_rows(db_path, "select count(distinct user_id) from entries") == 2


def test_a_failure_inside_the_transaction_leaves_the_warehouse_unchanged(tmp_path, db_path, persona_rows):
    imported_export(export_file(tmp_path, "first.csv", persona_rows[30:]), "ana", db_path=db_path, moods_path=MOODS)
    before = table_snapshot(db_path)

    def fail_after_entries(stage: str) -> None:
        if stage == "entry_tags":
            raise RuntimeError("simulated crash")

    with pytest.raises(RuntimeError, match="simulated crash"):
        imported_export(
            export_file(tmp_path, "all.csv", persona_rows),
            "ana",
            db_path=db_path,
            moods_path=MOODS,
            progress=fail_after_entries,
        )
    assert table_snapshot(db_path) == before


KILLED_IMPORT = textwrap.dedent(
    """
    import sys, time
    from independence.pipelines.imports import imported_export

    def pause(stage):
        print(stage, flush=True)
        if stage == "entry_measures":
            time.sleep(120)

    imported_export(sys.argv[1], "ana", db_path=sys.argv[2], moods_path=sys.argv[3], progress=pause)
    """
)


def test_a_process_killed_mid_import_leaves_the_warehouse_as_before(tmp_path, db_path, persona_rows):
    imported_export(export_file(tmp_path, "first.csv", persona_rows[30:]), "ana", db_path=db_path, moods_path=MOODS)
    before = table_snapshot(db_path)
    path = export_file(tmp_path, "all.csv", persona_rows)
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_IMPORT, str(path), str(db_path), str(MOODS)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    stages = []
    while (line := child.stdout.readline().strip()) != "entry_measures":
        assert line, f"import ended before the kill point; stages seen: {stages}"
        stages.append(line)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert stages == ["validated", "staged", "entries", "entry_tags"]
    assert table_snapshot(db_path) == before
    left_behind = list(Path(tempfile.gettempdir()).glob(f"independence-stage-{child.pid}-*"))
    assert left_behind, "the killed import's Parquet part folder should still be there"
    with Warehouse(db_path).writing() as con:
        assert failed_checks(con) == {}
    retry = imported_export(path, "ana", db_path=db_path, moods_path=MOODS)
    assert retry.entries_added == 30
    assert not any(folder.exists() for folder in left_behind), "the next import removes orphaned staging files"


def test_a_utf16_resave_imports_the_same_entries_as_the_utf8_original(tmp_path, fixtures):
    original = fixtures / "daylio" / "era_2021.csv"
    resaved = tmp_path / "era_2021_utf16.csv"
    resaved.write_bytes(original.read_text(encoding="utf-8-sig").encode("utf-16"))
    utf8 = imported_export(original, "ana", db_path=tmp_path / "a.duckdb")
    utf16 = imported_export(resaved, "ana", db_path=tmp_path / "b.duckdb")
    assert (utf16.entries_added, utf16.rejects) == (utf8.entries_added, utf8.rejects)
    assert table_snapshot(tmp_path / "a.duckdb")["entries"] == table_snapshot(tmp_path / "b.duckdb")["entries"]
