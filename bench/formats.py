"""Benchmark: parser throughput per app format (parse and stage only, no warehouse load).

Generates a synthetic export per format (N rows for CSV formats, default 500,000; N / 5 records for
the JSON and ZIP formats, which are read whole) and prints rows/s of `stage_export`.
Usage: python -m bench.formats [ROWS]; figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import base64
import json
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np
import polars as pl

from independence.ingest.options import SourceOptions, form_columns
from independence.ingest.parts import stage_export
from independence.ingest.sources.howwefeel.csv_export import EMOTIONS


def howwefeel_export(path: Path, rows: int, seed: int = 1) -> Path:
    """Write a How We Feel CSV of `rows` entries: 1-3 emotion words, people/places/events, notes."""
    rng = np.random.default_rng(seed)
    stamps = np.datetime64("2020-01-01T00:00") + rng.integers(0, 6 * 365 * 1440, rows).astype("timedelta64[m]")
    dates = pl.Series(stamps.astype("datetime64[us]")).dt.to_string("%Y %a %b %-d %-I:%M %p")
    words = EMOTIONS["word"].str.to_titlecase().to_numpy()
    moods = [";".join(rng.choice(words, int(count), replace=False)) for count in rng.integers(1, 4, 2048)]
    people = np.array(["Partner", "By Myself", "Family", "Friends", "Partner;Family", ""])
    frame = pl.DataFrame(
        {
            "Date": dates,
            "Mood": np.array(moods)[rng.integers(0, len(moods), rows)],
            "Tags (People)": people[rng.integers(0, len(people), rows)],
            "Tags (Places)": np.array(["Home", "Work", "Outside", ""])[rng.integers(0, 4, rows)],
            "Tags (Events)": np.array(["Cooking", "Argument", "Exercise", ""])[rng.integers(0, 4, rows)],
            "Exercise": np.array(["30", "", "45", ""])[rng.integers(0, 4, rows)],
            "Sleep": np.array(["7.5", "6", "", "8"])[rng.integers(0, 4, rows)],
            "Notes": np.array(["Good talk tonight.", "", "Long day; tired.", ""])[rng.integers(0, 4, rows)],
        }
    )
    frame.write_csv(path)
    return path


def bearable_export(path: Path, rows: int, seed: int = 2) -> Path:
    """Write a Bearable CSV (newer header) of `rows` rows: moods, factors, energy, sleep and symptoms."""
    rng = np.random.default_rng(seed)
    days = pl.Series(np.datetime64("2020-01-01") + rng.integers(0, 6 * 365, rows).astype("timedelta64[D]"))
    suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}
    day_numbers = days.dt.day()
    display = (
        day_numbers.cast(pl.String)
        + day_numbers.replace_strict(suffix, default="th", return_dtype=pl.String)
        + days.dt.to_string(" %b %Y")
    )
    categories = np.array(["Mood", "Mood", "Factors", "Energy", "Sleep", "Symptom"])
    category = categories[rng.integers(0, len(categories), rows)]
    details = {
        "Mood": np.array(["Calm | Hopeful", "Anxious", "Content", "Tired | Sad", ""]),
        "Factors": np.array(["With partner | Gym", "With family | 🖥️ Video Calls - Moderate", "Alone time"]),
        "Energy": np.array([""]),
        "Sleep": np.array([""]),
        "Symptom": np.array(["Headache (Mild)", "Fatigue (Moderate)"]),
    }
    amounts = {"Mood": None, "Factors": "", "Energy": "3", "Sleep": "7:30", "Symptom": ""}
    detail = np.array([details[c][rng.integers(0, len(details[c]))] for c in category[:4096]])[np.arange(rows) % 4096]
    category = category[np.arange(rows) % 4096]
    amount = np.where(
        category == "Mood", rng.integers(1, 11, rows).astype(str), [amounts.get(c) or "" for c in category]
    )
    frame = pl.DataFrame(
        {
            "date": display,
            "date formatted": days.dt.to_string("%Y-%m-%d"),
            "weekday": days.dt.to_string("%A"),
            "time of day": np.array(["9:30", "pm", "am", "all day", "mid", "21:05"])[rng.integers(0, 6, rows)],
            "category": category,
            "rating/amount": amount,
            "detail": detail,
            "notes": np.array(["", "", "Argument about chores", "(Synced)"])[rng.integers(0, 4, rows)],
        }
    )
    frame.write_csv(path, quote_style="always")
    return path


def _days(rows: int, rng: np.random.Generator) -> np.ndarray:
    """Return `rows` random minutes since 2020 as numpy datetimes."""
    return np.datetime64("2020-01-01T00:00") + rng.integers(0, 6 * 365 * 1440, rows).astype("timedelta64[m]")


def pixels_export(path: Path, rows: int, seed: int = 3) -> Path:
    """Write a Pixels JSON of `rows` days with one or two scores, notes and tags."""
    rng = np.random.default_rng(seed)
    days = [str(np.datetime64("1995-01-01") + np.timedelta64(int(d) % 11000, "D")) for d in range(rows)]
    value = [
        {
            "date": "-".join(str(int(part)) for part in day.split("-")),
            "type": "Mood",
            "scores": [int(s) for s in rng.integers(1, 6, int(rng.integers(1, 3)))],
            "notes": "Quiet day with friends",
            "tags": [{"type": "Emotions", "entries": ["calm", "happy"]}],
        }
        for day in days
    ]
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def daylio_backup_export(path: Path, rows: int, seed: int = 4) -> Path:
    """Write a Daylio backup ZIP of `rows` entries (base64 JSON with custom moods and tags)."""
    rng = np.random.default_rng(seed)
    stamps = _days(rows, rng).astype(object)
    value = {
        "customMoods": [{"id": i, "custom_name": "", "mood_group_id": i, "predefined_name_id": i} for i in range(1, 6)],
        "tag_groups": [{"id": 1, "name": "People"}],
        "tags": [{"id": 1, "name": "partner", "id_tag_group": 1}, {"id": 2, "name": "alone", "id_tag_group": 1}],
        "dayEntries": [
            {
                "id": n,
                "year": t.year,
                "month": t.month - 1,
                "day": t.day,
                "hour": t.hour,
                "minute": t.minute,
                "mood": int(m),
                "note": "Long day<br>ok",
                "note_title": "",
                "tags": [int(g)],
                "timeZoneOffset": 3600000,
            }
            for n, (t, m, g) in enumerate(zip(stamps, rng.integers(1, 6, rows), rng.integers(1, 3, rows)))
        ],
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("backup.daylio", base64.encodebytes(json.dumps(value).encode()))
    return path


def applehealth_export(path: Path, rows: int, seed: int = 5) -> Path:
    """Write a Health Auto Export JSON with `rows` State of Mind samples."""
    rng = np.random.default_rng(seed)
    stamps = _days(rows, rng).astype(object)
    samples = [
        {
            "start": f"{t:%Y-%m-%d %H:%M:%S} -0500",
            "kind": "daily_mood",
            "labels": ["calm"],
            "associations": ["partner"],
            "valence": round(float(v), 2),
            "valenceClassification": "neutral",
        }
        for t, v in zip(stamps, rng.uniform(-1, 1, rows))
    ]
    path.write_text(json.dumps({"data": {"stateOfMind": samples}}), encoding="utf-8")
    return path


def dayone_export(path: Path, rows: int, seed: int = 6) -> Path:
    """Write a Day One ZIP with one journal of `rows` entries."""
    rng = np.random.default_rng(seed)
    stamps = _days(rows, rng).astype(object)
    entries = [
        {
            "uuid": str(n),
            "creationDate": f"{t:%Y-%m-%dT%H:%M:%S}Z",
            "timeZone": "Europe/Paris",
            "text": "Date night\\! We talked it through.",
            "tags": ["partner"],
        }
        for n, t in enumerate(stamps)
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Journal.json", json.dumps({"metadata": {"version": "1.0"}, "entries": entries}))
    return path


def moodistory_export(path: Path, rows: int, seed: int = 7) -> Path:
    """Write a Moodistory JSON of `rows` items on a 5-point scale."""
    rng = np.random.default_rng(seed)
    epochs = (np.datetime64("2020-01-01") - np.datetime64("1970-01-01")).astype("timedelta64[s]").astype(int)
    value = [
        {
            "date": int(epochs + s),
            "datetimezoneid": "Europe/Vienna",
            "mood": int(m),
            "notes": "ok",
            "events": [{"name": "Climbing", "categoryName": "Hobbies"}],
        }
        for s, m in zip(rng.integers(0, 6 * 365 * 86400, rows), rng.integers(1, 6, rows))
    ]
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def journey_export(path: Path, rows: int, seed: int = 8) -> Path:
    """Write a Journey ZIP of `rows` entry JSON files."""
    rng = np.random.default_rng(seed)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, (ms, mood) in enumerate(zip(rng.integers(1.58e12, 1.75e12, rows), rng.integers(0, 6, rows))):
            entry = {
                "date_journal": int(ms),
                "timezone": "Europe/Berlin",
                "text": "<p>Made a decision</p>",
                "mood": int(mood),
                "tags": ["work"],
            }
            archive.writestr(f"{number}.json", json.dumps(entry))
    return path


def obsidian_notes_export(path: Path, rows: int, seed: int = 9) -> Path:
    """Write a vault ZIP of `rows` daily notes with front matter."""
    rng = np.random.default_rng(seed)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, mood in enumerate(rng.integers(1, 6, rows)):
            day = np.datetime64("1995-01-01") + np.timedelta64(number % 11000, "D")
            archive.writestr(f"Daily/{number}-{day}.md", f"---\nmood: {mood}\ntags: [gym, friends]\n---\nA day.\n")
    return path


def form_export(path: Path, rows: int, seed: int = 10) -> Path:
    """Write a Google Forms CSV of `rows` weekly check-ins (for the column map in tests/fixtures/forms)."""
    rng = np.random.default_rng(seed)
    stamps = pl.Series(_days(rows, rng).astype("datetime64[us]")).dt.to_string("%Y/%m/%d %-I:%M:%S %p GMT+2")
    pl.DataFrame(
        {
            "Timestamp": stamps,
            "How comfortable were you on your own this week?": rng.integers(1, 6, rows).astype(str),
            "How calmly did you handle disagreements?": rng.integers(1, 6, rows).astype(str),
            "Anything else?": np.array(["", "Good week"])[rng.integers(0, 2, rows)],
        }
    ).write_csv(path)
    return path


def applehealth_csv_export(path: Path, rows: int, seed: int = 11) -> Path:
    """Write a Health Auto Export State of Mind CSV of `rows` samples."""
    rng = np.random.default_rng(seed)
    starts = pl.Series(_days(rows, rng).astype("datetime64[us]")).dt.to_string("%Y-%m-%d %H:%M:%S -0500")
    pl.DataFrame(
        {
            "Start": starts,
            "Kind": "daily_mood",
            "Labels": np.array(["calm, grateful", "anxious", ""])[rng.integers(0, 3, rows)],
            "Associations": np.array(["partner; selfCare", "work", "friends"])[rng.integers(0, 3, rows)],
            "Valence": np.round(rng.uniform(-1, 1, rows), 2).astype(str),
        }
    ).write_csv(path)
    return path


def main(rows: int) -> None:
    """Print parse-and-stage throughput for each generated format."""
    with tempfile.TemporaryDirectory() as scratch:
        formats = (
            ("How We Feel CSV", howwefeel_export, rows),
            ("Bearable CSV", bearable_export, rows),
            ("Pixels JSON", pixels_export, rows // 5),
            ("Daylio backup", daylio_backup_export, rows // 5),
            ("Apple Health JSON", applehealth_export, rows // 5),
            ("Day One ZIP", dayone_export, rows // 5),
            ("Moodistory JSON", moodistory_export, rows // 5),
            ("Journey ZIP", journey_export, rows // 50),
            ("Obsidian daily notes ZIP", obsidian_notes_export, rows // 50),
            ("Form CSV (column map)", form_export, rows),
            ("Apple Health CSV", applehealth_csv_export, rows),
        )
        options = SourceOptions(columns=form_columns(Path(__file__).parents[1] / "tests/fixtures/forms/columns.toml"))
        for name, write, count in formats:
            path = write(Path(scratch) / name.replace(" ", "_"), count)
            started = time.perf_counter()
            staged = stage_export(path, options=options)
            seconds = time.perf_counter() - started
            staged.discard()
            size = path.stat().st_size / 1e6
            print(
                f"{name}: {count:,} records, {size:.0f} MB, staged {staged.rows_staged:,} in {seconds:.2f} s "
                f"({staged.rows_read / seconds:,.0f} rows/s), rejected {staged.rows_rejected:,}"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500_000)
