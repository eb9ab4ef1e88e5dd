"""Build the insights: run the transforms, then store every user's insight JSON in `user_insights`."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb

from independence.errors import ConfigError
from independence.insights import DEFAULT_WEEKS, insights_by_user
from independence.signals import stored_user_terms
from independence.transforms import BuildSummary, build_is_current, built_warehouse
from independence.users import validated_user_id
from independence.warehouse import open_warehouse


@dataclass(frozen=True)
class InsightsBuild:
    """A finished build: the transform summary and how many users' insights were stored."""

    transforms: BuildSummary
    users: int
    window_weeks: int


def warehouse_users(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Return every user id with entries, sorted."""
    return [row[0] for row in con.execute("select distinct user_id from entries order by user_id").fetchall()]


def stored_insights(con: duckdb.DuckDBPyConnection, build_id: int, weeks: int = DEFAULT_WEEKS) -> int:
    """Compute every user's insights over `weeks` and replace their rows in `user_insights`; return the count."""
    users = warehouse_users(con)
    results = insights_by_user(con, users, weeks)
    generated_at = dt.datetime.now(dt.UTC)
    con.begin()
    try:
        con.execute("delete from user_insights where window_weeks = ?", [weeks]).fetchall()
        con.executemany(
            "insert into user_insights values (?, ?, ?, ?, ?)",
            [
                [user, weeks, build_id, generated_at, json.dumps(result, ensure_ascii=False)]
                for user, result in results.items()
            ],
        )
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return len(results)


def built_insights(con: duckdb.DuckDBPyConnection, weeks: int = DEFAULT_WEEKS) -> InsightsBuild:
    """Rebuild every transform and store every user's insights; the same data gives the same results."""
    summary = built_warehouse(con)
    return InsightsBuild(summary, stored_insights(con, summary.build_id, weeks), weeks)


def opened_warehouse(
    db_path: Path | str | None, user: str | None = None, signals_path: Path | str | None = None
) -> tuple[duckdb.DuckDBPyConnection, bool]:
    """Return a writable connection, after storing the user's vocabulary when a signals file is given.

    The flag says whether a vocabulary was stored (so the marts must be rebuilt).
    """
    if signals_path is not None and user is None:
        raise ConfigError("a signals file belongs to one user: pass --user ID with --signals FILE")
    if user is not None:
        validated_user_id(user)
    con = open_warehouse(db_path)
    try:
        if signals_path is not None:
            stored_user_terms(con, user, signals_path)
    except BaseException:
        con.close()
        raise
    return con, signals_path is not None


def current_warehouse(
    db_path: Path | str | None, user: str | None = None, signals_path: Path | str | None = None
) -> duckdb.DuckDBPyConnection:
    """Return a writable connection whose marts reflect every import and the user's vocabulary."""
    con, vocabulary_stored = opened_warehouse(db_path, user, signals_path)
    try:
        if vocabulary_stored or not build_is_current(con):
            built_warehouse(con)
    except BaseException:
        con.close()
        raise
    return con
