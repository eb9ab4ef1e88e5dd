"""Prefect flow for scheduled and batch imports: read -> validate -> load, one export at a time.

The tasks wrap the plain library functions; the CLI calls those directly and never starts Prefect.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.states import State

from independence.errors import WarehouseBusyError
from independence.moods import mood_levels
from independence.sources.options import SourceOptions, form_columns, validated_scale
from independence.staging import StagedExport, stage_export, validated_export
from independence.users import validated_user_id
from independence.warehouse import open_warehouse
from independence.warehouse.load import load_staged


def warehouse_was_busy(_task: object, _task_run: object, state: State) -> bool:
    """Return whether a failed load failed only because another process held the warehouse."""
    return isinstance(state.result(raise_on_failure=False), WarehouseBusyError)


@task(name="read export")
def read_export(path: str, source: str, options: SourceOptions) -> StagedExport:
    """Parse an export into staging files."""
    return stage_export(path, source, options)


@task(name="validate export")
def validate_export(staged: StagedExport, levels: dict[str, float]) -> StagedExport:
    """Check the staged export has rows and every mood label is mapped."""
    return validated_export(staged, levels)


@task(name="load export", retries=3, retry_delay_seconds=2, retry_condition_fn=warehouse_was_busy)
def load_export(staged: StagedExport, user_id: str, db_path: str | None, levels: dict[str, float]) -> dict:
    """Load the staged export in one transaction and return the import summary as JSON."""
    with open_warehouse(db_path) as con:
        return load_staged(con, staged, user_id, levels).as_json()


@flow(name="ingest-exports")
def ingest_exports(
    files: list[str],
    user_id: str,
    db_path: str | None = None,
    source: str = "auto",
    moods_path: str | None = None,
    scale: int = 5,
    columns_path: str | None = None,
) -> list[dict]:
    """Import each export for one user; a file that fails is reported and the others still load.

    `scale` is the points of a configurable mood scale (Moodistory, Obsidian notes); `columns_path` a
    column map for coach form exports.
    """
    logger = get_run_logger()
    user_id, levels = validated_user_id(user_id), mood_levels(moods_path)
    options = SourceOptions(validated_scale(scale), form_columns(columns_path) if columns_path else {})
    summaries, failures = [], []
    for file in files:
        staged = None
        try:
            staged = read_export(file, source, options)
            summary = load_export(validate_export(staged, levels), user_id, db_path, levels)
            logger.info(
                "user %s, %s: %s added, %s duplicates, %s rejected",
                user_id,
                Path(file).name,
                summary["entries_added"],
                summary["duplicates_skipped"],
                summary["rejected"],
            )
            summaries.append(summary)
        except Exception as error:  # each file is independent: record it and go on
            logger.error("user %s, %s: not imported: %s", user_id, Path(file).name, type(error).__name__)
            failures.append(str(error) if str(file) in str(error) else f"{file}: {error}")
        finally:
            if staged is not None:
                staged.discard()
    if failures:
        raise RuntimeError(f"{len(failures)} of {len(files)} exports not imported:\n" + "\n".join(failures))
    return summaries
