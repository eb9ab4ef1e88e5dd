"""Use cases of the weekly run, one step each: who is due, one build and a snapshot, batches of reports, the record.

Renderers read a read-only snapshot taken right after the build, never the warehouse itself, so
imports and uploads keep writing while hundreds of reports render (in threads here, or in Dask
worker processes that each open the snapshot read-only). The Prefect flow only wires these steps.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import duckdb

from independence.errors import ConfigError
from independence.pipelines.builds import current_build
from independence.pipelines.reports import assembled_report, report_contents
from independence.publish.report.data import ReportData
from independence.publish.report.data import report_week as report_week  # the flows name the week alike
from independence.warehouse import Warehouse, marts
from independence.warehouse.copies import snapshot_reader, written_snapshot
from independence.warehouse.runs import DueReport, ReportOutcome, due_reports, recent_runs, recorded_outcomes

ISO_WEEK = re.compile(r"(\d{4})-W(\d{2})")


def week_monday(week: str) -> dt.date:
    """Return the Monday of an ISO week written 'YYYY-Www', e.g. '2026-W48' -> 2026-11-23."""
    match = ISO_WEEK.fullmatch(week)
    if not match:
        raise ConfigError(f"week {week!r}: write an ISO week as YYYY-Www, e.g. 2026-W48")
    try:
        return dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise ConfigError(f"week {week!r}: year {match[1]} has no week {match[2]}") from None


def due_users(db_path: Path, force: bool = False) -> list[DueReport]:
    """Return the users with imports newer than their last successful report (everyone with `force`)."""
    with Warehouse(db_path).writing() as con:
        return due_reports(con, force)


def built_snapshot(db_path: Path) -> Path:
    """Build the transforms when an import is newer than the last build, then copy what renderers read
    (`marts.report_tables`) to a snapshot beside the warehouse."""
    warehouse = Warehouse(db_path)
    with warehouse.writing() as con:
        current_build(con)
        return written_snapshot(con, warehouse.path, marts.report_tables(con))


def recorded_run(db_path: Path, run_id: str, outcomes: list[ReportOutcome]) -> int:
    """Store every outcome of one run in report_runs in one transaction; return how many."""
    with Warehouse(db_path).writing() as con:
        return recorded_outcomes(con, run_id, outcomes)


def batches(due: list[DueReport], size: int) -> list[list[DueReport]]:
    """Return the due users in consecutive batches of at most `size`."""
    if size < 1:
        raise ValueError("a batch holds at least one user")
    return [due[start : start + size] for start in range(0, len(due), size)]


def report_outcome(
    con: duckdb.DuckDBPyConnection,
    due: DueReport,
    iso_week: str,
    today: dt.date,
    reports_dir: Path,
    weeks: int,
    fmt: str,
    content: ReportData | None = None,
) -> ReportOutcome:
    """Write one user's report (from `content` when already read) and return the outcome; an error becomes a
    'failed' outcome, never an exception. The digest goes into the outcome (the snapshot is read-only): the run's
    record stores it.

    The recorded error names its type and message, which come from paths and the library, never notes.
    """
    started = dt.datetime.now(dt.UTC)
    try:
        written = assembled_report(
            con, due.user, fmt=fmt, weeks=weeks, today=today, reports_dir=reports_dir, content=content
        )
    except Exception as error:  # one user's failure must not stop the batch
        message = f"{type(error).__name__}: {error}"
        return ReportOutcome(due.user, iso_week, "failed", None, message, due.last_import_id, started, _now())
    path = str(written.path)
    return ReportOutcome(due.user, iso_week, "ok", path, None, due.last_import_id, started, _now(), written.digest)


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
    """Render a batch of users' reports from the read-only snapshot; return one outcome per user, in order.

    The batch's content is read in one go (a query per mart for all of them, their verdicts judged
    together); if that fails, each person's is read on their own, so only the one it fails for fails.
    """
    with snapshot_reader(snapshot).cursor() as con:
        try:
            contents = report_contents(con, [due.user for due in batch], weeks, today)
        except Exception:  # the per-person reads below name whose content failed
            contents = {}
        return [
            report_outcome(con, due, iso_week, today, reports_dir, weeks, fmt, contents.get(due.user)) for due in batch
        ]


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


def recent_report_runs(db_path: Path | None = None, limit: int = 30) -> list[dict]:
    """Return the latest weekly report attempts, newest first (none without a warehouse)."""
    warehouse = Warehouse(db_path)
    if not warehouse.exists():
        return []
    with warehouse.reading(wait=30) as con:
        return recent_runs(con, limit)
