"""Use case: import one export for one person, in its own turn at the warehouse."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from independence.ingest.moods import mood_levels
from independence.ingest.options import SourceOptions
from independence.ingest.staging import validated_staging
from independence.warehouse import Warehouse
from independence.warehouse.load import ImportSummary, Progress, load_staged, no_progress
from independence.warehouse.users import validated_user_id


def imported_export(
    path: Path | str,
    user_id: str,
    *,
    db_path: Path | str | None = None,
    source: str = "auto",
    moods_path: Path | str | None = None,
    options: SourceOptions = SourceOptions(),
    progress: Progress = no_progress,
    on_wait: Callable[[str], None] | None = None,
) -> ImportSummary:
    """Import one export for a user and return what was added, skipped and rejected.

    The export is opened, recognised, parsed and validated before the warehouse is touched; the load
    is one transaction, taken when the warehouse is free (`on_wait` hears when it has to wait).
    """
    user_id = validated_user_id(user_id)
    levels = mood_levels(moods_path)
    with validated_staging(path, levels, source, options) as staged:
        progress("validated")
        with Warehouse(db_path).writing(on_wait=on_wait) as con:
            return load_staged(con, staged, user_id, levels, progress)
