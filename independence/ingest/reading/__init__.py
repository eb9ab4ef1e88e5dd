"""Opening an export, the first step of every import: recognised by its bytes, never by its name.

A CSV export becomes a `TextExport` (UTF-8, header read; its body is streamed later in record
blocks by `csvchunks`); anything else a `Document`: JSON parsed, a ZIP's text members read within
limits, XML and Markdown located for their parsers.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from independence.errors import ExportError
from independence.ingest.reading.documents import Document, read_document, sniffed_kind
from independence.ingest.reading.textfile import TextExport, opened_text_export


@contextmanager
def opened_export(path: Path | str, name: str = "") -> Iterator[TextExport | Document]:
    """Yield the export opened by what its first bytes are: a CSV as text, else a document (`name`: the file's name
    as the person knows it, when it is kept under another)."""
    path = Path(path)
    if not path.is_file():
        raise ExportError(path, "no such file")
    kind = sniffed_kind(path)
    if kind == "text":
        with opened_text_export(path) as export:
            yield export
    else:
        yield read_document(path, kind, name)
