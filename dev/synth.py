"""Seeded synthetic exports: a persona's year of Daylio entries and weekly check-ins, with planted effects.

Mood follows an AR(1) day-to-day process; days are skipped more often when mood is low (gaps are not
random); effects such as the apart-vs-together gap or the conflict drop change linearly over the
persona's history so later analysis can be tested against known truth. Nothing here is real data.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from independence.ingest.sources.checkin.template import SIGNS, TEMPLATE_HEADER

DAYLIO_HEADER = ["full_date", "date", "weekday", "time", "mood", "activities", "scales", "note_title", "note"]
CUSTOM_MOOD_LEVELS = {"vaguely ok": 3, "sad": 2, "rested": 4}
_LABELS = {5: ["rad"], 4: ["good", "good", "good", "rested"], 3: ["vaguely ok"], 2: ["sad "], 1: ["awful"]}
_EVERYDAY = [
    "work",
    "friends",
    "family",
    "gym",
    "reading",
    "movies / tv",
    "🎨 painting",
    "meditation",
    "walk",
    "cooking",
    "music",
]
SAMPLE_NOTES = [
    "Long day at work.<br>Felt <b>better</b> after the gym.",
    "Dinner with friends, lots of laughs 😊",
    'We said "let\'s talk later", and we did.',
    "Quiet evening.\nRead two chapters & went to bed early.",
    "Planned the weekend by myself <i>and liked it</i>. [[weekend plans]]",
    "Tired, a bit low. Nothing special.",
]


@dataclass(frozen=True)
class PersonaSpec:
    """Parameters of one synthetic person; effects move linearly from *_start to *_end over the days."""

    seed: int = 7
    first_day: dt.date = dt.date(2025, 11, 3)
    days: int = 364
    base_mood: float = 3.4
    mood_sd: float = 0.7
    day_correlation: float = 0.6
    skip_rate: float = 0.12
    low_mood_skip_extra: float = 0.25
    break_start: int = 150
    break_days: int = 9
    apart_gap_start: float = -1.0
    apart_gap_end: float = 0.0
    conflict_rate: float = 0.1
    conflict_drop_start: float = 1.6
    conflict_drop_end: float = 0.8
    calm_share_start: float = 0.3
    calm_share_end: float = 0.7
    checkin_trend_per_week: float = 0.02


def _daily_mood(spec: PersonaSpec, rng: np.random.Generator) -> np.ndarray:
    """Return the latent mood per day: base plus AR(1) noise with the spec's day-to-day correlation."""
    rho = spec.day_correlation
    shocks = rng.normal(0, spec.mood_sd * np.sqrt(1 - rho**2), spec.days)
    noise = np.empty(spec.days)
    noise[0] = rng.normal(0, spec.mood_sd)
    for day in range(1, spec.days):
        noise[day] = rho * noise[day - 1] + shocks[day]
    return spec.base_mood + noise


def _progress(spec: PersonaSpec) -> np.ndarray:
    """Return each day's position in the history, 0 on the first day and 1 on the last."""
    return np.linspace(0.0, 1.0, spec.days)


def _time_label(rng: np.random.Generator, minute_of_day: int) -> str:
    """Return a Daylio time, mostly 12-hour ('6:50 pm'), sometimes 24-hour ('18:50')."""
    hour, minute = divmod(minute_of_day, 60)
    if rng.random() < 0.15:
        return f"{hour:02d}:{minute:02d}"
    return f"{(hour % 12) or 12}:{minute:02d} {'am' if hour < 12 else 'pm'}"


def _day_entries(spec: PersonaSpec, rng: np.random.Generator, day: int, mood: float, t: float) -> list[dict]:
    """Return one day's entries: times, mood levels and activities shaped by the day's situation."""
    situation = rng.choice(["together", "alone", "apart"], p=[0.6, 0.28, 0.12])
    gap = spec.apart_gap_start + (spec.apart_gap_end - spec.apart_gap_start) * t
    day_mood = mood + (gap if situation != "together" else 0.0)
    count = int(rng.choice([1, 2, 3], p=[0.45, 0.4, 0.15]))
    minutes = np.sort(rng.choice(np.arange(7 * 60, 23 * 60), size=count, replace=False))
    conflict_at = int(rng.integers(count)) if rng.random() < spec.conflict_rate else -1
    entries = []
    for index, minute in enumerate(minutes):
        tags = {"together": ["partner"], "alone": ["alone"], "apart": ["partner away"]}[situation][:]
        if situation == "together" and rng.random() < 0.15:
            tags.append("date night")
        if situation == "alone" and rng.random() < 0.3:
            tags.append("me time")
        tags += list(rng.choice(_EVERYDAY, size=int(rng.integers(0, 3)), replace=False))
        level = day_mood + rng.normal(0, 0.4)
        if index == conflict_at:
            level -= spec.conflict_drop_start + (spec.conflict_drop_end - spec.conflict_drop_start) * t
            calm = rng.random() < spec.calm_share_start + (spec.calm_share_end - spec.calm_share_start) * t
            tags += ["argument", "talked it through" if calm else "yelled"]
        if rng.random() < 0.05:
            tags.append("said no")
        if rng.random() < 0.05:
            tags.append("made a decision")
        entries.append({"minute": int(minute), "level": int(np.clip(np.rint(level), 1, 5)), "tags": tags})
    return entries


