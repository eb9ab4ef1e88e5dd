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
from independence.pipelines.uploads import imported_space


@flow(name="upload-report")
def upload_report(space_folder: str, db_path: str, weeks: int = DEFAULT_WEEKS) -> dict:
    """Import one upload and write its report; return how the space ended (no personal data)."""
    logger = get_run_logger()
    space = loaded_space(Path(space_folder))
    if space is None:
        logger.info("the space was deleted before its import started")
        return {"status": "deleted"}
    ended = imported_space(space, Path(db_path), weeks)
    logger.info("upload for %s: %s %s", ended.user, ended.status, ended.summary or "")
    return {"user": ended.user, "status": ended.status, "summary": ended.summary}
