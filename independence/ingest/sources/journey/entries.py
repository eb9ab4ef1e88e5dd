"""Journey exports (one JSON per entry, alone or many in a ZIP) into canonical staged rows.

Older files carry `date_journal` (epoch ms, UTC), newer cloud exports `dateOfJournal` (ISO) and
`timezone`. Journey's mood runs 1 amazing .. 5 terrible (0 = not set), so the score is 6 - mood and
an unset mood stays empty. Text (HTML or Markdown) becomes the note, tags keep group `tag`; the entry's
`id` identifies it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from independence.ingest.options import SourceOptions
from independence.ingest.reading.documents import Document, json_value
from independence.ingest.sources.frames import html_as_text
from independence.ingest.sources.journals import local_time, plain_text, tag_list
from independence.ingest.sources.rows import Rejected, date_problem, guarded, staged_frames, staged_row

_TIME_KEYS = ("date_journal", "dateOfJournal")


def _is_entry(value: Any) -> bool:
    """Return whether a JSON value is a Journey entry (has a journal date and text or mood)."""
    return isinstance(value, dict) and any(key in value for key in _TIME_KEYS) and ("text" in value or "mood" in value)


def entries(document: Document) -> list[tuple[str, dict]]:
    """Return (where, entry) for the JSON file or each entry JSON of a ZIP."""
    if document.kind == "json":
        return [(document.file_name, document.value)] if _is_entry(document.value) else []
    found = []
    for name, data in sorted(document.members.items()):
        if name.lower().endswith(".json"):
            value = json_value(data, f"{document.path}!{name}")
            if _is_entry(value):
                found.append((name, value))
    return found


def recognised_document(document: Document, options: SourceOptions = SourceOptions()) -> str | None:
    """Return the Journey form of a document, or None."""
    if not entries(document):
        return None
    return "Journey JSON" if document.kind == "json" else "Journey ZIP (one JSON per entry)"


def _utc(entry: dict) -> dt.datetime | None:
    """Return the entry's time in UTC from epoch milliseconds or an ISO date, or None."""
    if isinstance(entry.get("date_journal"), int | float) and not isinstance(entry.get("date_journal"), bool):
        return dt.datetime.fromtimestamp(entry["date_journal"] / 1000, dt.UTC)
    try:
        stamp = dt.datetime.fromisoformat(str(entry.get("dateOfJournal")).replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def _entry(number: int, where: str, entry: dict) -> dict | Rejected:
    """Return one Journey entry as a staged row, or why it cannot be one."""
    utc, mood = _utc(entry), entry.get("mood")
    shown = f"{where}: date_journal={entry.get('date_journal')!r}, dateOfJournal={entry.get('dateOfJournal')!r}"
    if utc is None:
        return Rejected(number, f"entry {number} ({where}): cannot read its date", shown)
    when, zone = local_time(utc, entry.get("timezone") or "UTC")
    problem = date_problem(when.date())
    if not problem and (mood not in (None, 0, 1, 2, 3, 4, 5) or isinstance(mood, bool)):
        problem = f"mood {mood!r} is not 0..5"
    if problem:
        return Rejected(number, f"entry {number} ({where}): {problem}", shown)
    return staged_row(
        number,
        when,
        tz=zone,
        mood_raw=str(mood) if mood else None,
        mood_score=float(6 - mood) if mood else None,
        note=plain_text(entry.get("text")),
        tags=tag_list(entry.get("tags"), "tag"),
        source_entry_id=entry.get("id"),
    )


def staged_document(document: Document, options: SourceOptions = SourceOptions()) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return canonical staged rows and the entries rejected with a reason (numbered in file order)."""
    staged, rejected = staged_frames(
        guarded(_entry, number, where, entry) for number, (where, entry) in enumerate(entries(document), start=1)
    )
    return staged.with_columns(html_as_text(pl.col("note")).alias("note")), rejected
