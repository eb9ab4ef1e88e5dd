"""Read an export into private staging files: every row parsed or rejected, nothing loaded yet.

Each chunk of the export becomes Parquet files (rows, tags, measures, rejects) in a temporary folder,
so memory stays bounded however large the export is, and the warehouse is touched only by the load.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import polars as pl

from independence.csvchunks import LINE, RecordBlock, parsed_block, record_blocks
from independence.documents import read_document, sniffed_kind
from independence.errors import ExportError, UnmappedMoodsError
from independence.moods import mood_key
from independence.scratch import removed_orphans, scratch_dir
from independence.sources import detected_document_source, detected_source
from independence.sources.options import SourceOptions
from independence.sources.records import with_identity
from independence.textfile import opened_text_export

PARALLEL_BLOCKS = 2


@dataclass(frozen=True)
class StagedExport:
    """One export parsed into Parquet files under `stage_dir`, with what is known before loading."""

    file: Path
    file_sha256: str
    file_bytes: int
    source: str
    source_format: str
    stage_dir: Path
    rows_read: int
    rows_staged: int
    rows_rejected: int
    started_at: dt.datetime
    mood_label_counts: dict[str, int] = field(default_factory=dict)

    def part_glob(self, part: str) -> str:
        """Return the glob of one staged part's Parquet files ('rows', 'tags', 'measures', 'rejects')."""
        return str(self.stage_dir / f"{part}-*.parquet")

    def discard(self) -> None:
        """Remove the staging folder."""
        shutil.rmtree(self.stage_dir, ignore_errors=True)


def file_sha256(path: Path) -> str:
    """Return the hex SHA-256 of a file's bytes, read in blocks."""
    with path.open("rb") as source:
        return hashlib.file_digest(source, "sha256").hexdigest()


