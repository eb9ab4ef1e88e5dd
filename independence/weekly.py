"""The weekly run's plain functions: a read-only snapshot for renderers, batches, rendering, the summary.

Renderers read a snapshot (`warehouse.copies.written_copy`) taken right after the build, never the
warehouse itself, so imports and uploads keep writing while hundreds of reports render (in threads
here, or in Dask worker processes that each open the snapshot read-only).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from pathlib import Path

import duckdb

from independence.report import written_report
from independence.runs import DueReport, ReportOutcome
from independence.warehouse.copies import sibling_path

DEFAULT_BATCH_SIZE = 20
_SNAPSHOTS: dict[Path, duckdb.DuckDBPyConnection] = {}
_SNAPSHOTS_LOCK = threading.Lock()


def snapshot_path(db_path: Path) -> Path:
    """Return a fresh, unguessable snapshot path beside the warehouse."""
    return sibling_path(db_path, "snapshot")


def removed_snapshot(path: Path) -> None:
    """Close this process's connection to a snapshot, then delete it and its write-ahead log, if present.

    A Dask worker's connection closes when it opens the next run's snapshot.
    """
    closed_snapshot_database(path)
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
    with snapshot_database(snapshot).cursor() as con:
        return [rendered_report(con, due, iso_week, today, reports_dir, weeks, fmt) for due in batch]


def snapshot_database(snapshot: Path) -> duckdb.DuckDBPyConnection:
    """Return this process's read-only connection to a snapshot, opened once per run.

    Every batch a process (thread pool or Dask worker) renders reuses it, with DuckDB's cache warm;
    batches take their own cursor. Opening the next run's snapshot closes the previous one.
    """
    with _SNAPSHOTS_LOCK:
        if snapshot not in _SNAPSHOTS:
            for previous in list(_SNAPSHOTS):
                _SNAPSHOTS.pop(previous).close()
            _SNAPSHOTS[snapshot] = duckdb.connect(str(snapshot), read_only=True)
        return _SNAPSHOTS[snapshot]


def closed_snapshot_database(snapshot: Path) -> None:
    """Close this process's connection to a snapshot, if it has one."""
    with _SNAPSHOTS_LOCK:
        connection = _SNAPSHOTS.pop(snapshot, None)
    if connection is not None:
        connection.close()


def failures_text(outcomes: list[ReportOutcome]) -> str:
    """Return what a run with failed reports ends on: how many of how many, and each user's error."""
    failed = [outcome for outcome in outcomes if outcome.status == "failed"]
    listed = "; ".join(f"{outcome.user}: {outcome.error}" for outcome in failed)
    return f"{len(failed)} of {len(outcomes)} reports failed (recorded in report_runs): {listed}"


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
