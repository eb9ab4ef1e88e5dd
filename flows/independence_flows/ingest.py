"""Prefect flow for scheduled and batch imports: each export imported by the one import use case.

The CLI's `ingest` calls the same use case directly and never starts Prefect.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task

from independence.ingest.options import SourceOptions, source_options
from independence.pipelines.imports import imported_export, imported_exports
from independence.warehouse.load import ImportSummary
from independence.warehouse.users import validated_user_id
from independence_flows.retries import warehouse_was_busy


@task(name="import export", retries=3, retry_delay_seconds=2, retry_condition_fn=warehouse_was_busy)
def import_export(
    path: str, user_id: str, db_path: str | None, source: str, moods_path: str | None, options: SourceOptions
) -> ImportSummary:
    """Import one export (read, validate, load in one transaction) and return its summary."""
    return imported_export(path, user_id, db_path=db_path, source=source, moods_path=moods_path, options=options)


@flow(name="ingest-exports")
def ingest_exports(
    files: list[str],
    user_id: str,
    db_path: str | None = None,
    source: str = "auto",
    moods_path: str | None = None,
    scale: int = 5,
    columns_path: str | None = None,
    front_matter_path: str | None = None,
) -> list[dict]:
    """Import each export for one user; a file that fails is reported and the others still load.

    `scale` is the points of a configurable mood scale (Moodistory, Obsidian notes); `columns_path` a
    column map for coach form exports; `front_matter_path` the YAML keys of Obsidian daily notes.
    """
    logger = get_run_logger()
    user_id = validated_user_id(user_id)
    options = source_options(scale, columns_path, front_matter_path)
    summaries, failures = [], []

    def import_one(file: str):
        return import_export(file, user_id, db_path, source, moods_path, options)

    for outcome in imported_exports(files, import_one):
        name, summary, error = Path(outcome.file).name, outcome.summary, outcome.error
        if summary is None:  # each file is independent: record it and go on
            logger.error("user %s, %s: not imported: %s", user_id, name, type(error).__name__)
            failures.append(str(error) if str(outcome.file) in str(error) else f"{outcome.file}: {error}")
            continue
        logger.info(
            "user %s, %s: %s added, %s duplicates, %s rejected",
            user_id,
            name,
            summary.entries_added,
            summary.duplicates_skipped,
            summary.rejected,
        )
        summaries.append(summary.as_json())
    if failures:
        raise RuntimeError(f"{len(failures)} of {len(files)} exports not imported:\n" + "\n".join(failures))
    return summaries
