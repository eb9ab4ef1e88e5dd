"""Use cases: one person's report from the warehouse, or straight from an export file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from independence.config import DEFAULT_WEEKS, REPORTS_DIR
from independence.errors import InsightsError
from independence.ingest.options import SourceOptions
from independence.pipelines.builds import checked_vocabulary_request, current_build, stored_vocabulary
from independence.pipelines.imports import FILE_USER, throwaway_import
from independence.publish.report import written_report
from independence.warehouse import Warehouse
from independence.warehouse.digests import saved_digests
from independence.warehouse.load import ImportSummary
from independence.warehouse.people import entry_count
from independence.warehouse.users import validated_user_id


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
    validated_user_id(user)
    checked_vocabulary_request(user, signals_path)
    with Warehouse(db_path).writing() as con:
        if not entry_count(con, user):
            raise InsightsError(f"no entries for user {user!r} in this warehouse: import an export first")
        current_build(con, also=stored_vocabulary(con, user, signals_path))
        written = written_report(
            con,
            user,
            out=out,
            fmt=fmt,
            weeks=weeks,
            include_notes=include_notes,
            reports_dir=reports_dir,
            paper=paper,
            today=today,
        )
        saved_digests(con, [written.digest])
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
