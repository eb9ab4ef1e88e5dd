"""One parser module per app: CSV sources recognise a header, document sources a JSON, ZIP, XML or note."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from independence.documents import Document
from independence.errors import ExportError
from independence.sources import (
    applehealth,
    applehealth_csv,
    applexml,
    bearable,
    checkin,
    daylio,
    daylio_backup,
    dayone,
    formcsv,
    howwefeel,
    journey,
    moodistory,
    obsidian,
    obsidian_notes,
    pixels,
)
from independence.sources.options import SourceOptions

CSV_SOURCES: tuple[ModuleType, ...] = (formcsv, daylio, bearable, howwefeel, applehealth_csv, checkin)
DOCUMENT_SOURCES: tuple[ModuleType, ...] = (
    daylio_backup,
    pixels,
    moodistory,
    obsidian,
    obsidian_notes,
    applehealth,
    applexml,
    dayone,
    journey,
)
SUPPORTED = (
    "Daylio CSV (all header eras), Daylio backup (.daylio), Bearable CSV (both headers), "
    "How We Feel CSV (with or without key columns), Pixels JSON (both forms), "
    "Moodistory JSON, Apple Health State of Mind (Health Auto Export JSON or CSV, export.xml), "
    "Day One (ZIP or JSON), Journey (JSON or ZIP), Obsidian mood tracker JSON and daily notes (front matter), "
    "check-in CSV (date + the six sign columns), form CSV (with --columns)"
)
NAMES = sorted({module.NAME for module in (*CSV_SOURCES, *DOCUMENT_SOURCES)})


def detected_source(
    path: Path, header: list[str], requested: str = "auto", options: SourceOptions = SourceOptions()
) -> tuple[ModuleType, str]:
    """Return the parser module and format label for a header; raise when it fits no parser."""
    if requested != "auto" and requested not in NAMES:
        raise ExportError(path, f"unknown source {requested!r}; choose auto or one of {', '.join(NAMES)}")
    candidates = [module for module in CSV_SOURCES if requested in ("auto", module.NAME)]
    if not candidates:
        raise ExportError(path, f"a {requested} export is not a CSV file; supported: {SUPPORTED}")
    for module in candidates:
        label = module.recognised_format(header, options)
        if label:
            problem = getattr(module, "header_problem", lambda _header, _options: None)(header, options)
            if problem:
                raise ExportError(path, problem)
            return module, label
    shown = ",".join(header)[:200]
    if requested != "auto":
        raise ExportError(path, f"line 1: header {shown!r} is not a {requested} header")
    raise ExportError(path, f"line 1: header {shown!r} is from no supported app; supported: {SUPPORTED}")


def detected_document_source(
    document: Document, requested: str = "auto", options: SourceOptions = SourceOptions()
) -> tuple[ModuleType, str]:
    """Return the parser module and format label for a JSON or ZIP export; raise when none fits."""
    if requested != "auto" and requested not in NAMES:
        raise ExportError(document.path, f"unknown source {requested!r}; choose auto or one of {', '.join(NAMES)}")
    for module in DOCUMENT_SOURCES:
        label = module.recognised_document(document, options)
        if label and requested in ("auto", module.NAME):
            return module, label
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
