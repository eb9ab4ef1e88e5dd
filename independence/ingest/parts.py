"""An export's way into the warehouse, as one straight line: open → recognise → parse → stage → validate.

Each step hands the next a value: the opened export (`reading`), the app that wrote it (`sources`),
frames of staged rows and rejects (the app's parser), and Parquet parts in a private scratch folder
(rows, tags, measures, rejects), so memory stays bounded however large the export is. Validation then
checks that something can load; the warehouse's `load_staged` is the last step.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from independence.errors import ExportError, UnmappedMoodsError
from independence.ingest.moods import mood_key
from independence.ingest.options import SourceOptions
from independence.ingest.reading import opened_export
from independence.ingest.reading.csvchunks import RecordBlock, parsed_block, record_blocks
from independence.ingest.reading.documents import Document
from independence.ingest.reading.textfile import TextExport
from independence.ingest.records import LINE, MAX_TAG, short_reasons
from independence.ingest.scratch import removed_folder, removed_orphans, scratch_dir
from independence.ingest.sources import Recognised, recognised
from independence.ingest.sources.frames import computed_on_unique
from independence.ingest.sources.rows import RECORD_ERRORS, unreadable
from independence.warehouse.load import StagedImport

PARALLEL_BLOCKS = 2
MAX_MOOD_LABEL = 100  # characters: Daylio's longest custom mood name is 20; longer is a broken cell


@dataclass(frozen=True)
class StagedExport(StagedImport):
    """An export staged for the warehouse: whether it was a CSV, and the mood labels it could not score itself."""

    from_csv: bool = True
    mood_label_counts: dict[str, int] = field(default_factory=dict)

    def discard(self) -> None:
        """Remove the Parquet part folder."""
        removed_folder(self.stage_dir)


@dataclass(frozen=True)
class _Counts:
    """What parsing into parts produced: rows staged, rows rejected, unscored mood labels."""

    staged: int
    rejected: int
    labels: dict[str, int]


def file_sha256(path: Path) -> str:
    """Return the hex SHA-256 of a file's bytes, read in blocks."""
    with path.open("rb") as source:
        return hashlib.file_digest(source, "sha256").hexdigest()


def with_identity(staged: pl.DataFrame) -> pl.DataFrame:
    """Return staged rows with `identity`: the app's entry id, epoch seconds, mood, note, sorted tags and measures.

    The warehouse hashes it with the user and source into `entry_id`, so a repeated entry in a later
    cumulative export gets the same id, two entries the app tells apart never share one, and an
    edited entry becomes a new version (the transforms keep the latest import's version of an app id).
    """
    keyed = computed_on_unique(
        computed_on_unique(
            staged,
            ["tags"],
            tags_key=pl.col("tags")
            .list.eval(pl.element().struct.field("tag_group") + ":" + pl.element().struct.field("tag"))
            .list.sort()
            .list.join("\x1e"),
        ),
        ["measures"],
        measures_key=pl.col("measures")
        .list.eval(pl.element().struct.field("name") + "=" + pl.element().struct.field("value").cast(pl.String))
        .list.sort()
        .list.join("\x1e"),
    )
    identity = pl.concat_str(
        [
            pl.col("logged_at_local").dt.epoch("s").cast(pl.String),
            *(pl.col(name).fill_null("") for name in ("mood_raw", "note_title", "note", "tags_key", "measures_key")),
        ],
        separator="\x1f",
    )
    identity = (
        pl.when(pl.col("source_entry_id").is_null())
        .then(identity)
        .otherwise(pl.concat_str([pl.lit("id:"), pl.col("source_entry_id"), pl.lit("\x1f"), identity]))
    )
    return keyed.with_columns(identity.alias("identity")).drop("tags_key", "measures_key")


