"""Use cases: people's report content, the one report assembly, and a person's report from the warehouse or a file.

`assembled_report` is the only place a report is put together, behind the command line, the upload page, the
weekly run and the notebook API: the marts' rows (`warehouse.marts`) -> judged (`analysis`) -> rendered
(`publish.report`) -> written -> its digest stored (when the caller holds the writer).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from independence.analysis.own_words import MIN_EXAMPLE_ENTRIES, suggestions_by_user
from independence.analysis.patterns import part_of_day_pattern, weekday_pattern
from independence.config import DEFAULT_WEEKS, REPORTS_DIR
from independence.errors import InsightsError
from independence.ingest.options import SourceOptions
from independence.pipelines.builds import checked_vocabulary_request, current_build, saved_vocabulary
from independence.pipelines.imports import FILE_USER, throwaway_import
from independence.pipelines.insights import judgements
from independence.publish.files import linked_atomically, written_atomically
from independence.publish.report import checked_format, rendered_report, report_path
from independence.publish.report.data import ReportData, report_week
from independence.warehouse import Warehouse, marts
from independence.warehouse.digests import ReportDigest, previous_digests, saved_digests, users_with_digest
from independence.warehouse.load import ImportSummary
from independence.warehouse.people import entry_count


def report_contents(
    con: duckdb.DuckDBPyConnection, users: list[str], weeks: int, today: dt.date, include_notes: bool = False
) -> dict[str, ReportData]:
    """Return each user's report content over their last `weeks` calendar weeks with data: their judgement, the
    chart rows inside its windows, their mood patterns, their previous report's digest and tag suggestions.

    Read for all of them in one query per mart and judged in one vectorised pass. `today` places the report in
    its ISO week: "since your last report" compares with the person's latest report of an earlier week.
    """
    judged = judgements(con, users, weeks)
    windows = {user: judged[user].windows for user in users}
    rows = marts.report_rows(con, users, windows, {user: judged[user].window for user in users}, include_notes)
    week = report_week(today)
    previous, remade = previous_digests(con, users, week, weeks), users_with_digest(con, users, week, weeks)
    suggestions = suggestions_by_user(marts.unmapped_tag_rows(con, users, MIN_EXAMPLE_ENTRIES), marts.known_terms(con))
    shown = ("daily", "weekly", "sign_weeks", "apart_moods", "apart_weeks", "conflicts", "gaps")
    found = {}
    for user in users:
        mine = {name: rows[name].get(user, []) for name in shown}
        parts = rows["parts"].get(user, [])
        found[user] = ReportData(
            judgement=judged[user],
            week=week,
            previous=previous.get(user),
            remade=user in remade,
            history=rows["history"].get(user, []),
            weekday=weekday_pattern([(dt.date.fromisoformat(row["day"]), row["mood"]) for row in mine["daily"]]),
            part_of_day=part_of_day_pattern(
                [(dt.date.fromisoformat(row["day"]), row["part_of_day"], row["mood"]) for row in parts]
            ),
            imports=rows["imports"].get(user, []),
            excerpts=rows["excerpts"].get(user, []) if include_notes else None,
            suggestions=suggestions.get(user, []),
            **mine,
        )
    return found


def report_content(
    con: duckdb.DuckDBPyConnection, user: str, weeks: int, today: dt.date, include_notes: bool = False
) -> ReportData:
    """Return one user's report content (see `report_contents`)."""
    return report_contents(con, [user], weeks, today, include_notes)[user]


@dataclass(frozen=True)
class WrittenReport:
    """A report written to disk: its path and its digest (what it said)."""

    path: Path
    digest: ReportDigest


