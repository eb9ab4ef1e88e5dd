"""Turn records built in Python (from JSON, ZIP, XML and note exports) into the canonical frames."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import polars as pl

from independence.errors import shortened
from independence.ingest.records import MAX_TAGS, RAW_LINE_CHARS, REJECT_SCHEMA, STAGED_SCHEMA, in_range

# What a record of unexpected shape raises inside a parser (a list where a number belongs, a date in
# year 9999, NaN, a nesting deeper than Python recurses): the record is rejected, the others still load.
RECORD_ERRORS = (
    TypeError,
    ValueError,
    KeyError,
    IndexError,
    AttributeError,
    ArithmeticError,
    OSError,
    RecursionError,
)
TEXT_FIELDS = ("tz", "mood_raw", "note_title", "note", "source_entry_id")
MAX_TEXT = 1_000_000  # characters of one note; a longer field is a broken export, not a diary entry


class TooManyItems(ValueError):
    """A record's list (of tags, events, labels) is longer than any entry holds: the record is rejected."""


def few(items: object) -> list:
    """Return a record's list of tags (or tag groups), [] for none; raise TooManyItems past MAX_TAGS items.

    Checked before each item becomes a staged tag: a list of millions would need gigabytes to stage.
    """
    if not isinstance(items, list):
        return []
    if len(items) > MAX_TAGS:
        raise TooManyItems(f"a list of {len(items):,} tags (an entry holds at most {MAX_TAGS:,})")
    return items


def staged_row(
    line: int,
    logged_at_local: dt.datetime,
    *,
    tz: str | None = None,
    mood_raw: str | None = None,
    mood_score: float | None = None,
    note_title: str | None = None,
    note: str | None = None,
    tags: list[dict] | None = None,
    measures: list[dict] | None = None,
    source_entry_id: object = None,
) -> dict:
    """Return one staged record with the canonical fields, empty where the app has nothing.

    `source_entry_id` is the app's own id of the entry, when it gives one (kept as text).
    """
    return {
        "line": line,
        "logged_at_local": logged_at_local,
        "tz": tz,
        "mood_raw": mood_raw,
        "mood_score": mood_score,
        "note_title": note_title,
        "note": note,
        "tags": tags or [],
        "measures": measures or [],
        "source_entry_id": None if source_entry_id is None else str(source_entry_id)[:200],
    }


@dataclass(frozen=True)
class Rejected:
    """A record that cannot be an entry: its number, the reason, and what of it may be stored (never a note)."""

    number: int
    reason: str
    shown: str = ""


def unreadable(number: int, error: Exception) -> Rejected:
    """Return a record rejected because a value of unexpected shape broke its parsing (one of RECORD_ERRORS)."""
    if isinstance(error, TooManyItems):
        return Rejected(number, f"entry {number} holds {error}")
    kind = "nested too deep" if isinstance(error, RecursionError) else type(error).__name__
    return Rejected(number, f"entry {number} holds a value of unexpected type or range ({kind}: {shortened(error)})")


def guarded(build: Callable[..., dict | Rejected], number: int, *record: object) -> dict | Rejected:
    """Return build(number, *record), or the record rejected when a value of unexpected shape breaks it."""
    try:
        return build(number, *record)
    except RECORD_ERRORS as error:
        return unreadable(number, error)


def row_problem(row: dict) -> str | None:
    """Return why a staged row cannot be stored (a time out of range, a score outside 1..5, a field of the wrong
    type), or None. The last check before any row becomes a frame, whatever the parser."""
    when = row.get("logged_at_local")
    if not isinstance(when, dt.datetime) or not in_range(when.date()):
        return f"time {shortened(when, 40)} is not a date between 1990 and tomorrow"
    score = row.get("mood_score")
    if score is not None and (isinstance(score, bool) or not isinstance(score, int | float) or not 1 <= score <= 5):
        return f"mood score {shortened(score, 40)} is not a number from 1 to 5"
    for name in TEXT_FIELDS:
        value = row.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > MAX_TEXT):
            return f"{name} is not text of at most {MAX_TEXT:,} characters"
    if len(row.get("tags") or []) > MAX_TAGS:
        return f"{len(row['tags']):,} tags (an entry holds at most {MAX_TAGS:,})"
    for tag in row.get("tags") or []:
        if not isinstance(tag, dict) or not all(isinstance(tag.get(key), str | None) for key in ("tag", "tag_group")):
            return "a tag is not text"
    for measure in row.get("measures") or []:
        value = measure.get("value") if isinstance(measure, dict) else None
        if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
            return "a measure is not a finite number"
    return None


def staged_frames(records: Iterable[dict | Rejected]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return a parser's records as staged rows (STAGED_SCHEMA) and its rejects (REJECT_SCHEMA).

    A parser yields, record by record, a staged row (`staged_row`) or a `Rejected` (wrapping each
    record's parsing in `guarded`): bad records are values, not crashes, and the good ones still
    load. Every row is checked against the schema's ranges here, whatever parser made it.
    """
    rows, rejects = [], []
    for record in records:
        if not isinstance(record, Rejected) and (problem := row_problem(record)):
            record = Rejected(record["line"], f"entry {record['line']}: {problem}")
        if isinstance(record, Rejected):
            rejects.append((record.number, record.reason, record.shown[:RAW_LINE_CHARS]))
        else:
            rows.append(record)
    staged = pl.DataFrame(rows, schema=STAGED_SCHEMA) if rows else pl.DataFrame(schema=STAGED_SCHEMA)
    return staged, pl.DataFrame(rejects, schema=REJECT_SCHEMA, orient="row")


def date_problem(day: dt.date) -> str | None:
    """Return why a record's day cannot be an entry (before 1990 or after tomorrow: a typo), or None."""
    return None if in_range(day) else f"date {day} is out of range (1990 to tomorrow)"


def rating_problem(
    value: object, name: str, low: float, high: float, hint: str = "", whole: bool = False
) -> str | None:
    """Return why a rating is unusable ('moodRating 9 is not 1..5', plus a hint), or None for a number in range.

    `whole` asks for a whole number.
    """
    kinds = int if whole else int | float
    if isinstance(value, bool) or not isinstance(value, kinds) or not low <= value <= high:
        return f"{name} {shortened(repr(value), 60)} is not {low:g}..{high:g}{hint}"
    return None
