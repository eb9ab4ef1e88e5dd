"""Daylio backups (`.daylio`: a ZIP holding `backup.daylio`, base64 of JSON) into canonical staged rows.

The backup is the one place a custom mood's level is known: `customMoods[].mood_group_id` (1 best ..
5 worst) gives level 6 - group, so custom moods need no mapping file. Months are 0-based; the local
time comes from year, month, day, hour and minute, and the zone offset is kept. An entry logged
without a time of day (`hour` and `minute` -1) takes its moment from `datetime` (epoch ms, UTC) plus
`timeZoneOffset`, when that falls on the entry's day, else 12:00 of the day. The entry's `id`
identifies it. Tag names come with their group. The backup also holds the app's PIN: it is never read
into a record, stored or logged.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any

import polars as pl

from independence.errors import ExportError
from independence.ingest.options import SourceOptions
from independence.ingest.reading.documents import Document, json_value
from independence.ingest.sources.frames import html_as_text, unescaped_entities
from independence.ingest.sources.rows import Rejected, date_problem, few, guarded, staged_frames, staged_row

PREDEFINED = {1: "rad", 2: "good", 3: "meh", 4: "bad", 5: "awful"}
_BACKUP_MEMBER = "backup.daylio"


def recognised_document(document: Document, options: SourceOptions = SourceOptions()) -> str | None:
    """Return 'Daylio backup' for a ZIP holding backup.daylio, else None."""
    if document.kind == "zip" and any(name.rsplit("/", 1)[-1] == _BACKUP_MEMBER for name in document.members):
        return "Daylio backup (.daylio)"
    return None


def backup_value(document: Document) -> dict:
    """Return the decoded backup JSON; raise naming the member when it is not base64 JSON."""
    name = next(name for name in document.members if name.rsplit("/", 1)[-1] == _BACKUP_MEMBER)
    where = f"{document.path}!{name}"
    try:
        decoded = base64.b64decode(b"".join(document.members[name].split()), validate=True)
    except (binascii.Error, ValueError):
        raise ExportError(where, "not base64 text; is this a Daylio backup?") from None
    value = json_value(decoded, where)
    if not isinstance(value, dict) or not isinstance(value.get("dayEntries"), list):
        raise ExportError(where, "decoded JSON has no dayEntries list; is this a Daylio backup?")
    return value


def _moods(value: dict) -> dict[Any, tuple[str, float]]:
    """Return mood id -> (label, level 1..5) from customMoods."""
    moods = {}
    for mood in value.get("customMoods") or []:
        group = mood.get("mood_group_id")
        if isinstance(group, int) and 1 <= group <= 5:
            label = (mood.get("custom_name") or "").strip() or PREDEFINED.get(mood.get("predefined_name_id"), "")
            moods[mood.get("id")] = (label or f"mood {mood.get('id')}", float(6 - group))
    return moods


def _tags(value: dict) -> dict[Any, dict]:
    """Return tag id -> {tag, tag_group} from tags and tag_groups."""
    groups = {group.get("id"): (group.get("name") or "").strip() for group in value.get("tag_groups") or []}
    return {
        tag.get("id"): {
            "tag": (tag.get("name") or "").strip(),
            "tag_group": groups.get(tag.get("id_tag_group")) or "activity",
        }
        for tag in value.get("tags") or []
        if (tag.get("name") or "").strip()
    }


def _offset(milliseconds: Any) -> str | None:
    """Return a zone offset like 'UTC+02:00' from milliseconds, or None."""
    if not isinstance(milliseconds, int):
        return None
    sign, minutes = ("+" if milliseconds >= 0 else "-"), abs(milliseconds) // 60000
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _moment(entry: dict) -> dt.datetime:
    """Return an entry's local time: its own fields, or for an untimed entry its `datetime` on that day.

    Raises KeyError, TypeError, ValueError or OverflowError when the fields cannot make a time.
    """
    day = dt.date(entry["year"], entry["month"] + 1, entry["day"])
    hour, minute = entry.get("hour", 0), entry.get("minute", 0)
    if (hour, minute) != (-1, -1):
        return dt.datetime.combine(day, dt.time(hour, minute))
    stamp, offset = entry.get("datetime"), entry.get("timeZoneOffset") or 0
    if isinstance(stamp, int) and isinstance(offset, int) and not isinstance(stamp, bool):
        local = dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=stamp + offset)
        if local.date() == day:
            return local.replace(microsecond=0)
    return dt.datetime.combine(day, dt.time(12))


def _entry(number: int, entry: Any, moods: dict[Any, tuple[str, float]], tags: dict[Any, dict]) -> dict | Rejected:
    """Return one day entry as a staged row, or why it cannot be one."""
    try:
        when = _moment(entry)
    except (KeyError, TypeError, ValueError, OverflowError):
        return Rejected(number, f"entry {number}: cannot read its date and time", _described(entry))
    if problem := date_problem(when.date()):
        return Rejected(number, f"entry {number}: {problem}", _described(entry))
    if entry.get("mood") not in moods:
        return Rejected(
            number, f"entry {number}: mood id {entry.get('mood')!r} is not in customMoods", _described(entry)
        )
    label, level = moods[entry["mood"]]
    return staged_row(
        number,
        when,
        tz=_offset(entry.get("timeZoneOffset")),
        mood_raw=label,
        mood_score=level,
        note_title=(entry.get("note_title") or "").strip() or None,
        note=entry.get("note") or None,
        tags=[tags[t] for t in dict.fromkeys(few(entry.get("tags"))) if t in tags],
        source_entry_id=entry.get("id"),
    )


def staged_document(document: Document, options: SourceOptions = SourceOptions()) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return canonical staged rows and the entries rejected with a reason (numbered as in dayEntries)."""
    value = backup_value(document)
    moods, tags = _moods(value), _tags(value)
    staged, rejected = staged_frames(
        guarded(_entry, number, entry, moods, tags) for number, entry in enumerate(value["dayEntries"], start=1)
    )
    notes = unescaped_entities(staged.select(html_as_text(pl.col("note")).alias("note")).to_series())
    return staged.with_columns(notes), rejected


def _described(entry: Any) -> str:
    """Return a rejected entry's date fields only (never its note), for the stored raw copy."""
    if not isinstance(entry, dict):
        return repr(entry)[:80]
    return ", ".join(f"{key}={entry.get(key)!r}" for key in ("id", "year", "month", "day", "hour", "minute", "mood"))
