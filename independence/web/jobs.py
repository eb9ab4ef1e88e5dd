"""The upload page's work, as plain functions: check an upload, import it and render, delete, expire.

Every write goes through `writing()`, so uploads, deletions and a weekly run in another process take
turns on the warehouse instead of failing. Messages shown to the person never hold a server path.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from pathlib import Path

import duckdb

from independence.errors import ExportError, InsightsError, UnmappedMoodsError
from independence.moods import mood_levels
from independence.report import written_report
from independence.staging import validated_staging
from independence.transforms import built_warehouse
from independence.users import validated_user_id
from independence.warehouse.access import writing
from independence.warehouse.copies import compacted
from independence.warehouse.load import load_staged
from independence.web.spaces import SPACE_MARKER, Space, every_space, removed_folder, updated_space

USER_TABLES = ("user_insights", "user_signal_terms", "report_runs")
log = logging.getLogger("independence.web")


def public_message(error: Exception, paths: dict[Path, str]) -> str:
    """Return an error's message for a web page: the problem, each server path replaced by its plain words."""
    message = error.problem if isinstance(error, ExportError) else str(error)
    for path, words in paths.items():
        message = message.replace(str(path), words)
    return message


def space_paths(space: Space) -> dict[Path, str]:
    """Return the words a page uses for a space's files."""
    return {space.upload_path: "your file", space.moods_path: "your mood map"}


def unmapped_labels(upload: Path, moods: Path | None) -> dict[str, int]:
    """Read an upload as the import will; return its unmapped mood labels (empty when it can import).

    Raises ExportError or ConfigError when it cannot be imported at all. Nothing is written.
    """
    levels = mood_levels(moods)
    try:
        with validated_staging(upload, levels):
            return {}
    except UnmappedMoodsError as error:
        return error.label_counts


def _rendered(con: duckdb.DuckDBPyConnection, space: Space, weeks: int) -> Path:
    links = {"delete": f"{SPACE_MARKER}/delete"}  # the page puts the token in when it serves the report
    return written_report(con, space.user, out=space.report_path, weeks=weeks, links=links)


def imported_space(space: Space, db_path: Path, weeks: int = 26) -> Space:
    """Import a space's upload, rebuild, and write its report; return the space as it ended ('done' or 'failed').

    The upload is deleted afterwards unless the person chose to keep it. A failed import writes nothing.
    """
    moods = space.moods_path if space.moods_path.exists() else None
    space = updated_space(space, status="working", step="reading your file")
    try:
        levels = mood_levels(moods)
        with validated_staging(space.upload_path, levels) as staged:
            space = updated_space(space, step="waiting for the warehouse")
            with writing(db_path) as con:
                space = updated_space(space, step="storing your entries")
                summary = load_staged(con, staged, validated_user_id(space.user), levels)
                space = updated_space(space, step="computing your trends")
                built_warehouse(con)
                space = updated_space(space, step="drawing your report")
                _rendered(con, space, weeks)
    except UnmappedMoodsError as error:
        return updated_space(space, status="needs_moods", step="", unmapped=error.label_counts)
    except InsightsError as error:
        _drop_upload(space)
        return updated_space(space, status="failed", step="", error=public_message(error, space_paths(space)))
    except Exception as error:  # never a stack trace on a page: the person gets a plain message, the log the type
        log.error("import for %s failed unexpectedly: %s", space.user, type(error).__name__)
        _drop_upload(space)
        return updated_space(space, status="failed", step="", error="Something went wrong while importing.")
    _drop_upload(space)
    counts = {
        "entries_added": summary.entries_added,
        "duplicates_skipped": summary.duplicates_skipped,
        "rejected": summary.rejected,
        "format": summary.source_format,
    }
    return updated_space(space, status="done", step="", summary=counts, unmapped={})


def _drop_upload(space: Space) -> None:
    if not space.keep_upload:
        space.upload_path.unlink(missing_ok=True)


def deleted_user_rows(con: duckdb.DuckDBPyConnection, user: str) -> int:
    """Delete every row of one user from the canonical tables in one transaction; return the entries deleted.

    The caller rebuilds the marts afterwards, so no derived row of theirs remains either.
    """
    con.begin()
    try:
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
        for table in USER_TABLES:
            con.execute(f"delete from {table} where user_id = ?", [user]).fetchall()
        con.execute("drop table doomed_entries").fetchall()
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return deleted


def deleted_space(space: Space, db_path: Path, reports_dir: Path) -> int:
    """Delete everything of a space: its rows, the rebuilt marts' rows, its reports and its folder.

    Returns the number of entries deleted.
    """
    with writing(db_path) as con:
        deleted = deleted_user_rows(con, space.user)
        if deleted:
            built_warehouse(con)  # the marts drop every derived row of theirs
        compacted(con, Path(db_path))  # and their bytes leave the file, not only the tables
    shutil.rmtree(reports_dir / space.user, ignore_errors=True)
    removed_folder(space)
    return deleted


def expired_spaces_removed(spaces_dir: Path, db_path: Path, reports_dir: Path, now: dt.datetime | None = None) -> int:
    """Delete every space past its expiry with all its data; return how many were removed."""
    now = now or dt.datetime.now(dt.UTC)
    expired = [space for space in every_space(spaces_dir) if space.expired(now)]
    for space in expired:
        deleted_space(space, db_path, reports_dir)
    return len(expired)
