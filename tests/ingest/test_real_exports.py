"""Regression over real exports people published (../shared/real-exports/; skipped when it is absent).

Every normal file is recognised as its app and loads at least 95% of its records (the counts of
SOURCES.md there); hand-edited (`altered/`) and empty (`edge/`) files end in a clear error or a
partial load, never a traceback. The files are read where they are: never copied, never quoted.
"""

from __future__ import annotations

import duckdb
import pytest

from independence.errors import InsightsError
from independence.pipelines.builds import built_models
from independence.pipelines.imports import imported_export
from tests.ingest.real_exports import NORMAL, REAL, moods_beside

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real-exports is not on this machine")

# file: (app, records it holds according to SOURCES.md)
# Real files of layouts not read yet: each must end in a clear error, never a traceback (none since issue 29).
NOT_YET: list[str] = []
OTHERS = sorted(str(path.relative_to(REAL)) for folder in ("altered", "edge") for path in (REAL / folder).glob("*"))


def test_the_list_covers_every_normal_file_in_the_folder():
    present = {
        str(path.relative_to(REAL))
        for path in REAL.rglob("*")
        if path.is_file() and path.suffix not in (".md", ".toml") and path.parts[-2] not in ("altered", "edge")
    }
    assert present == set(NORMAL) | set(NOT_YET)


@pytest.mark.parametrize("name", sorted(NORMAL))
def test_every_normal_export_is_recognised_and_loads_whole(name, db_path):
    app, records = NORMAL[name]
    path = REAL / name
    summary = imported_export(path, "person", db_path=db_path, moods_path=moods_beside(path))
    loaded = summary.rows_read - summary.rejected
    assert summary.source == app
    assert summary.rows_read >= records and loaded / records >= 0.95, (summary.rows_read, summary.rejects[:3])
    assert summary.entries_added + summary.duplicates_skipped == loaded


@pytest.mark.parametrize("name", OTHERS + NOT_YET)
def test_altered_and_empty_exports_end_in_a_clear_error_or_a_partial_load(name, db_path):
    try:
        summary = imported_export(REAL / name, "person", db_path=db_path)
    except InsightsError as error:
        message = str(error)
        assert name.rsplit("/", 1)[-1] in message and "Traceback" not in message and len(message) < 2000
        return
    assert summary.entries_added > 0


def test_a_cumulative_pair_holds_each_entry_once_with_its_latest_version(db_path):
    older, newer = REAL / "daylio/donnydew_2023_era3_space.csv", REAL / "daylio/donnydew_2024_era3_nnbsp.csv"
    first = imported_export(older, "person", db_path=db_path, moods_path=moods_beside(older))
    second = imported_export(newer, "person", db_path=db_path, moods_path=moods_beside(newer))
    assert second.duplicates_skipped > 1000 and first.entries_added == 1424  # 12h times with two kinds of space
    built_models(db_path)
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("select count(*) from int_entries_current").fetchall() == [(1760,)]


def test_an_empty_real_backup_is_named_as_the_app_it_is(db_path):
    with pytest.raises(InsightsError, match=r"a Daylio backup \(\.daylio\) with nothing to import") as caught:
        imported_export(REAL / "edge" / "dayligo_empty_diary.daylio", "person", db_path=db_path)
    assert caught.value.source == "daylio"
