"""Schema creation and migration are done by the program, once, and recorded."""

from __future__ import annotations

from independence.warehouse import Warehouse
from independence.warehouse.schema import MIGRATIONS, schema_version


def test_a_new_warehouse_is_created_at_the_latest_version(db_path):
    with Warehouse(db_path).writing() as con:
        assert schema_version(con) == MIGRATIONS[-1][0]
        tables = {row[0] for row in con.execute("select table_name from information_schema.tables").fetchall()}
    assert {"entries", "entry_tags", "entry_measures", "imports", "rejected_rows", "schema_version"} <= tables


def test_reopening_applies_no_migration_twice(db_path):
    with Warehouse(db_path).writing():
        pass
    with Warehouse(db_path).writing() as con:
        assert con.execute("select count(*) from schema_version").fetchall() == [(len(MIGRATIONS),)]