def daylio_rows(spec: PersonaSpec = PersonaSpec()) -> list[dict]:
    """Return the persona's Daylio entries, newest first, as dicts keyed by the newest CSV header."""
    rng = np.random.default_rng(spec.seed)
    moods, progress = _daily_mood(spec, rng), _progress(spec)
    rows = []
    for day in range(spec.days):
        on_break = spec.break_start <= day < spec.break_start + spec.break_days
        skip = spec.skip_rate + (spec.low_mood_skip_extra if moods[day] < spec.base_mood - 0.5 else 0.0)
        if on_break or rng.random() < skip:
            continue
        date = spec.first_day + dt.timedelta(days=day)
        for number, entry in enumerate(_day_entries(spec, rng, day, moods[day], progress[day])):
            has_note = rng.random() < 0.3
            rows.append(
                {
                    "full_date": date.isoformat(),
                    "date": f"{date.day} {date:%B}",
                    "weekday": f"{date:%A}",
                    "time": _time_label(rng, entry["minute"]),
                    "mood": str(rng.choice(_LABELS[entry["level"]])),
                    "activities": " | ".join(entry["tags"]),
                    "scales": f"Sleep Quality: {int(rng.integers(3, 11))}/10 points"
                    if number == 0 and rng.random() < 0.5
                    else "",
                    "note_title": "Evening" if has_note and rng.random() < 0.3 else "",
                    "note": str(rng.choice(SAMPLE_NOTES)) if has_note else "",
                }
            )
    return rows[::-1]


def checkin_rows(spec: PersonaSpec = PersonaSpec()) -> list[dict]:
    """Return the persona's weekly check-ins (Sundays): the six signs rated 1..5, a few left blank."""
    rng = np.random.default_rng(spec.seed + 1)
    first_sunday = spec.first_day + dt.timedelta(days=(6 - spec.first_day.weekday()) % 7)
    rows = []
    for week in range(spec.days // 7):
        if rng.random() < 0.15:
            continue
        row = {"date": (first_sunday + dt.timedelta(weeks=week)).isoformat(), "note": ""}
        for offset, sign in enumerate(SIGNS):
            value = 2.6 + 0.1 * offset + spec.checkin_trend_per_week * week + rng.normal(0, 0.6)
            row[sign] = "" if rng.random() < 0.05 else str(int(np.clip(np.rint(value), 1, 5)))
        if rng.random() < 0.2:
            row["note"] = "Harder week; we talked, I kept my plans."
        rows.append(row)
    return rows


def csv_text(header: list[str], rows: list[dict], *, bom: bool = False, quote_all: bool = False) -> str:
    """Return rows as CSV text; `quote_all` quotes every field as newer Daylio exports do."""
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=header, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL, lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" if bom else "") + buffer.getvalue()


def write_samples(directory: Path | str, spec: PersonaSpec = PersonaSpec()) -> list[Path]:
    """Write the demo persona's Daylio export, mood map, check-ins and an empty check-in template."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    last_day = spec.first_day + dt.timedelta(days=spec.days - 1)
    files = {
        f"daylio_export_{last_day:%Y_%m_%d}.csv": csv_text(DAYLIO_HEADER, daylio_rows(spec), bom=True, quote_all=True),
        "moods.toml": "# Levels for the demo persona's custom Daylio moods (5 best .. 1 worst).\n"
        + "".join(f'"{label}" = {level}\n' for label, level in CUSTOM_MOOD_LEVELS.items()),
        "checkins.csv": csv_text(TEMPLATE_HEADER, checkin_rows(spec)),
        "checkin_template.csv": csv_text(TEMPLATE_HEADER, []),
    }
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return [directory / name for name in files]


def bulk_daylio_frame(rows: int, seed: int = 1) -> pl.DataFrame:
    """Return `rows` random Daylio entries over ten years (default moods), built without a row loop."""
    rng = np.random.default_rng(seed)
    days = rng.integers(0, 3650, rows)
    dates = pl.Series(np.datetime64("2015-01-01") + days.astype("timedelta64[D]")).cast(pl.Date)
    hours, minutes = rng.integers(0, 24, rows), rng.integers(0, 60, rows)
    twelve = pl.Series(np.where(hours % 12 == 0, 12, hours % 12)).cast(pl.String)
    activities = np.array(
        [" | ".join(rng.choice(_EVERYDAY + ["partner", "alone", "argument"], 3, replace=False)) for _ in range(64)]
    )
    notes = np.array(SAMPLE_NOTES + [""] * 6)
    return pl.DataFrame(
        {
            "full_date": dates.dt.to_string("%Y-%m-%d"),
            "date": dates.dt.to_string("%-d %B"),
            "weekday": dates.dt.to_string("%A"),
            "time": twelve
            + ":"
            + pl.Series(minutes).cast(pl.String).str.zfill(2)
            + pl.Series(np.where(hours < 12, " am", " pm")),
            "mood": pl.Series(np.array(["awful", "bad", "meh", "good", "rad"])[rng.integers(0, 5, rows)]),
            "activities": pl.Series(activities[rng.integers(0, 64, rows)]),
            "scales": pl.Series(np.where(rng.random(rows) < 0.3, "Sleep Quality: 7/10 points", "")),
            "note_title": pl.Series(np.where(rng.random(rows) < 0.1, "Evening", "")),
            "note": pl.Series(notes[rng.integers(0, len(notes), rows)]),
        }
    )


def write_bulk_daylio(path: Path | str, rows: int, seed: int = 1) -> Path:
    """Write a large newest-era Daylio CSV (UTF-8 with BOM) of `rows` random entries; return its path."""
    path = Path(path)
    frame = bulk_daylio_frame(rows, seed)
    frame.write_csv(path, include_bom=True, quote_style="non_numeric")
    return path
