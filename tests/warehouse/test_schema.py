"""Schema creation and migration are done by the program, once, and recorded."""

from __future__ import annotations

import duckdb
import pytest

from independence.errors import WarehouseBusyError
from independence.warehouse import default_db_path, open_warehouse, schema_version
from independence.warehouse.schema import MIGRATIONS
from tests.conftest import held_by_another_process


def test_a_new_warehouse_is_created_at_the_latest_version(db_path):
    with open_warehouse(db_path) as con:
        assert schema_version(con) == MIGRATIONS[-1][0]
        tables = {row[0] for row in con.execute("select table_name from information_schema.tables").fetchall()}
    assert {"entries", "entry_tags", "entry_measures", "imports", "rejected_rows", "schema_version"} <= tables


def test_reopening_applies_no_migration_twice(db_path):
    open_warehouse(db_path).close()
    with open_warehouse(db_path) as con:
        assert con.execute("select count(*) from schema_version").fetchall() == [(len(MIGRATIONS),)]


def test_the_path_comes_from_the_environment_or_defaults_under_data(monkeypatch, tmp_path):
    monkeypatch.delenv("INDEPENDENCE_DB", raising=False)
    assert str(default_db_path()) == "data/warehouse.duckdb"
    monkeypatch.setenv("INDEPENDENCE_DB", str(tmp_path / "elsewhere.duckdb"))
    assert default_db_path() == tmp_path / "elsewhere.duckdb"


def test_reading_a_missing_warehouse_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="no warehouse yet"):
        open_warehouse(tmp_path / "missing.duckdb", read_only=True)


def test_a_warehouse_held_by_another_process_is_reported_as_busy(db_path):
    with held_by_another_process(db_path, 60):
        with pytest.raises(WarehouseBusyError, match="in use by another process"):
            open_warehouse(db_path)
    with duckdb.connect(str(db_path)) as con:
        assert con.execute("select count(*) from entries").fetchall() == [(0,)]
