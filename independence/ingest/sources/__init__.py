"""The registry of app sources (one folder per app family), and recognising which app wrote an export.

Order matters where two could claim a file: a coach form needs its column map, so it is tried first;
the project's own check-in template, which claims any `date` + sign columns, last.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from independence.errors import ExportError
from independence.ingest.options import SourceOptions
from independence.ingest.reading.documents import Document
from independence.ingest.reading.textfile import TextExport
from independence.ingest.sources import (
    applehealth,
    bearable,
    checkin,
    daylio,
    dayone,
    diaro,
    howwefeel,
    imoodjournal,
    journey,
    moodistory,
    obsidian,
    pixels,
)
from independence.ingest.sources.contract import CsvSource, DocumentSource

CSV_SOURCES: tuple[CsvSource, ...] = (
    checkin.FORM,
    daylio.CSV,
    bearable.CSV,
    howwefeel.CSV,
    applehealth.AUTO_EXPORT_CSV,
    imoodjournal.CSV,
    checkin.TEMPLATE,
)
DOCUMENT_SOURCES: tuple[DocumentSource, ...] = (
    daylio.BACKUP,
    pixels.BACKUP,
    moodistory.JSON,
    obsidian.TRACKER,
    obsidian.NOTES,
    applehealth.AUTO_EXPORT_JSON,
    diaro.BACKUP,
    applehealth.EXPORT_XML,
    dayone.JOURNAL,
    journey.ENTRIES,
)
SUPPORTED = (
    "Daylio CSV (all header eras), Daylio backup (.daylio), Bearable CSV (both headers), "
    "How We Feel CSV (with or without key columns), iMoodJournal CSV, Pixels JSON (both forms), "
    "Moodistory JSON, Apple Health State of Mind (Health Auto Export JSON or CSV, export.xml), "
    "Day One (ZIP or JSON), Diaro backup (ZIP or XML), Journey (JSON or ZIP), "
    "Obsidian mood tracker JSON and daily notes (front matter), "
    "check-in CSV (date + the six sign columns), form CSV (with --columns)"
)
NAMES = sorted({source.name for source in (*CSV_SOURCES, *DOCUMENT_SOURCES)})


@dataclass(frozen=True)
class Recognised:
    """The app source that wrote an export, and the label of its format ('Daylio CSV (2021+ header)')."""

    source: CsvSource | DocumentSource
    label: str

    @property
    def name(self) -> str:
        """Return the app's name, as stored with every entry ('daylio')."""
        return self.source.name


def _checked_request(path: Path, requested: str) -> None:
    """Refuse a requested source that is not an app we read."""
    if requested != "auto" and requested not in NAMES:
        raise ExportError(path, f"unknown source {requested!r}; choose auto or one of {', '.join(NAMES)}")


def recognised_csv(export: TextExport, requested: str = "auto", options: SourceOptions = SourceOptions()) -> Recognised:
    """Return the source and format of a CSV export from its header; raise when it fits no source."""
    path, header = export.original, export.header
    _checked_request(path, requested)
    candidates = [source for source in CSV_SOURCES if requested in ("auto", source.name)]
    if not candidates:
        raise ExportError(path, f"a {requested} export is not a CSV file; supported: {SUPPORTED}")
    for source in candidates:
        label = source.recognised_format(header, options)
        if label:
            problem = source.header_problem(header, options)
            if problem:
                raise ExportError(path, problem)
            return Recognised(source, label)
    shown = ",".join(header)[:200]
    if requested != "auto":
        raise ExportError(path, f"line 1: header {shown!r} is not a {requested} header")
    raise ExportError(path, f"line 1: header {shown!r} is from no supported app; supported: {SUPPORTED}")


def recognised_document(
    document: Document, requested: str = "auto", options: SourceOptions = SourceOptions()
) -> Recognised:
    """Return the source and format of a JSON, ZIP, XML or Markdown export; raise when none fits."""
    _checked_request(document.path, requested)
    for source in DOCUMENT_SOURCES:
        label = source.recognised_document(document, options)
        if label and requested in ("auto", source.name):
            return Recognised(source, label)
    if document.kind == "markdown":
        key = options.front_matter["mood"]
        raise ExportError(document.path, f"Markdown without a `{key}` front matter key; supported: {SUPPORTED}")
    if document.kind == "xml":
        raise ExportError(document.path, f"XML that is not an Apple Health export.xml; supported: {SUPPORTED}")
    if document.kind == "zip":
        shown = ", ".join(sorted(document.members)[:5]) or "no JSON or text members"
        raise ExportError(
            document.path, f"a ZIP archive holding {shown} is from no supported app; supported: {SUPPORTED}"
        )
    raise ExportError(document.path, f"JSON of no supported app's shape; supported: {SUPPORTED}")


def recognised(opened: TextExport | Document, requested: str = "auto", options: SourceOptions = SourceOptions()):
    """Return the source and format of an opened export (CSV by its header, a document by its shape)."""
    if isinstance(opened, TextExport):
        return recognised_csv(opened, requested, options)
    return recognised_document(opened, requested, options)