def staged_parts(staged: pl.DataFrame, rejects: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Return a chunk's flat part frames: rows with their identity, tags, measures and rejects."""
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


def _unscored_labels(staged: pl.DataFrame) -> dict[str, int]:
    """Return the counts of mood labels that still need a level from the mood map."""
    unscored = staged.filter(pl.col("mood_score").is_null() & pl.col("mood_raw").is_not_null())
    return dict(unscored["mood_raw"].value_counts().iter_rows())


def with_overlong_labels_rejected(staged: pl.DataFrame, rejects: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return the rows whose unscored mood label is too long to be a mood word, or with a tag too long to be a
    label, moved to the rejects.

    Such a mood label cannot be mapped by hand and would fill every message that lists the labels to
    map; such a tag would fill every page that lists a person's tags.
    """
    label = pl.col("mood_raw").str.len_chars()
    longest_tag = pl.col("tags").list.eval(pl.element().struct.field("tag").str.len_chars()).list.max().fill_null(0)
    overlong_label = pl.col("mood_score").is_null() & (label > MAX_MOOD_LABEL)
    overlong = overlong_label | (longest_tag > MAX_TAG)
    moved = staged.filter(overlong)
    if not moved.height:
        return staged, rejects
    reasons = moved.select(
        pl.col(LINE),
        pl.when(overlong_label)
        .then(pl.format("line {}: a mood label of {} characters is not a mood word (at most {})", pl.col(LINE), label,
                        pl.lit(MAX_MOOD_LABEL)))
        .otherwise(pl.format("line {}: a tag of {} characters is not a label (at most {})", pl.col(LINE), longest_tag,
                             pl.lit(MAX_TAG)))
        .alias("reason"),
        pl.lit("").alias("raw_line"),
    )  # fmt: skip
    return staged.filter(~overlong), pl.concat([rejects, reasons.cast(rejects.schema)])


def _written_chunk(stage_dir: Path, number: int, staged: pl.DataFrame, rejects: pl.DataFrame) -> _Counts:
    """Write one chunk's part frames as Parquet files numbered `number`; return its counts."""
    staged, rejects = with_overlong_labels_rejected(staged, rejects)
    rejects = short_reasons(rejects)
    for part, frame in staged_parts(staged, rejects).items():
        frame.write_parquet(stage_dir / f"{part}-{number:05d}.parquet", compression="uncompressed", statistics=False)
    return _Counts(staged.height, rejects.height, _unscored_labels(staged))


def _in_order(pool: ThreadPoolExecutor, work: Callable[[int, RecordBlock], _Counts], blocks: Iterable[RecordBlock]):
    """Yield work's results in block order, with at most PARALLEL_BLOCKS blocks in memory at once."""
    running: deque[Future] = deque()
    for number, block in enumerate(blocks):
        running.append(pool.submit(work, number, block))
        if len(running) >= PARALLEL_BLOCKS:
            yield running.popleft().result()
    while running:
        yield running.popleft().result()


def _staged_csv(export: TextExport, found: Recognised, stage_dir: Path, options: SourceOptions) -> _Counts:
    """Parse a CSV export block by block (two at a time) into the Parquet part folder; return the summed counts."""

    def work(number: int, block: RecordBlock) -> _Counts:
        chunk = parsed_block(block, export.header)
        staged, rejects = found.source.staged_rows(chunk.rows, export.header, options)
        return _written_chunk(stage_dir, number, staged, pl.concat([chunk.rejects, rejects]))

    staged = rejected = 0
    labels: Counter[str] = Counter()
    with ThreadPoolExecutor(PARALLEL_BLOCKS) as pool:
        for counts in _in_order(pool, work, record_blocks(export)):
            staged, rejected = staged + counts.staged, rejected + counts.rejected
            labels.update(counts.labels)
    return _Counts(staged, rejected, dict(labels))


def _staged_document(document: Document, found: Recognised, stage_dir: Path, options: SourceOptions) -> _Counts:
    """Parse a whole document into one chunk of parts; return its counts.

    Each record's own problems are rejects (`rows.guarded`); a part the whole file depends on (a
    backup's mood or tag list, the list of entries itself) in an unexpected form refuses the file.
    """
    try:
        staged, rejects = found.source.staged_document(document, options)
    except RECORD_ERRORS as error:
        raise ExportError(
            document.path, f"{found.label}: {unreadable(0, error).reason.removeprefix('entry 0 ')}", found.source.name
        ) from None
    return _written_chunk(stage_dir, 0, staged, rejects)


def stage_export(
    path: Path | str, source: str = "auto", options: SourceOptions = SourceOptions(), name: str = ""
) -> StagedExport:
    """Open, recognise and parse an export into a fresh Parquet part folder; raise ExportError when it cannot be read.

    `source` is 'auto' (recognised from the content) or an app's name; `name` the file's name as the person knows
    it, when it is kept under another (an upload): its provenance, and a single Day One journal's name.
    """
    path = Path(path)
    started_at = dt.datetime.now(dt.UTC)
    removed_orphans()
    stage_dir = scratch_dir("stage")
    try:
        with opened_export(path, name) as opened:
            found = recognised(opened, source, options)
            if isinstance(opened, TextExport):
                counts = _staged_csv(opened, found, stage_dir, options)
            else:
                counts = _staged_document(opened, found, stage_dir, options)
        return StagedExport(
            file=path,
            file_sha256=file_sha256(path),
            file_bytes=path.stat().st_size,
            source=found.name,
            source_format=found.label,
            stage_dir=stage_dir,
            rows_read=counts.staged + counts.rejected,
            rows_staged=counts.staged,
            rows_rejected=counts.rejected,
            started_at=started_at,
            name=name,
            from_csv=isinstance(opened, TextExport),
            mood_label_counts=counts.labels,
        )
    except BaseException:
        removed_folder(stage_dir)
        raise


def stage_rejects(staged: StagedExport, limit: int = 5) -> list[tuple[int, str]]:
    """Return the first rejected (line, reason) pairs of a staged export, in line order."""
    rejects = pl.scan_parquet(staged.part_glob("rejects")).sort(LINE).head(limit).collect()
    return list(rejects.select(LINE, "reason").iter_rows())


def validated_export(staged: StagedExport, levels: dict[str, float]) -> StagedExport:
    """Return the staged export when it can load: some row read and every mood label mapped."""
    if staged.rows_staged == 0:
        if staged.rows_read == 0:
            empty = "the file has a header but no rows" if staged.from_csv else "it holds no entries"
            raise ExportError(staged.file, f"a {staged.source_format} with nothing to import: {empty}", staged.source)
        first = "; ".join(f"line {line}: {reason}" for line, reason in stage_rejects(staged))
        raise ExportError(
            staged.file, f"no row could be read ({staged.rows_rejected} rejected); first: {first}", staged.source
        )
    unmapped: Counter[str] = Counter()
    for label, count in staged.mood_label_counts.items():
        if mood_key(label) not in levels:
            unmapped[label] += count
    if unmapped:
        raise UnmappedMoodsError(staged.file, dict(unmapped), staged.source)
    return staged


@contextmanager
def validated_parts(
    path: Path | str,
    levels: dict[str, float],
    source: str = "auto",
    options: SourceOptions = SourceOptions(),
    name: str = "",
) -> Iterator[StagedExport]:
    """Yield an export staged and validated (some row read, every mood label mapped); remove its parts after.

    Raises ExportError (UnmappedMoodsError for unmapped labels) before yielding when it cannot load.
    """
    staged = stage_export(path, source, options, name)
    try:
        yield validated_export(staged, levels)
    finally:
        staged.discard()
