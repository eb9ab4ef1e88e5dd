"""Use case: import one export for one person, in its own turn at the warehouse."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from independence.config import settings
from independence.errors import ExportError, InsightsError
from independence.ingest.moods import mood_levels
from independence.ingest.options import SourceOptions
from independence.ingest.parts import validated_parts
from independence.ingest.reading.documents import unpacked_size
from independence.ingest.scratch import removed_orphans
from independence.pipelines.isolated import ChildLimitError, in_child, room_beside_this_process
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
    name: str = "",
) -> ImportSummary:
    """Import one export for a user and return what was added, skipped and rejected.

    The export is opened, recognised, parsed and validated before the warehouse is touched; the load
    is one transaction, taken when the warehouse is free (`on_wait` hears when it has to wait). `name` is the
    file's name as the person knows it, when it is kept under another (an upload): what its provenance records.
    """
    user_id = validated_user_id(user_id)
    levels = mood_levels(moods_path)
    return _imported(path, user_id, db_path, source, levels, options, progress, on_wait, name)


def _imported(
    path: Path | str,
    user_id: str,
    db_path: Path | str | None,
    source: str,
    levels: dict[str, int],
    options: SourceOptions,
    progress: Progress,
    on_wait: Callable[[str], None] | None,
    name: str = "",
) -> ImportSummary:
    """Import one export in this process (see `imported_export`)."""
    with validated_parts(path, levels, source, options, name) as staged:
        progress("validated")
        with Warehouse(db_path).writing(on_wait=on_wait) as con:
            return load_staged(con, staged, user_id, levels, progress)


@dataclass(frozen=True)
class FileOutcome:
    """One file of a many-file import: its summary, or the error that kept it out (`unexpected`: a bug of ours)."""

    file: Path | str
    summary: ImportSummary | None = None
    error: BaseException | None = None
    unexpected: bool = False


def imported_exports(
    files: Iterable[Path | str], import_one: Callable[[Path | str], ImportSummary], *, raise_unexpected: bool = False
) -> Iterator[FileOutcome]:
    """Import each file with `import_one` (each its own transaction) and yield its outcome as it ends.

    A file that fails is an outcome and the next ones still load: the project's errors as they are, any
    other error (a bug) marked unexpected, or raised with `raise_unexpected` (INDEPENDENCE_DEBUG). The one
    loop behind the command line's `ingest` and the ingest flow (which passes its retried task).
    """
    for file in files:
        try:
            summary = import_one(file)
        except InsightsError as error:
            yield FileOutcome(file, error=error)
        except Exception as error:
            if raise_unexpected:
                raise
            yield FileOutcome(file, error=error, unexpected=True)
        else:
            yield FileOutcome(file, summary=summary)


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
        memory_mb = settings().upload_memory_mb
        summary = capped_import(
            file, FILE_USER, memory_mb, db_path=db_path, source=source, moods_path=moods_path, options=options
        )
        yield summary, db_path


ISOLATE_ABOVE_BYTES = 16 * 1024 * 1024  # files (unpacked) up to this size import in the process: ~1 GB at most


def capped_import(
    path: Path | str,
    user_id: str,
    memory_mb: int,
    *,
    db_path: Path | str | None = None,
    source: str = "auto",
    moods_path: Path | str | None = None,
    options: SourceOptions = SourceOptions(),
    on_wait: Callable[[str], None] | None = None,
    progress: Progress = no_progress,
) -> ImportSummary:
    """Import one export as `imported_export` does, a large one in a child process capped at memory_mb.

    `progress` hears each step of a large import (a module-level function: it runs in the child).

    A file that unpacks to more than ISOLATE_ABOVE_BYTES can need many times its size in memory (a JSON
    export is read whole); in a child, one that needs more than the ceiling is refused with a plain
    message and nothing of it is kept, instead of the machine running out of memory. Smaller files
    import in this process, which saves the child's start (about 1.5 s).
    """
    user_id = validated_user_id(user_id)
    levels = mood_levels(moods_path)
    if unpacked_size(Path(path)) <= ISOLATE_ABOVE_BYTES:
        return _imported(path, user_id, db_path, source, levels, options, no_progress, on_wait)
    try:
        room = room_beside_this_process(memory_mb)
        progress(f"{Path(path).name}: a large export, read in a process of its own")
        return in_child(room, _imported, path, user_id, db_path, source, levels, options, progress, on_wait)
    except ChildLimitError:
        removed_orphans()
        raise ExportError(
            path,
            f"reading it needed more than the {memory_mb:,} MB of memory one import may use "
            "(INDEPENDENCE_UPLOAD_MEMORY_MB), so nothing was imported",
        ) from None
