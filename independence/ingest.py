"""Import an export file end to end without Prefect: stage, validate, load, clean up."""

from __future__ import annotations

from pathlib import Path

from independence.moods import mood_levels
from independence.sources.options import SourceOptions
from independence.staging import validated_staging
from independence.users import validated_user_id
from independence.warehouse import open_warehouse
from independence.warehouse.load import ImportSummary, Progress, load_staged, no_progress


def imported_export(
    path: Path | str,
    user_id: str,
    *,
    db_path: Path | str | None = None,
    source: str = "auto",
    moods_path: Path | str | None = None,
    progress: Progress = no_progress,
    options: SourceOptions = SourceOptions(),
) -> ImportSummary:
    """Import one export for a user into the warehouse and return what was added, skipped and rejected."""
    user_id = validated_user_id(user_id)
    levels = mood_levels(moods_path)
    with validated_staging(path, levels, source, options) as staged, open_warehouse(db_path) as con:
        return load_staged(con, staged, user_id, levels, progress)
