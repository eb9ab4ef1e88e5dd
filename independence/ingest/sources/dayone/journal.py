"""Day One exports (a ZIP with `Journal.json` or several `<journal>.json`, or one such JSON) into entries.

Each journal entry becomes an entry at its local time: `creationDate` is UTC and `timeZone` an IANA
name. Its `uuid` identifies it (two entries with the same time and text stay two; an edited one
replaces its old version). The Markdown text becomes the note as plain text (photo links removed);
tags keep the group `tag` and the journal's name is a tag in group `journal`. Day One has no mood field, so the
mood score stays empty; the notes feed the phrase signals.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl

from independence.ingest.options import SourceOptions
from independence.ingest.reading.documents import Document, json_value
from independence.ingest.sources.journals import local_time, plain_text, tag_list
from independence.ingest.sources.rows import Rejected, date_problem, guarded, staged_frames, staged_row


def _is_journal(value: Any) -> bool:
    """Return whether a JSON value has Day One's shape: entries with a creationDate."""
    entries = value.get("entries") if isinstance(value, dict) else None
    return isinstance(entries, list) and bool(entries) and isinstance(entries[0], dict) and "creationDate" in entries[0]


def journals(document: Document) -> dict[str, dict]:
    """Return the document's journals by name (one for a JSON file; each journal JSON of a ZIP)."""
    if document.kind == "json":
        return {Path(document.file_name).stem: document.value} if _is_journal(document.value) else {}
    found = {}
    for name, data in document.members.items():
        if name.lower().endswith(".json") and not name.lower().endswith("metadata.json"):
            value = json_value(data, f"{document.path}!{name}")
            if _is_journal(value):
                found[name.rsplit("/", 1)[-1].removesuffix(".json")] = value
    return found


def recognised_document(document: Document, options: SourceOptions = SourceOptions()) -> str | None:
    """Return the Day One form of a document, or None."""
    if not journals(document):
        return None
    return "Day One JSON" if document.kind == "json" else "Day One ZIP"


def _entry(number: int, journal: str, entry: Any) -> dict | Rejected:
    """Return one journal entry as a staged row, or why it cannot be one."""
    try:
        utc = dt.datetime.strptime(str(entry.get("creationDate")), "%Y-%m-%dT%H:%M:%S%z")
    except (ValueError, AttributeError):
        return Rejected(number, f"entry {number} ({journal}): cannot read creationDate", _shown(entry))
    when, zone = local_time(utc, entry.get("timeZone"))
    if problem := date_problem(when.date()):
        return Rejected(number, f"entry {number} ({journal}): {problem}", _shown(entry))
    return staged_row(
        number,
        when,
        tz=zone,
        note=plain_text(entry.get("text")),
        tags=[*tag_list(entry.get("tags"), "tag"), {"tag": journal, "tag_group": "journal"}],
        source_entry_id=entry.get("uuid"),
    )


def staged_document(document: Document, options: SourceOptions = SourceOptions()) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return canonical staged rows and the entries rejected with a reason (numbered across journals)."""
    found = [(journal, entry) for journal, value in sorted(journals(document).items()) for entry in value["entries"]]
    return staged_frames(
        guarded(_entry, number, journal, entry) for number, (journal, entry) in enumerate(found, start=1)
    )


def _shown(entry: Any) -> str:
    """Return a rejected entry's id and date only (never its text)."""
    return f"uuid={entry.get('uuid')!r}, creationDate={entry.get('creationDate')!r}" if isinstance(entry, dict) else "?"