def assembled_report(
    con: duckdb.DuckDBPyConnection,
    user: str,
    *,
    out: Path | None = None,
    fmt: str = "html",
    weeks: int = DEFAULT_WEEKS,
    include_notes: bool = False,
    today: dt.date | None = None,
    reports_dir: Path = REPORTS_DIR,
    links: dict[str, str] | None = None,
    paper: str = "a4",
    content: ReportData | None = None,
    store_digest: bool = False,
) -> WrittenReport:
    """Write one person's report and return its path and digest: the one report assembly.

    Content from the marts, judged (or `content` already read for a batch, see `report_contents`), rendered in
    `fmt` ('html', 'pdf', 'png'), written atomically to `out`, else to <reports_dir>/<user>/<ISO week>.<fmt> with
    latest.<fmt> beside it; with `store_digest` (a writer's connection) what it said is stored for the next
    report to compare with. `user` is a validated id (the entry points validate it once).
    """
    checked_format(fmt, paper)
    today = today or dt.date.today()
    content = content or report_content(con, user, weeks, today, include_notes)
    report = rendered_report(content, fmt, weeks, today, links, paper)
    if out is not None:
        path = written_atomically(out, report.content)
    else:
        path = written_atomically(report_path(user, fmt, today, reports_dir), report.content)
        linked_atomically(path, path.with_name(f"latest.{fmt}"))
    if store_digest:
        saved_digests(con, [report.digest])
    return WrittenReport(path, report.digest)


def report_bytes(
    con: duckdb.DuckDBPyConnection,
    user: str,
    fmt: str,
    weeks: int,
    include_notes: bool,
    today: dt.date,
    links: dict[str, str] | None = None,
    paper: str = "a4",
) -> bytes:
    """Return one user's report in the format 'html', 'pdf' or 'png', written nowhere (benchmarks, tests)."""
    checked_format(fmt, paper)
    return rendered_report(
        report_content(con, user, weeks, today, include_notes), fmt, weeks, today, links, paper
    ).content


def person_report(
    user: str,
    *,
    db_path: Path | None = None,
    out: Path | None = None,
    fmt: str = "html",
    weeks: int = DEFAULT_WEEKS,
    include_notes: bool = False,
    reports_dir: Path = REPORTS_DIR,
    paper: str = "a4",
    today: dt.date | None = None,
    signals_path: Path | None = None,
) -> Path:
    """Write a user's report from the warehouse (rebuilt first when an import is newer); return its path.

    What the report said is stored, so the next one (of a later week than `today`'s) says what changed since.
    With `signals_path`, the user's own vocabulary is stored first (kept for later reports too).
    """
    checked_vocabulary_request(user, signals_path)  # the one check of the user id
    with Warehouse(db_path).writing() as con:
        if not entry_count(con, user):
            raise InsightsError(f"no entries for user {user!r} in this warehouse: import an export first")
        current_build(con, also=saved_vocabulary(con, user, signals_path))
        written = assembled_report(
            con,
            user,
            out=out,
            fmt=fmt,
            weeks=weeks,
            include_notes=include_notes,
            reports_dir=reports_dir,
            paper=paper,
            today=today,
            store_digest=True,
        )
        return written.path


def report_from_file(
    file: Path,
    *,
    source: str = "auto",
    moods_path: Path | None = None,
    options: SourceOptions = SourceOptions(),
    out: Path | None = None,
    fmt: str = "html",
    weeks: int = DEFAULT_WEEKS,
    include_notes: bool = False,
    reports_dir: Path = REPORTS_DIR,
    paper: str = "a4",
    signals_path: Path | None = None,
) -> tuple[ImportSummary, Path | None]:
    """Import one export into a throw-away warehouse and write user 'me''s report from it, reading the tags with
    the vocabulary file `signals_path` when given.

    Returns the import summary and the report's path (None when no entry could be read). Nothing of
    the warehouse is left behind.
    """
    checked_vocabulary_request(FILE_USER, signals_path)
    with throwaway_import(file, source=source, moods_path=moods_path, options=options) as (summary, db_path):
        if not summary.entries_added:
            return summary, None
        path = person_report(
            FILE_USER,
            db_path=db_path,
            out=out,
            fmt=fmt,
            weeks=weeks,
            include_notes=include_notes,
            reports_dir=reports_dir,
            paper=paper,
            signals_path=signals_path,
        )
    return summary, path