def staged_parts(staged: pl.DataFrame, rejects: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Return a chunk's flat staging frames: rows with their identity, tags, measures and rejects."""
    return {
        "rows": with_identity(staged).drop("tags", "measures"),
        "tags": staged.select(LINE, pl.col("tags")).explode("tags").unnest("tags").drop_nulls("tag"),
        "measures": staged.select(LINE, pl.col("measures"))
        .explode("measures")
        .unnest("measures")
        .drop_nulls("name")
        .unique([LINE, "name"], keep="first", maintain_order=True),
        "rejects": rejects,
    }


def _written_chunk(stage_dir: Path, number: int, parts: dict[str, pl.DataFrame]) -> None:
    """Write one chunk's staging frames as Parquet files numbered `number` (an empty schema file too)."""
    for part, frame in parts.items():
        frame.write_parquet(stage_dir / f"{part}-{number:05d}.parquet", compression="uncompressed", statistics=False)


@dataclass(frozen=True)
class _BlockCounts:
    """What staging one block produced: rows staged, rows rejected, unscored mood labels."""

    staged: int
    rejected: int
    labels: dict[str, int]


def _staged_block(
    block: RecordBlock, number: int, module: ModuleType, header: list[str], stage_dir: Path, options: SourceOptions
) -> _BlockCounts:
    """Parse, normalise and write one record block; return its counts."""
    chunk = parsed_block(block, header)
    staged, rejects = module.staged_rows(chunk.rows, header, options)
    rejects = pl.concat([chunk.rejects, rejects])
    _written_chunk(stage_dir, number, staged_parts(staged, rejects))
    return _BlockCounts(staged.height, rejects.height, _unscored_labels(staged))


def _in_order(
    pool: ThreadPoolExecutor, work: Callable[[int, RecordBlock], _BlockCounts], blocks: Iterable[RecordBlock]
) -> Iterator[_BlockCounts]:
    """Yield work's results in block order, with at most PARALLEL_BLOCKS blocks in memory at once."""
    running: deque[Future] = deque()
    for number, block in enumerate(blocks):
        running.append(pool.submit(work, number, block))
        if len(running) >= PARALLEL_BLOCKS:
            yield running.popleft().result()
    while running:
        yield running.popleft().result()


def _unscored_labels(staged: pl.DataFrame) -> dict[str, int]:
    """Return the counts of mood labels that still need a level from the mood map."""
    unscored = staged.filter(pl.col("mood_score").is_null() & pl.col("mood_raw").is_not_null())
    return dict(unscored["mood_raw"].value_counts().iter_rows())


def _staged_document(
    path: Path, kind: str, source: str, stage_dir: Path, options: SourceOptions
) -> tuple[ModuleType, str, _BlockCounts]:
    """Parse a JSON, ZIP, XML or note export whole into one staging chunk; return its parser, format and counts."""
    document = read_document(path, kind)
    module, label = detected_document_source(document, source, options)
    staged, rejects = module.staged_document(document, options)
    _written_chunk(stage_dir, 0, staged_parts(staged, rejects))
    return module, label, _BlockCounts(staged.height, rejects.height, _unscored_labels(staged))


def _staged_csv(
    path: Path, source: str, stage_dir: Path, options: SourceOptions
) -> tuple[ModuleType, str, _BlockCounts]:
    """Parse a CSV export block by block (two at a time); return its parser, format and summed counts."""
    staged_count = rejected_count = 0
    labels: Counter[str] = Counter()
    with opened_text_export(path) as export, ThreadPoolExecutor(PARALLEL_BLOCKS) as pool:
        module, label = detected_source(path, export.header, source, options)

        def work(number: int, block: RecordBlock) -> _BlockCounts:
            return _staged_block(block, number, module, export.header, stage_dir, options)

        for counts in _in_order(pool, work, record_blocks(export)):
            staged_count += counts.staged
            rejected_count += counts.rejected
            labels.update(counts.labels)
    return module, label, _BlockCounts(staged_count, rejected_count, dict(labels))


def stage_export(path: Path | str, source: str = "auto", options: SourceOptions = SourceOptions()) -> StagedExport:
    """Parse an export into a fresh staging folder; raise ExportError when it cannot be read at all.

    CSV exports stream block by block; JSON, ZIP, XML and note exports (recognised by their first
    bytes) go through `documents` and their parsers.
    """
    path = Path(path)
    started_at = dt.datetime.now(dt.UTC)
    removed_orphans()
    stage_dir = scratch_dir("stage")
    try:
        kind = sniffed_kind(path) if path.is_file() else "text"
        if kind == "text":
            module, label, counts = _staged_csv(path, source, stage_dir, options)
        else:
            module, label, counts = _staged_document(path, kind, source, stage_dir, options)
        return StagedExport(
            file=path,
            file_sha256=file_sha256(path),
            file_bytes=path.stat().st_size,
            source=module.NAME,
            source_format=label,
            stage_dir=stage_dir,
            rows_read=counts.staged + counts.rejected,
            rows_staged=counts.staged,
            rows_rejected=counts.rejected,
            started_at=started_at,
            mood_label_counts=counts.labels,
        )
    except BaseException:
        shutil.rmtree(stage_dir, ignore_errors=True)
        raise


def stage_rejects(staged: StagedExport, limit: int = 5) -> list[tuple[int, str]]:
    """Return the first rejected (line, reason) pairs of a staged export, in line order."""
    rejects = pl.scan_parquet(staged.part_glob("rejects")).sort(LINE).head(limit).collect()
    return list(rejects.select(LINE, "reason").iter_rows())


def validated_export(staged: StagedExport, levels: dict[str, float]) -> StagedExport:
    """Return the staged export when it can load: some row read and every mood label mapped."""
    if staged.rows_staged == 0:
        if staged.rows_read == 0:
            raise ExportError(staged.file, "the file has a header but no rows")
        first = "; ".join(f"line {line}: {reason}" for line, reason in stage_rejects(staged))
        raise ExportError(staged.file, f"no row could be read ({staged.rows_rejected} rejected); first: {first}")
    unmapped: Counter[str] = Counter()
    for label, count in staged.mood_label_counts.items():
        if mood_key(label) not in levels:
            unmapped[label] += count
    if unmapped:
        raise UnmappedMoodsError(staged.file, dict(unmapped))
    return staged


@contextmanager
def validated_staging(
    path: Path | str, levels: dict[str, float], source: str = "auto", options: SourceOptions = SourceOptions()
) -> Iterator[StagedExport]:
    """Yield an export staged and validated (some row read, every mood label mapped); remove its staging after.

    Raises ExportError (UnmappedMoodsError for unmapped labels) before yielding when it cannot load.
    """
    staged = stage_export(path, source, options)
    try:
        yield validated_export(staged, levels)
    finally:
        staged.discard()
