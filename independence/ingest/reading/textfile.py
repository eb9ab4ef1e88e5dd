"""Open an export as UTF-8 text: detect empty, binary, ZIP and UTF-16 files before any parsing."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from independence.errors import ExportError
from independence.ingest.scratch import removed_folder, scratch_dir

_SNIFF_BYTES = 64 * 1024
_UTF8_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True)
class TextExport:
    """An export readable as UTF-8: `utf8_path` is the original or a transcoded copy."""

    original: Path
    utf8_path: Path
    encoding: str
    body_offset: int
    header: list[str]


def _utf16_encoding(head: bytes) -> str | None:
    """Return 'utf-16' when the bytes look like UTF-16 (BOM or NUL in every other byte)."""
    if head.startswith(_UTF16_BOMS):
        return "utf-16"
    sample = head[:200]
    if len(sample) >= 4 and sample[1::2].count(0) > 0.8 * len(sample[1::2]):
        return "utf-16-le"
    if len(sample) >= 4 and sample[0::2].count(0) > 0.8 * len(sample[0::2]):
        return "utf-16-be"
    return None


def _cr_only(head: bytes) -> bool:
    """Return whether lines end in a bare carriage return (classic Mac), which CSV readers take for one line."""
    return b"\r" in head and b"\n" not in head


def _normalised_copy(path: Path, encoding: str | None, cr_only: bool, target: Path) -> None:
    """Stream the file into a UTF-8 copy with `\n` line endings, 1 MiB at a time (UTF-16 decoded, CR made LF)."""
    decoder = codecs.getincrementaldecoder(encoding or "utf-8")(errors="strict" if encoding else "surrogateescape")

    def converted(text: str) -> bytes:
        data = text.encode("utf-8", "surrogateescape")
        return data.replace(b"\r", b"\n") if cr_only else data

    with path.open("rb") as source, target.open("wb") as sink:
        try:
            while block := source.read(1 << 20):
                sink.write(converted(decoder.decode(block)))
            sink.write(converted(decoder.decode(b"", final=True)))
        except UnicodeDecodeError as error:
            raise ExportError(path, f"looks like UTF-16 but is not valid UTF-16 ({error.reason})") from None


def _checked_head(path: Path, head: bytes) -> None:
    """Raise a specific error for files that are empty, archives, binary, or whose header is not UTF-8.

    Body bytes that are not UTF-8 are judged record by record later, so good rows still load.
    """
    if not head.strip(b" \t\r\n" + _UTF8_BOM):
        raise ExportError(path, "the file is empty; expected an app export with a header row")
    if head.startswith(b"PK\x03\x04"):
        raise ExportError(path, "this is a ZIP archive, not a CSV export; this version reads CSV exports")
    if b"\x00" in head:
        raise ExportError(path, "binary content (NUL bytes), not a CSV export")
    first_line = head.split(b"\n", 1)[0]
    try:
        first_line.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(first_line) - 4 or b"\n" in head:
            raise ExportError(
                path, f"line 1 is not UTF-8 or UTF-16 text (invalid byte at offset {error.start}); re-save it as UTF-8"
            ) from None


def _header_fields(path: Path, first_line: str) -> list[str]:
    """Return the header's field names, lower-cased and trimmed."""
    try:
        fields = next(csv.reader([first_line]), [])
    except csv.Error as error:
        raise ExportError(path, f"line 1 is not a CSV header row ({error})") from None
    names = [field.strip().lower() for field in fields]
    if len(names) < 2 or not all(names):
        # The line itself is not echoed: a file that is not a CSV may be journal text.
        raise ExportError(
            path,
            f"line 1 is not a CSV header row ({len(names)} comma-separated field(s), {len(first_line)} characters)",
        )
    duplicated = sorted({name for name in names if names.count(name) > 1})
    if duplicated:
        raise ExportError(path, f"line 1: the header repeats column(s) {', '.join(duplicated)}")
    return names


TRAILING_COLUMN = "_trailing_comma"
_TRAILING_SNIFF_LINES = 50


def with_trailing_column(header: list[str], body: bytes) -> list[str]:
    """Return the header with an unnamed last column when every sniffed data line ends with one more, empty field.

    Some exporters (Health Auto Export's CSV) end each data row with a comma their header does not have: read
    as written, every row would be one field too long. The column is named TRAILING_COLUMN; no source reads it.
    """
    lines = [line.rstrip("\r") for line in body.decode("utf-8", "replace").split("\n")[:_TRAILING_SNIFF_LINES]]
    complete = [line for line in lines[:-1] if line.strip()] or [line for line in lines if line.strip()]
    try:
        rows = list(csv.reader(complete))
    except csv.Error:
        return header
    if rows and all(len(row) == len(header) + 1 and not row[-1].strip() for row in rows):
        return [*header, TRAILING_COLUMN]
    return header


@contextmanager
def opened_text_export(path: Path | str) -> Iterator[TextExport]:
    """Yield the export as UTF-8 with its parsed header; a transcoded copy is removed afterwards."""
    path = Path(path)
    if not path.is_file():
        raise ExportError(path, "no such file")
    with path.open("rb") as source:
        head = source.read(_SNIFF_BYTES)
    encoding = _utf16_encoding(head)
    cr_only = not encoding and _cr_only(head)
    scratch = scratch_dir("text") if encoding or cr_only else None
    try:
        utf8_path = path
        if scratch:
            utf8_path = scratch / "utf8.csv"
            _normalised_copy(path, encoding, cr_only, utf8_path)
            with utf8_path.open("rb") as source:
                head = source.read(_SNIFF_BYTES)
            if _cr_only(head):  # UTF-16 with classic Mac line endings
                _normalised_copy(path, encoding, True, utf8_path)
                with utf8_path.open("rb") as source:
                    head = source.read(_SNIFF_BYTES)
        _checked_head(path, head)
        bom = len(_UTF8_BOM) if head.startswith(_UTF8_BOM) else 0
        newline = head.find(b"\n", bom)
        if newline < 0 and len(head) == _SNIFF_BYTES:
            raise ExportError(path, "line 1 is longer than 64 KiB; not a CSV export")
        first_line = head[bom : newline if newline >= 0 else len(head)].decode("utf-8", "replace")
        header = _header_fields(path, first_line.rstrip("\r"))
        body_offset = newline + 1 if newline >= 0 else len(head)
        header = with_trailing_column(header, head[body_offset:])
        yield TextExport(path, utf8_path, encoding or "utf-8", body_offset, header)
    finally:
        if scratch:
            removed_folder(scratch)
