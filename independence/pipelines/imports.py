"""Use case: import one export for one person, in its own turn at the warehouse."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


FILE_USER = "me"  # whose data an export FILE given straight to `report` or `vocabulary` is


@contextmanager
def throwaway_import(
    file: Path | str,
    *,
    source: str = "auto",
    moods_path: Path | str | None = None,
    options: SourceOptions = SourceOptions(),
) -> Iterator[tuple[ImportSummary, Path]]:
    """Import one export as user FILE_USER into a throw-away warehouse; yield the summary and the warehouse's path.

    Nothing of the warehouse is left behind when the block ends.
    """
    with tempfile.TemporaryDirectory(prefix="independence-file-") as scratch:
        db_path = Path(scratch) / "warehouse.duckdb"
        summary = imported_export(
            file, FILE_USER, db_path=db_path, source=source, moods_path=moods_path, options=options
        )
        yield summary, db_path
