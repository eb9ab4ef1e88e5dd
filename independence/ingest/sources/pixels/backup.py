"""Pixels JSON backups (`PIXELS-BACKUP-*.json`), the flat form and the older nested form.

Pixels records days, not moments: each score of a day (1..5, possibly several) becomes one entry at
12:00 plus one minute per earlier score that day, so repeated scores stay distinct entries. The
day's notes go on its first entry; its tags (groups named by the user, e.g. Emotions) on every entry.
Rejected days are reported by their position in the file ("item N"); staged entries are numbered in
file order (a day with two scores gives two numbers), which is what `source_line` holds for them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import polars as pl

from independence.ingest.options import SourceOptions
from independence.ingest.reading.documents import Document
from independence.ingest.sources.rows import (
    RECORD_ERRORS,
    Rejected,
    date_problem,
    few,
    rating_problem,
    shortened,
    staged_frames,
    staged_row,
    unreadable,
)


def recognised_document(document: Document, options: SourceOptions = SourceOptions()) -> str | None:
    """Return the Pixels form of a JSON document (a list of days with `date` and scores), or None."""
    value = document.value
    if document.kind != "json" or not isinstance(value, list) or not value or not isinstance(value[0], dict):
        return None
    first = value[0]
    if "date" in first and "scores" in first:
        return "Pixels JSON"
    if "date" in first and isinstance(first.get("entries"), list):
        return "Pixels JSON (older nested form)"
    return None


def _day(text: Any) -> dt.date | None:
    """Return an unpadded 'YYYY-M-D' date, or None when it cannot be read."""
    try:
        year, month, day = (int(part) for part in str(text).split("-"))
        return dt.date(year, month, day)
    except (ValueError, TypeError):
        return None


def _scored_parts(item: dict) -> list[tuple[Any, str, list]]:
    """Return (score, notes, tags) for each mood record of a day, in either form."""
    if "scores" in item:
        return [(score, item.get("notes") or "", item.get("tags") or []) for score in item.get("scores") or []]
    return [
        (entry.get("value"), entry.get("notes") or "", entry.get("tags") or [])
        for entry in item.get("entries") or []
        if isinstance(entry, dict) and str(entry.get("type", "Mood")).lower() == "mood"
    ]


def _tags(tags: list) -> list[dict]:
    """Return a day's tags: each group's entries with the group's name."""
    found = []
    for group in few(tags):
        if isinstance(group, dict):
            name = str(group.get("type") or "tags").strip().lower()
            found += [{"tag": str(e).strip(), "tag_group": name} for e in few(group.get("entries")) if str(e).strip()]
    return found


def _day_records(number: int, item: Any) -> Iterator[tuple[dt.datetime, Any, str | None, list[dict]] | Rejected]:
    """Yield each score of one day as (moment, score, note, staged tags), or why the day or a score cannot be read."""
    day = _day(item.get("date")) if isinstance(item, dict) else None
    parts = _scored_parts(item) if isinstance(item, dict) else []
    if day is None:
        problem = f"cannot read date {item.get('date') if isinstance(item, dict) else item!r}"
    else:
        problem = date_problem(day) or (None if parts else "no mood score")
    if problem:
        yield Rejected(number, f"item {number}: {problem}", shortened(item, 300))
        return
    for order, (score, notes, tags) in enumerate(parts):
        if problem := rating_problem(score, "score", 1, 5):
            yield Rejected(number, f"item {number}: {problem}", shortened(item, 300))
        else:
            yield (
                dt.datetime.combine(day, dt.time(12, order)),
                score,
                (notes.strip() or None) if order == 0 else None,
                _tags(tags),
            )


def staged_document(document: Document, options: SourceOptions = SourceOptions()) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return canonical staged rows (numbered in file order, one per score) and the records rejected with a reason."""

    def records() -> Iterator[dict | Rejected]:
        staged = 0
        for number, item in enumerate(document.value, start=1):
            try:
                day = list(_day_records(number, item))
            except RECORD_ERRORS as error:
                day = [unreadable(number, error)]
            for record in day:
                if isinstance(record, Rejected):
                    yield record
                    continue
                when, score, note, tags = record
                staged += 1
                yield staged_row(staged, when, mood_raw=str(score), mood_score=float(score), note=note, tags=tags)

    return staged_frames(records())
