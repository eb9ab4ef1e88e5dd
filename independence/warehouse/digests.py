"""The `report_digests` table: what each written report said (verdicts, tags, counts), per person and ISO week.

A report compares itself with the person's latest digest of an earlier week for the same window, so
"since your last report" survives re-running a week. Digests hold numbers and tag names, never notes.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import duckdb

from independence.warehouse.transaction import transaction


@dataclass(frozen=True)
class ReportDigest:
    """One written report's digest: whose, which ISO week and window, when, and what it said."""

    user: str
    iso_week: str
    window_weeks: int
    written_at: dt.datetime
    digest: dict


def inserted_digests(con: duckdb.DuckDBPyConnection, digests: list[ReportDigest]) -> int:
    """Store digests inside the caller's transaction, each replacing the person's digest of its week and window."""
    for digest in digests:
        con.execute(
            "delete from report_digests where user_id = ? and iso_week = ? and window_weeks = ?",
            [digest.user, digest.iso_week, digest.window_weeks],
        ).fetchall()
    if digests:
        con.executemany(
            "insert into report_digests values (?, ?, ?, ?, ?)",
            [
                [d.user, d.iso_week, d.window_weeks, d.written_at, json.dumps(d.digest, ensure_ascii=False)]
                for d in digests
            ],
        )
    return len(digests)


def saved_digests(con: duckdb.DuckDBPyConnection, digests: list[ReportDigest]) -> int:
    """Store digests in one transaction of their own (see `inserted_digests`); return how many."""
    with transaction(con):
        return inserted_digests(con, digests)


def _digests_stored(con: duckdb.DuckDBPyConnection) -> bool:
    """Return whether the warehouse has its `report_digests` table (a read-only snapshot may predate it)."""
    return bool(
        con.execute("select count(*) from information_schema.tables where table_name = 'report_digests'").fetchall()[0][
            0
        ]
    )


def users_with_digest(con: duckdb.DuckDBPyConnection, users: list[str], iso_week: str, weeks: int) -> set[str]:
    """Return which of these people already have a report of this week and window (theirs are made again)."""
    if not _digests_stored(con):
        return set()
    rows = con.execute(
        """select distinct user_id from report_digests
           where list_contains(?, user_id) and iso_week = ? and window_weeks = ?""",
        [users, iso_week, weeks],
    ).fetchall()
    return {user for (user,) in rows}


def previous_digests(
    con: duckdb.DuckDBPyConnection, users: list[str], iso_week: str, weeks: int
) -> dict[str, ReportDigest]:
    """Return each person's latest digest of a week before `iso_week` for this window (none: a first report)."""
    if not _digests_stored(con):
        return {}
    rows = con.execute(
        """select user_id, iso_week, written_at, digest from report_digests
           where list_contains(?, user_id) and window_weeks = ? and iso_week < ?
           qualify row_number() over (partition by user_id order by iso_week desc, written_at desc) = 1""",
        [users, weeks, iso_week],
    ).fetchall()
    return {
        user: ReportDigest(user, week, weeks, written_at, json.loads(digest)) for user, week, written_at, digest in rows
    }
