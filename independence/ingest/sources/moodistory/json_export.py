"""Moodistory JSON exports into canonical staged rows, on the scale length the person chose.

Each item `{date (epoch seconds or ms), datetimezoneid, mood, notes, events[{name, categoryName}]}`
becomes one entry at its local time. Moodistory lets a person pick a 2- to 11-point scale: with
`--scale N` (default 5) a mood m (1 worst .. N best) scores 1 + (m - 1) x 4 / (N - 1); a mood above
N is rejected and names the option. Events become tags grouped by their category.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from independence.ingest.options import SourceOptions
from independence.ingest.reading.documents import Document
from independence.ingest.sources.journals import local_time
from independence.ingest.sources.rows import (
    Rejected,
    date_problem,
    few,
    guarded,
    rating_problem,
    staged_frames,
    staged_row,
)


def recognised_document(document: Document, options: SourceOptions = SourceOptions()) -> str | None:
    """Return 'Moodistory JSON' for a list of items with date, mood and a zone id or events, else None."""
    value = document.value
    if document.kind != "json" or not isinstance(value, list) or not value or not isinstance(value[0], dict):
        return None
    first = value[0]
    if {"date", "mood"} <= set(first) and ("datetimezoneid" in first or "events" in first):
        return f"Moodistory JSON ({options.scale}-point scale)"
    return None


def _utc(epoch: Any) -> dt.datetime | None:
    """Return a UTC time from epoch seconds or milliseconds, or None."""
    if isinstance(epoch, bool) or not isinstance(epoch, int | float):
        return None
    seconds = epoch / 1000 if abs(epoch) > 1e11 else epoch
    try:
        return dt.datetime.fromtimestamp(seconds, dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _events(events: Any) -> list[dict]:
    """Return events as tags grouped by their category name."""
    return [
        {"tag": str(e.get("name")).strip(), "tag_group": str(e.get("categoryName") or "event").strip().lower()}
        for e in few(events)
        if isinstance(e, dict) and str(e.get("name") or "").strip()
    ]


def _item(number: int, item: Any, scale: int) -> dict | Rejected:
    """Return one Moodistory item as a staged row, or why it cannot be one."""
    if not isinstance(item, dict):
        return Rejected(number, f"item {number}: not an object", repr(item)[:80])
    utc, mood = _utc(item.get("date")), item.get("mood")
    shown = f"date={item.get('date')!r}, mood={mood!r}"
    if utc is None:
        return Rejected(number, f"item {number}: cannot read date {item.get('date')!r}", shown)
    when, zone = local_time(utc, item.get("datetimezoneid") or "UTC")
    hint = " (set the scale with --scale N)"
    if problem := date_problem(when.date()) or rating_problem(mood, "mood", 1, scale, hint, whole=True):
        return Rejected(number, f"item {number}: {problem}", shown)
    return staged_row(
        number,
        when,
        tz=zone,
        mood_raw=f"{mood}/{scale}",
        mood_score=1 + (mood - 1) * 4 / (scale - 1),
        note=str(item.get("notes") or "").strip() or None,
        tags=_events(item.get("events")),
        measures=[{"name": "mood_points", "value": float(mood), "value_max": float(scale)}],
    )


def staged_document(document: Document, options: SourceOptions = SourceOptions()) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return canonical staged rows and the items rejected with a reason (numbered in file order)."""
    return staged_frames(
        guarded(_item, number, item, options.scale) for number, item in enumerate(document.value, start=1)
    )
