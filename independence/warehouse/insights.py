"""The `user_insights` table: each person's insight JSON per trend window, as of the build it was computed on."""

from __future__ import annotations

import datetime as dt
import json

import duckdb

from independence.warehouse.transaction import transaction


def latest_build_id(con: duckdb.DuckDBPyConnection) -> int | None:
    """Return the id of the latest transform build, or None before the first."""
    return con.execute("select max(build_id) from builds").fetchall()[0][0]


def replaced_insights(
    con: duckdb.DuckDBPyConnection, weeks: int, build_id: int, results: dict[str, dict], everyone: bool = True
) -> int:
    """Store each user's insight JSON for a window, replacing the window's earlier rows (only the given
    users' rows when not `everyone`); return how many."""
    generated_at = dt.datetime.now(dt.UTC)
    with transaction(con):
        if everyone:
            con.execute("delete from user_insights where window_weeks = ?", [weeks]).fetchall()
        else:
            con.execute(
                "delete from user_insights where window_weeks = ? and list_contains(?, user_id)",
                [weeks, list(results)],
            ).fetchall()
        if not results:  # a warehouse without entries: nothing to store (DuckDB refuses an empty executemany)
            return 0
        con.executemany(
            "insert into user_insights values (?, ?, ?, ?, ?)",
            [
                [user, weeks, build_id, generated_at, json.dumps(result, ensure_ascii=False)]
                for user, result in results.items()
            ],
        )
    return len(results)


def saved_user_insights(con: duckdb.DuckDBPyConnection, user: str, weeks: int, build_id: int, result: dict) -> None:
    """Store one user's insight JSON for a window, replacing their earlier row for it."""
    with transaction(con):
        con.execute("delete from user_insights where user_id = ? and window_weeks = ?", [user, weeks]).fetchall()
        con.execute(
            "insert into user_insights values (?, ?, ?, ?, ?)",
            [user, weeks, build_id, dt.datetime.now(dt.UTC), json.dumps(result, ensure_ascii=False)],
        ).fetchall()


def stored_user_insights(con: duckdb.DuckDBPyConnection, user: str, weeks: int, build_id: int) -> dict | None:
    """Return a user's stored insight JSON for a window when it was computed on this build, else None."""
    rows = con.execute(
        "select insights from user_insights where user_id = ? and window_weeks = ? and build_id = ?",
        [user, weeks, build_id],
    ).fetchall()
    return json.loads(rows[0][0]) if rows else None
