"""The contract every app source implements: how it recognises its export, and how it parses it.

A CSV source is given the header (lower-cased names) to recognise, then parses the export chunk by
chunk; a document source (JSON, ZIP, XML, Markdown) is given the opened document and parses it whole.
Both return canonical staged rows and rejects (`independence.ingest.records`), never raise for a bad
row, and take the person's `SourceOptions`. A new app is a folder in `sources/` whose `__init__.py`
declares its `CsvSource` and/or `DocumentSource`, listed once in the registry (`sources/__init__.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from independence.ingest.options import SourceOptions
from independence.ingest.reading.documents import Document

Frames = tuple[pl.DataFrame, pl.DataFrame]  # (staged rows, rejects)


def no_header_problem(_header: list[str], _options: SourceOptions) -> str | None:
    """Return None: a recognised header needs no further check."""
    return None


@dataclass(frozen=True)
class CsvSource:
    """An app whose export is a CSV file.

    `recognised_format(header, options)` returns the format's label (e.g. 'Daylio CSV (2021+ header)')
    or None; `header_problem` says what is wrong with a recognised header (None when nothing);
    `staged_rows(rows, header, options)` parses one chunk of string columns with their `line`.
    """

    name: str
    recognised_format: Callable[[list[str], SourceOptions], str | None]
    staged_rows: Callable[[pl.DataFrame, list[str], SourceOptions], Frames]
    header_problem: Callable[[list[str], SourceOptions], str | None] = no_header_problem


@dataclass(frozen=True)
class DocumentSource:
    """An app whose export is a JSON, ZIP, XML or Markdown document.

    `recognised_document(document, options)` returns the format's label or None;
    `staged_document(document, options)` parses the whole document.
    """

    name: str
    recognised_document: Callable[[Document, SourceOptions], str | None]
    staged_document: Callable[[Document, SourceOptions], Frames]
