"""Prefect flow for one upload from the upload page: the space-import use case (import, build, report).

The page runs this flow when a Prefect API is configured (so uploads show in the Prefect UI), and the
same use case in-process otherwise. Its parameters name the space's folder (a hash), never the
person's token.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger

from independence.config import DEFAULT_WEEKS
from independence.pipelines.spaces import loaded_space
from independence.pipelines.uploads import isolated_space_import


@flow(name="upload-report")
def upload_report(
    space_folder: str, db_path: str, weeks: int = DEFAULT_WEEKS, memory_mb: int = 2048, seconds: int | None = 300
) -> dict:
    """Import one upload and write its report, in a child process capped at memory_mb and `seconds`; return how it
    ended."""
    logger = get_run_logger()
    space = loaded_space(Path(space_folder))
    if space is None:
        logger.info("the space was deleted before its import started")
        return {"status": "deleted"}
    ended = isolated_space_import(space, Path(db_path), weeks, memory_mb, seconds)
    last = ended.last_import or {}
    counts = {key: last[key] for key in ("entries_added", "duplicates_skipped", "rejected", "format") if key in last}
    logger.info("upload for %s: %s %s", ended.user, ended.status, counts or "")
    return {"user": ended.user, "status": ended.status, "summary": counts or None}
