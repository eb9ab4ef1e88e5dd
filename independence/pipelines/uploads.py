"""Use cases of the upload page: check an upload, import a space's file and render it, delete, expire.

Every write takes its turn at the warehouse, so uploads, deletions and a weekly run in another
process queue instead of failing. Messages shown to the person never hold a server path.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from independence.config import DEFAULT_WEEKS, REPORTS_DIR
from independence.errors import ExportError, InsightsError, UnmappedMoodsError
from independence.ingest.moods import mood_levels
from independence.ingest.parts import validated_parts
from independence.ingest.scratch import removed_orphans
from independence.pipelines.builds import current_build
from independence.pipelines.imports import imported_export
from independence.pipelines.isolated import ChildLimitError, OutOfMemoryError, TimeLimitError, WarmWorkers, isolation
from independence.pipelines.people import deleted_person
from independence.pipelines.reports import assembled_report
from independence.pipelines.spaces import SPACE_MARKER, Space, every_space, loaded_space, removed_folder, updated_space
from independence.pipelines.vocabulary import person_tag_meanings
from independence.pipelines.wording import plain_problem
from independence.warehouse import Warehouse, marts

log = logging.getLogger("independence.web")
TOO_BIG = (
    "Reading this file needed more memory than one upload may use, so nothing was imported. If it is a real "
    "export, import it with the command line (independence ingest FILE) on your own computer."
)
TOO_SLOW = (
    "Reading this file took longer than one upload may take, so it was stopped and nothing was imported. If it "
    "is a real export, import it with the command line (independence ingest FILE) on your own computer."
)
REJECTS_ON_PAGE = 5  # rejected rows listed on the space's page (line and reason; never note text)
WORDS_SHOWN = 30  # the most used tags the "Your words" page asks about
LOAD_STEPS = {"validated": "waiting for the warehouse", "staged": "storing your entries"}
MAX_NAME = 200  # characters of an uploaded file's name kept as its provenance


def uploaded_name(sent: str) -> str:
    """Return the name a browser sent with an upload as the import records it: its last part (no folders), without
    control characters, at most MAX_NAME characters ('' when nothing is left: the stored file's own name is used).
    The upload itself is kept as `upload` in its space; the person knows it by this name."""
    last = sent.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(character for character in last if character.isprintable()).strip()[:MAX_NAME]


def public_message(error: Exception, paths: dict[Path, str]) -> str:
    """Return an error's message for a web page: the problem in plain words, each server path replaced."""
    message = plain_problem(error.problem) if isinstance(error, ExportError) else str(error)
    for path, words in paths.items():
        message = message.replace(str(path), words)
    return message


def space_paths(space: Space) -> dict[Path, str]:
    """Return the words a page uses for a space's files."""
    return {space.upload_path: "your file", space.moods_path: "your mood map"}


def unmapped_labels(upload: Path, moods: Path | None, name: str = "") -> dict[str, int]:
    """Read an upload as the import will (by the `name` it was sent with); return its unmapped mood labels (empty
    when it can import).

    Raises ExportError or ConfigError when it cannot be imported at all. Nothing is written.
    """
    levels = mood_levels(moods)
    try:
        with validated_parts(upload, levels, name=name):
            return {}
    except UnmappedMoodsError as error:
        return error.label_counts


def checked_upload(
    upload: Path,
    moods: Path | None,
    memory_mb: int,
    seconds: int | None = None,
    workers: WarmWorkers | None = None,
    name: str = "",
) -> dict[str, int]:
    """Return `unmapped_labels` of an upload, read in a child process whose memory is capped at memory_mb and its
    time at `seconds` (one of the page's warm `workers` when given, else a fresh one).

    The page never reads an upload's content itself: a file that needs more memory or time is refused
    plainly, and what the stopped child left in its Parquet part folder is removed.
    """
    try:
        return isolation(memory_mb, workers)(unmapped_labels, upload, moods, uploaded_name(name), seconds=seconds)
    except TimeLimitError:
        removed_orphans()
        raise ExportError(upload, TOO_SLOW) from None
    except OutOfMemoryError:
        removed_orphans()
        raise ExportError(upload, TOO_BIG) from None


def imported_space(space: Space, db_path: Path, weeks: int = DEFAULT_WEEKS) -> Space:
    """Import the space's newest upload beside its earlier ones, rebuild, and rewrite its report from all of them.

    Returns the space as it ended: 'done' (its import recorded, or when a later file failed, the report
    as it was with a notice) or 'failed' (nothing imported yet). The upload is deleted afterwards
    unless the person chose to keep it. A failed import writes nothing.
    """
    moods = space.moods_path if space.moods_path.exists() else None
    space = updated_space(space, status="working", step="reading your file")

    def progress(stage: str) -> None:
        nonlocal space
        if stage in LOAD_STEPS:
            space = updated_space(space, step=LOAD_STEPS[stage])

    try:
        summary = imported_export(
            space.upload_path,
            space.user,
            db_path=db_path,
            moods_path=moods,
            progress=progress,
            name=uploaded_name(space.file_name),
        )
        space = updated_space(space, step="computing your trends")
        with Warehouse(db_path).writing() as con:
            current_build(con)
            space = rewritten_report(con, space, weeks)
    except UnmappedMoodsError as error:
        return updated_space(space, status="needs_moods", step="", unmapped=error.label_counts)
    except InsightsError as error:
        return failed_import(space, public_message(error, space_paths(space)))
    except MemoryError:
        return failed_import(space, TOO_BIG)
    except Exception as error:  # never a stack trace on a page: the person gets a plain message, the log the type
        log.error("import for %s failed unexpectedly: %s", space.user, type(error).__name__)
        return failed_import(space, "Something went wrong while importing.")
    _drop_upload(space)
    record = {
        "file_name": space.file_name,
        "format": summary.source_format,
        "entries_added": summary.entries_added,
        "duplicates_skipped": summary.duplicates_skipped,
        "rejected": summary.rejected,
        "rejects": summary.rejects[:REJECTS_ON_PAGE],
        "imported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    return updated_space(space, status="done", step="", unmapped={}, imports=[*space.imports, record], notice=None)


def rewritten_report(con: duckdb.DuckDBPyConnection, space: Space, weeks: int) -> Space:
    """Write the space's report from the built warehouse, store its digest, and keep the person's most used tags
    with what they mean (the "Your words" page shows them without opening the warehouse); return the space."""
    space = updated_space(space, step="drawing your report")
    links = {
        action: f"{SPACE_MARKER}/{action}" for action in ("delete", "add", "words", "moments")
    }  # the page puts the token in
    written = assembled_report(con, space.user, out=space.report_path, weeks=weeks, links=links, store_digest=True)
    shown = [meaning.as_json() for meaning in person_tag_meanings(con, space.user)[:WORDS_SHOWN]]
    silent = any(by["observed"]["verdict"] == "no_inputs" for by in written.digest.digest["signs"].values())
    would_help = silent and any(tag["meaning_from"] is None for tag in shown)
    return updated_space(space, words=shown, partners=marts.partner_names(con, space.user), words_would_help=would_help)


def failed_import(space: Space, message: str) -> Space:
    """Return the space after its newest upload failed, its file dropped and the failure recorded.

    A space that has a report keeps it ('done', with a notice above the report); a first upload fails.
    """
    _drop_upload(space)
    record = {"file_name": space.file_name, "failed": message}
    if space.report_path.exists():
        notice = f"The file {space.file_name or 'you added'} was not added: {message} Your report is as it was."
        return updated_space(space, status="done", step="", notice=notice, imports=[*space.imports, record])
    return updated_space(space, status="failed", step="", error=message, imports=[*space.imports, record])


def isolated_space_import(
    space: Space,
    db_path: Path,
    weeks: int,
    memory_mb: int,
    seconds: int | None = None,
    workers: WarmWorkers | None = None,
) -> Space:
    """Import a space as `imported_space` does, in a child process whose memory is capped at memory_mb and its
    time at `seconds` (one of the page's warm `workers` when given, else a fresh one).

    A file that needs more is refused with a plain message (the import is one transaction, so nothing of it
    stays; its Parquet part folder is removed); the page serving it is never at risk.
    """
    try:
        return isolation(memory_mb, workers)(imported_space, space, db_path, weeks, seconds=seconds)
    except ChildLimitError as error:
        log.warning("upload for %s: its import %s", space.user, error)
        removed_orphans()
        current = loaded_space(space.folder)
        if current is None:
            return space
        return failed_import(current, TOO_SLOW if isinstance(error, TimeLimitError) else TOO_BIG)


@dataclass(frozen=True)
class IsolatedChange:
    """Where a change of a space runs: the memory ceiling, the time limit, the page's warm workers (or a child)."""

    memory_mb: int
    seconds: int | None = None
    workers: WarmWorkers | None = None


def isolated_space_change(
    change: Callable[[Space, Path, int], Space],
    space: Space,
    db_path: Path,
    weeks: int,
    limits: IsolatedChange,
    what: str,
    pending: str,
    notice: str,
) -> Space:
    """Run one change of a space (`change(space, db_path, weeks)`) in a child under `limits`; when the child is
    ended, the space ends 'done' with its `pending` field cleared and `notice` above the report as it was."""
    try:
        return isolation(limits.memory_mb, limits.workers)(change, space, db_path, weeks, seconds=limits.seconds)
    except ChildLimitError as error:
        log.warning("%s for %s: %s", what, space.user, error)
        current = loaded_space(space.folder)
        if current is None:
            return space
        return updated_space(current, status="done", step="", notice=notice, **{pending: None})


def _drop_upload(space: Space) -> None:
    """Delete the space's newest upload, or when the person chose to keep it, set it aside as kept/NN."""
    if not space.upload_path.exists():
        return
    if space.keep_upload:
        kept = space.folder / "kept"
        kept.mkdir(exist_ok=True, mode=0o700)
        space.upload_path.replace(kept / f"{len(space.imports) + 1:02d}")
    else:
        space.upload_path.unlink()


def deleted_space(space: Space, db_path: Path, reports_dir: Path = REPORTS_DIR) -> int:
    """Delete everything of a space: its person's rows and reports (see `deleted_person`) and its folder.

    Returns the number of entries deleted.
    """
    deleted = deleted_person(space.user, db_path, reports_dir)
    removed_folder(space)
    return deleted


def expired_spaces_removed(spaces_dir: Path, db_path: Path, reports_dir: Path, now: dt.datetime | None = None) -> int:
    """Delete every space past its expiry with all its data; return how many were removed."""
    now = now or dt.datetime.now(dt.UTC)
    expired = [space for space in every_space(spaces_dir) if space.expired(now)]
    for space in expired:
        deleted_space(space, db_path, reports_dir)
    return len(expired)
