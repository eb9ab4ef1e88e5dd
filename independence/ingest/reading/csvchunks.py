"""Read a CSV body in bounded chunks of typed Polars frames, each row tagged with its physical line.

Records are cut only where the running quote count is even, so quoted notes with newlines stay whole.
Polars parses each chunk; when it cannot (ragged or truncated records, bytes that are not UTF-8), a
vectorised NumPy pass over the bytes finds every record, keeps the well-formed ones and reports the
others with their line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from independence.errors import ExportError
from independence.ingest.reading.textfile import TextExport
from independence.ingest.records import LINE, RAW_LINE_CHARS, rejects_frame

CHUNK_BYTES = 16 * 1024 * 1024
_QUOTE, _COMMA, _NEWLINE = ord('"'), ord(","), ord("\n")


@dataclass(frozen=True)
class RecordBlock:
    """Whole records from the body: the bytes, the line the first one starts on, whether it ends the file."""

    path: Path
    data: bytes
    first_line: int
    at_eof: bool


@dataclass(frozen=True)
class CsvChunk:
    """Parsed rows (all columns strings plus `line`) and the records that could not be parsed."""

    rows: pl.DataFrame
    rejects: pl.DataFrame


def _count(data: bytes, byte: bytes, end: int | None = None) -> int:
    """Return how often one byte occurs in data[:end]. NumPy counts a 16 MB block about five times faster than
    bytes.count does, and without holding Python's lock, so the other staging thread runs meanwhile."""
    return int(np.count_nonzero(np.frombuffer(data, dtype=np.uint8)[:end] == ord(byte)))


def _record_cut(buffer: bytes) -> int:
    """Return the length of the longest prefix of whole records (0 when no record ends yet)."""
    end = buffer.rfind(b"\n")
    quotes = _count(buffer, b'"', end + 1) if end >= 0 else 0
    while end >= 0 and quotes % 2:
        previous = buffer.rfind(b"\n", 0, end)
        quotes -= buffer.count(b'"', previous + 1, end + 1)
        end = previous
    return end + 1


def _whole_record_blocks(export: TextExport) -> Iterator[bytes]:
    """Yield the body as blocks that each hold whole records, at most about CHUNK_BYTES."""
    with export.utf8_path.open("rb") as source:
        source.seek(export.body_offset)
        pending = b""
        while block := source.read(CHUNK_BYTES):
            pending += block.replace(b"\r\n", b"\n") if b"\r" in block else block
            cut = _record_cut(pending[:-1] if pending.endswith(b"\r") else pending)
            if cut:
                yield pending[:cut]
                pending = pending[cut:]
        if pending:
            yield pending


def record_blocks(export: TextExport) -> Iterator[RecordBlock]:
    """Yield the body's record blocks numbered with the physical line each one starts on."""
    first_line = 2
    blocks = _whole_record_blocks(export)
    data = next(blocks, None)
    while data is not None:
        following = next(blocks, None)
        yield RecordBlock(export.original, data, first_line, at_eof=following is None)
        first_line += _count(data, b"\n")
        data = following


def _parsed(block: bytes, columns: list[str], encoding: str = "utf8") -> pl.DataFrame:
    """Parse whole records into string columns; raises when Polars finds the block malformed (with the default
    encoding, also when a byte is not UTF-8: Polars checks that faster than decoding the block in Python)."""
    return pl.read_csv(
        block,
        has_header=False,
        new_columns=columns,
        schema={name: pl.String for name in columns},
        empty_string_is_null=False,
        quote_char='"',
        encoding=encoding,
        raise_if_empty=False,
        truncate_ragged_lines=False,
    )


def _lines_from_frame(rows: pl.DataFrame, block: bytes, first_line: int, newlines: int) -> pl.Series | None:
    """Return each row's first line when the parsed rows provably match the block's records, else None.

    Polars raises on a record with too many fields but pads a short one with empty strings, and it
    reads a blank line as a row. So the block must hold exactly rows x (columns - 1) separators
    outside quotes (commas in the bytes minus commas inside values), and one newline per row plus
    the newlines inside values.
    """
    if rows.height == 0:
        return None
    inside = rows.select(
        pl.sum_horizontal(pl.all().str.count_matches(",", literal=True)).sum().alias("commas"),
        pl.sum_horizontal(pl.all().str.count_matches("\n", literal=True)).alias("newlines"),
    )
    separators = _count(block, b",") - int(inside["commas"][0])
    if separators != rows.height * (rows.width - 1):
        return None
    spans = inside["newlines"].cast(pl.Int64) + 1
    records = newlines + (0 if block.endswith(b"\n") else 1)
    if int(spans.sum()) != records:
        return None
    return (spans.cum_sum() - spans + first_line).alias(LINE)


