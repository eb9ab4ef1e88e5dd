"""A person's rows across the warehouse, and deleting all of them in one transaction."""

from __future__ import annotations

import duckdb

from independence.warehouse.transaction import transaction

# Tables keyed by user_id besides entries and imports (whose tags, measures and rejects follow them)
PERSON_TABLES = ("user_signal_terms", "report_runs", "report_digests", "user_moments")


def warehouse_users(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Return every user id with entries, sorted."""
    return [row[0] for row in con.execute("select distinct user_id from entries order by user_id").fetchall()]


def entry_count(con: duckdb.DuckDBPyConnection, user: str) -> int:
    """Return how many entries a user has (0 for an unknown user)."""
    return con.execute("select count(*) from entries where user_id = ?", [user]).fetchall()[0][0]


def deleted_person_rows(con: duckdb.DuckDBPyConnection, user: str) -> int:
    """Delete every row of one user from the canonical tables in one transaction; return the entries deleted.

    The caller rebuilds the marts afterwards, so no derived row of theirs remains either.
    """
    with transaction(con):
        con.execute(
            "create or replace temp table doomed_entries as select entry_id from entries where user_id = ?", [user]
        ).fetchall()
        for table in ("entry_tags", "entry_measures"):
            con.execute(f"delete from {table} where entry_id in (select entry_id from doomed_entries)").fetchall()
        con.execute(
            "delete from rejected_rows where import_id in (select import_id from imports where user_id = ?)", [user]
        ).fetchall()
        deleted = con.execute("delete from entries where user_id = ?", [user]).fetchall()[0][0]
        con.execute("delete from imports where user_id = ?", [user]).fetchall()
        for table in PERSON_TABLES:
            con.execute(f"delete from {table} where user_id = ?", [user]).fetchall()
        con.execute("drop table doomed_entries").fetchall()
    return deleted
