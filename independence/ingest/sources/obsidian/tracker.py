"""Obsidian mood-tracker plugin data (`{id, dateTime, moodRating, emotions[], note}` items) into entries.

The plugin stores a list of entries, either as the file's top-level list or under `entries`. The
rating (1 worst .. 5 best) is the mood score; emotions become tags in group `emotion`; the note is
kept. `dateTime` is local wall-clock time (ISO, with or without seconds; an offset is dropped).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from independence.ingest.options import SourceOptions
from independence.ingest.reading.documents import Document
from independence.ingest.sources.journals import tag_list
from independence.ingest.sources.rows import Rejected, date_problem, guarded, rating_problem, staged_frames, staged_row


def items(value: Any) -> list | None:
    """Return the mood-tracker entries of a document, or None when it has another shape."""
    found = value.get("entries") if isinstance(value, dict) else value
    if isinstance(found, list) and found and isinstance(found[0], dict) and {"dateTime", "moodRating"} <= set(found[0]):
        return found
    return None


def recognised_document(document: Document, options: SourceOptions = SourceOptions()) -> str | None:
    """Return 'Obsidian mood tracker JSON' for the plugin's data, else None."""
    return "Obsidian mood tracker JSON" if document.kind == "json" and items(document.value) else None


def _local(text: Any) -> dt.datetime | None:
    """Return the local wall-clock time of an ISO date-time (any offset dropped), or None."""
    try:
        return dt.datetime.fromisoformat(str(text).replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return None


def _entry(number: int, entry: dict) -> dict | Rejected:
    """Return one mood-tracker entry as a staged row, or why it cannot be one."""
    when, rating = _local(entry.get("dateTime")), entry.get("moodRating")
    shown = f"dateTime={entry.get('dateTime')!r}, moodRating={rating!r}"
    if when is None:
        return Rejected(number, f"entry {number}: cannot read dateTime {entry.get('dateTime')!r}", shown)
    if problem := date_problem(when.date()) or rating_problem(rating, "moodRating", 1, 5):
        return Rejected(number, f"entry {number}: {problem}", shown)
    return staged_row(
        number,
        when,
        mood_raw=str(rating),
        mood_score=float(rating),
        note=str(entry.get("note") or "").strip() or None,
        tags=tag_list(entry.get("emotions"), "emotion"),
    )


def staged_document(document: Document, options: SourceOptions = SourceOptions()) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return canonical staged rows and the entries rejected with a reason (numbered in file order)."""
    return staged_frames(guarded(_entry, number, entry) for number, entry in enumerate(items(document.value), start=1))