def _record_table(block: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return record starts, ends (exclusive), field counts and blank flags, via quote parity."""
    data = np.frombuffer(block, dtype=np.uint8)
    inside = np.bitwise_xor.accumulate((data == _QUOTE).view(np.uint8)).astype(bool)
    ends = np.flatnonzero((data == _NEWLINE) & ~inside)
    if len(data) and (not len(ends) or ends[-1] != len(data) - 1):
        ends = np.append(ends, len(data))
    starts = np.concatenate(([0], ends[:-1] + 1)).astype(np.int64)
    separators = np.flatnonzero((data == _COMMA) & ~inside)
    fields = np.bincount(np.searchsorted(ends, separators), minlength=len(ends))[: len(ends)] + 1
    lengths = ends - starts
    blank = lengths == 0
    blank |= (lengths == 1) & (data[np.minimum(starts, len(data) - 1)] == ord("\r"))
    return starts, ends, fields, blank


def _unterminated_reason(block: bytes, start: int) -> str:
    """Return the reason for a last record whose quote never closes, with how many lines it swallowed."""
    following = block.count(b"\n", start) - (1 if block.endswith(b"\n") else 0)
    swallowed = f"; the {following} line(s) after it could not be read" if following else ""
    return f"truncated record: a quoted field is never closed (file cut off, or a stray quote){swallowed}"


def _invalid_utf8_offsets(data: bytes) -> list[int]:
    """Return the offsets of bytes that are not valid UTF-8 (empty for a valid block)."""
    offsets, position = [], 0
    while True:
        try:
            data[position:].decode("utf-8")
            return offsets
        except UnicodeDecodeError as error:
            offsets.append(position + error.start)
            position += error.end


def _salvaged(block: RecordBlock, columns: list[str]) -> CsvChunk:
    """Split a malformed block record by record: parse the well-formed ones, reject the rest."""
    data = np.frombuffer(block.data, dtype=np.uint8)
    starts, ends, fields, blank = _record_table(block.data)
    line_starts = block.first_line + np.searchsorted(np.flatnonzero(data == _NEWLINE), starts)
    unterminated = np.zeros(len(starts), dtype=bool)
    if block.at_eof and block.data.count(b'"') % 2:
        unterminated[-1] = True
    not_utf8 = np.zeros(len(starts), dtype=bool)
    not_utf8[np.searchsorted(ends, _invalid_utf8_offsets(block.data))] = True
    good = (fields == len(columns)) & ~blank & ~unterminated & ~not_utf8
    bad = np.flatnonzero(~good & ~blank)
    reasons = [
        _unterminated_reason(block.data, int(starts[i]))
        if unterminated[i]
        else "not UTF-8 text (re-save the export as UTF-8)"
        if not_utf8[i]
        else f"expected {len(columns)} fields, found {fields[i]}"
        for i in bad
    ]
    raws = [block.data[starts[i] : ends[i]].decode("utf-8", "replace")[:RAW_LINE_CHARS] for i in bad]
    rejects = rejects_frame([int(line_starts[i]) for i in bad], reasons, raws)
    keep = np.repeat(good, (ends - starts + 1)[: len(good)])[: len(data)]
    lines = pl.Series(LINE, line_starts[good], dtype=pl.Int64)
    try:
        rows = _parsed(data[keep].tobytes(), columns, "utf8-lossy")
    except pl.exceptions.PolarsError:
        rows = None
    if rows is None or rows.height != len(lines):
        last_line = block.first_line + block.data.count(b"\n")
        raise ExportError(block.path, f"lines {block.first_line}-{last_line} are not valid CSV (unbalanced quotes?)")
    return CsvChunk(rows.with_columns(lines), rejects)


def parsed_block(block: RecordBlock, columns: list[str]) -> CsvChunk:
    """Return a block's rows with their lines, salvaging record by record when the block is malformed."""
    data = block.data
    if not (block.at_eof and data.count(b'"') % 2):
        try:
            rows = _parsed(data, columns)
            lines = _lines_from_frame(rows, data, block.first_line, _count(data, b"\n"))
            if lines is not None:
                return CsvChunk(rows.with_columns(lines), rejects_frame([], [], []))
        except pl.exceptions.PolarsError:
            pass
    return _salvaged(block, columns)


def csv_chunks(export: TextExport) -> Iterator[CsvChunk]:
    """Yield the export body as chunks of string rows with line numbers, and their rejects."""
    for block in record_blocks(export):
        yield parsed_block(block, export.header)
