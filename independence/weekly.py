"""The weekly run's plain functions: a read-only snapshot for renderers, batches, rendering, the summary.

Renderers read a snapshot copied from the warehouse right after the build, never the warehouse
itself, so imports and uploads keep writing while hundreds of reports render (in threads here, or in
Dask worker processes that each open the snapshot read-only).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import Counter
from pathlib import Path

import duckdb

from independence.report import written_report
from independence.runs import DueReport, ReportOutcome

DEFAULT_BATCH_SIZE = 20


def snapshot_path(db_path: Path) -> Path:
    """Return a fresh, unguessable snapshot path beside the warehouse."""
    return db_path.with_name(f".{db_path.name}.snapshot-{secrets.token_hex(8)}")


def written_snapshot(con: duckdb.DuckDBPyConnection, path: Path) -> Path:
    """Copy every table of the open warehouse into a new database file at `path`; return the path."""
    database = con.execute("select current_database()").fetchall()[0][0]
    con.execute("attach ? as weekly_snapshot", [str(path)]).fetchall()
    try:
        con.execute(f'copy from database "{database}" to weekly_snapshot').fetchall()
    finally:
        con.execute("detach weekly_snapshot").fetchall()
    path.chmod(0o600)
    return path


def removed_snapshot(path: Path) -> None:
    """Delete a snapshot and its write-ahead log, if present."""
    for file in (path, path.with_name(path.name + ".wal")):
        file.unlink(missing_ok=True)


def batches(due: list[DueReport], size: int) -> list[list[DueReport]]:
    """Return the due users in consecutive batches of at most `size`."""
    if size < 1:
        raise ValueError("a batch holds at least one user")
    return [due[start : start + size] for start in range(0, len(due), size)]


def rendered_report(
    con: duckdb.DuckDBPyConnection,
    due: DueReport,
    iso_week: str,
    today: dt.date,
    reports_dir: Path,
    weeks: int,
    fmt: str,
) -> ReportOutcome:
    """Write one user's report and return the outcome; an error becomes a 'failed' outcome, never an exception.

    The recorded error names its type and message, which come from paths and the library, never notes.
    """
    started = dt.datetime.now(dt.UTC)
    try:
        path = written_report(con, due.user, fmt=fmt, weeks=weeks, today=today, reports_dir=reports_dir)
    except Exception as error:  # one user's failure must not stop the batch
        message = f"{type(error).__name__}: {error}"
        return ReportOutcome(due.user, iso_week, "failed", None, message, due.last_import_id, started, _now())
    return ReportOutcome(due.user, iso_week, "ok", str(path), None, due.last_import_id, started, _now())


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def rendered_batch(
    snapshot: Path,
    batch: list[DueReport],
    iso_week: str,
    today: dt.date,
    reports_dir: Path,
    weeks: int,
    fmt: str = "html",
) -> list[ReportOutcome]:
    """Render a batch of users' reports from the read-only snapshot; return one outcome per user, in order."""
    with duckdb.connect(str(snapshot), read_only=True) as con:
        return [rendered_report(con, due, iso_week, today, reports_dir, weeks, fmt) for due in batch]


def run_summary(iso_week: str, due: int, outcomes: list[ReportOutcome], seconds: float, runner: str) -> str:
    """Return the run summary as Markdown: totals, then every failure with its error (no note text)."""
    statuses = Counter(outcome.status for outcome in outcomes)
    lines = [
        f"# Weekly reports {iso_week}",
        "",
        "| due | written | failed | seconds | reports/s | task runner |",
        "|---:|---:|---:|---:|---:|---|",
        f"| {due} | {statuses['ok']} | {statuses['failed']} | {seconds:.1f} | "
        f"{statuses['ok'] / seconds if seconds else 0:.1f} | {runner} |",
    ]
    failed = [outcome for outcome in outcomes if outcome.status == "failed"]
    if failed:
        lines += ["", "## Failed", "", "| user | error |", "|---|---|"]
        lines += [f"| {o.user} | {(o.error or '').replace('|', '/')} |" for o in failed]
    if not due:
        lines += ["", "Nobody had new entries since their last report, so nothing was rendered."]
    return "\n".join(lines)
