"""The `report_runs` table: which weekly reports were attempted, for whom, and how each ended.

A user is due a report when they have imports newer than the data their last successful report
covered (`last_import_id`); re-running a week with nothing new renders nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from independence.warehouse.digests import ReportDigest, inserted_digests
from independence.warehouse.transaction import transaction


@dataclass(frozen=True)
class DueReport:
    """A user who needs a report, and the newest import it will cover."""

    user: str
    last_import_id: int


@dataclass(frozen=True)
class ReportOutcome:
    """How one user's report attempt ended: 'ok' with its path, or 'failed' with the error."""

    user: str
    iso_week: str
    status: str
    path: str | None
    error: str | None
    last_import_id: int
    started_at: dt.datetime
    finished_at: dt.datetime
    digest: ReportDigest | None = None


def due_reports(con: duckdb.DuckDBPyConnection, force: bool = False) -> list[DueReport]:
    """Return the users with imports newer than their last successful report of any week, sorted.

    With `force`, every user with entries is due again.
    """
    rows = con.execute(
        """with latest_import as (
               select user_id, max(import_id) as last_import_id
               from imports where entries_added > 0 group by user_id
           ), reported as (
               select user_id, max(last_import_id) as covered
               from report_runs where status = 'ok' group by user_id
           )
           select l.user_id, l.last_import_id
           from latest_import l left join reported r using (user_id)
           where ? or l.last_import_id > coalesce(r.covered, 0)
           order by l.user_id""",
        [force],
    ).fetchall()
    return [DueReport(user, last_import_id) for user, last_import_id in rows]


def recorded_outcomes(con: duckdb.DuckDBPyConnection, flow_run: str, outcomes: list[ReportOutcome]) -> int:
    """Store every outcome of one run, and the digests of the reports written, in one transaction; return how many."""
    if not outcomes:
        return 0
    with transaction(con):
        inserted_digests(con, [outcome.digest for outcome in outcomes if outcome.digest is not None])
        con.executemany(
            "insert into report_runs values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                [
                    flow_run,
                    o.user,
                    o.iso_week,
                    o.status,
                    o.path,
                    o.error,
                    o.last_import_id,
                    o.started_at,
                    o.finished_at,
                ]
                for o in outcomes
            ],
        )
    return len(outcomes)


def recent_runs(con: duckdb.DuckDBPyConnection, limit: int = 50) -> list[dict]:
    """Return the latest report attempts, newest first, as dicts (none before the first weekly run)."""
    exists = con.execute("select count(*) from information_schema.tables where table_name = 'report_runs'").fetchall()[
        0
    ][0]
    if not exists:
        return []
    result = con.execute(
        """select finished_at, iso_week, user_id, status, path, error, flow_run
           from report_runs order by finished_at desc, user_id limit ?""",
        [limit],
    )
    names = [column[0] for column in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
