"""Apple Health State of Mind, as exported by the Health Auto Export app (JSON), into canonical rows.

Each State of Mind sample becomes one entry at its local start time (the zone offset kept as `tz`).
Apple's valence (-1 very unpleasant .. +1 very pleasant) gives the mood score 3 + 2 x valence
(1..5); when only `valenceClassification` is present (1..7, or snake_case words such as
`slightly_pleasant`), the score is 1 + (class - 1) x 4 / 6. Valence and class are kept as measures;
emotion labels become tags in group `emotion`, life-area associations (`partner`, `friends`,
`selfCare`, …) tags in group `association`, and the kind (momentary emotion or daily mood) a tag in
group `kind`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from independence.ingest.options import SourceOptions
from independence.ingest.reading.documents import Document
from independence.ingest.sources.rows import Rejected, date_problem, few, guarded, staged_frames, staged_row

CLASSES = {
    name: number
    for number, name in enumerate(
        [
            "very_unpleasant",
            "unpleasant",
            "slightly_unpleasant",
            "neutral",
            "slightly_pleasant",
            "pleasant",
            "very_pleasant",
        ],
        start=1,
    )
}


def samples(value: Any) -> list | None:
    """Return the stateOfMind list of a Health Auto Export document (top level or under `data`), or None."""
    if isinstance(value, dict):
        found = value.get("stateOfMind")
        if found is None and isinstance(value.get("data"), dict):
            found = value["data"].get("stateOfMind")
        return found if isinstance(found, list) else None
    return None


def recognised_document(document: Document, options: SourceOptions = SourceOptions()) -> str | None:
    """Return the format for a JSON document holding State of Mind samples, else None."""
    return "Apple Health State of Mind (Health Auto Export JSON)" if samples(document.value) is not None else None


def local_time(text: Any) -> tuple[dt.datetime, str] | None:
    """Return (local wall-clock time, 'UTC±HH:MM') from 'yyyy-MM-dd HH:mm:ss Z', or None."""
    try:
        stamp = dt.datetime.strptime(str(text).strip(), "%Y-%m-%d %H:%M:%S %z")
    except ValueError:
        return None
    offset = stamp.utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return stamp.replace(tzinfo=None), f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def classification(value: Any) -> int | None:
    """Return the valence class 1..7 from a number or a snake_case word, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and 1 <= value <= 7:
        return int(value)
    return CLASSES.get(str(value).strip().lower()) if value is not None else None


def scored(sample: dict) -> tuple[float, list[dict]] | None:
    """Return (mood score 1..5, measures) from valence or, failing that, the valence class."""
    valence, klass = sample.get("valence"), classification(sample.get("valenceClassification"))
    measures = [{"name": "valence_class", "value": float(klass), "value_max": 7.0}] if klass else []
    if isinstance(valence, int | float) and not isinstance(valence, bool) and -1 <= valence <= 1:
        return 3 + 2 * float(valence), [{"name": "valence", "value": float(valence), "value_max": 1.0}, *measures]
    if klass:
        return 1 + (klass - 1) * 4 / 6, measures
    return None


def tags_of(sample: dict) -> list[dict]:
    """Return labels, associations and kind as tags in their groups."""
    found = []
    for key, group in (("labels", "emotion"), ("associations", "association")):
        found += [{"tag": str(item).strip(), "tag_group": group} for item in few(sample.get(key)) if str(item).strip()]
    if sample.get("kind"):
        found.append({"tag": str(sample["kind"]).strip(), "tag_group": "kind"})
    return found


def judged_sample(number: int, sample: Any, noun: str, start_field: str) -> dict | Rejected:
    """Return a State of Mind sample as a staged row, or why it cannot be one; `noun`/`start_field` name it."""
    if not isinstance(sample, dict):
        return Rejected(number, f"{noun} {number}: not an object", repr(sample))
    when, score = local_time(sample.get("start")), scored(sample)
    shown = f"{start_field}={sample.get('start')!r}, valence={sample.get('valence')!r}"
    if when is None:
        return Rejected(number, f"{noun} {number}: cannot read {start_field} {sample.get('start')!r}", shown)
    if problem := date_problem(when[0].date()):
        return Rejected(number, f"{noun} {number}: {problem}", shown)
    if score is None:
        return Rejected(number, f"{noun} {number}: no valence from -1 to 1 and no valence class", shown)
    return staged_row(
        number,
        when[0],
        tz=when[1],
        mood_raw=str(sample.get("valenceClassification") or sample.get("valence")),
        mood_score=score[0],
        tags=tags_of(sample),
        measures=score[1],
    )


def staged_document(document: Document, options: SourceOptions = SourceOptions()) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return canonical staged rows and the samples rejected with a reason (numbered in file order)."""
    samples_found = samples(document.value)
    return staged_frames(
        guarded(judged_sample, n, sample, "sample", "start") for n, sample in enumerate(samples_found, start=1)
    )
