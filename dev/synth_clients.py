"""A synthetic coaching practice: clients' exports from different apps, check-ins and a consent roster.

Each client is a persona of `dev.synth` over 26 weeks (their own seed, mood, apart gap,
conflicts and logging gaps), exported as Daylio CSV or How We Feel CSV, half of them with weekly
check-ins. `marked=True` gives every client a unique tag, note and mood label, so tests can search
the coach's release for any trace of them. Nothing here is real data.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dev.synth import (
    CUSTOM_MOOD_LEVELS,
    DAYLIO_HEADER,
    TEMPLATE_HEADER,
    PersonaSpec,
    checkin_rows,
    csv_text,
    daylio_rows,
)

FIRST_DAY = dt.date(2026, 5, 4)  # a Monday
DAYS = 26 * 7
ROSTER_HEADER = ["user_id", "coach", "cohort", "consent", "consent_date", "trajectory"]
HOWWEFEEL_HEADER = ["Date", "Mood", "Tags (People)", "Tags (Places)", "Tags (Events)", "Notes"]
# How We Feel exports emotion words, not numbers: mixes whose mean valence gives the Daylio level back
# (3 + 1.5 x mean valence: 4.5, 3.5, 3.0, 2.5, 1.5).
HOWWEFEEL_WORDS = {
    5: "Joyful;Grateful",
    4: "Content;Calm;Tired",
    3: "Content;Tired",
    2: "Anxious;Tired;Calm",
    1: "Anxious;Sad",
}
PEOPLE = {"partner": "Partner", "alone": "By Myself"}


@dataclass(frozen=True)
class Client:
    """One roster row and how the client's data is exported."""

    user_id: str
    coach: str
    cohort: str
    consent: str
    consent_date: str
    trajectory: str
    app: str
    checkins: bool
    seed: int


def practice_clients(count: int = 36, seed: int = 11, prefix: str = "client") -> list[Client]:
    """Return a coach's clients: two cohorts, mostly consenting, three who said no and three who withdrew.

    Two more clients belong to another coach. Daylio and How We Feel alternate; every other client
    also sends weekly check-ins; a third agree to their trajectory being followed under a pseudonym.
    """
    rng = np.random.default_rng(seed)
    consents = ["yes"] * (count - 6) + ["no"] * 3 + ["withdrawn"] * 3
    order = rng.permutation(count)
    clients = []
    for number in range(count + 2):
        consent = consents[order[number]] if number < count else "yes"
        day = FIRST_DAY - dt.timedelta(days=int(rng.integers(10, 60)))
        if consent == "withdrawn":
            day = FIRST_DAY + dt.timedelta(days=int(rng.integers(100, 170)))
        clients.append(
            Client(
                user_id=f"{prefix}-{number + 1:02d}",
                coach="Robin" if number < count else "Sam",
                cohort="spring" if number % 2 == 0 else "autumn",
                consent=consent,
                consent_date=day.isoformat(),
                trajectory="yes" if number % 3 == 0 else "no",
                app="daylio" if number % 2 == 0 else "howwefeel",
                checkins=number % 4 in (0, 1),
                seed=seed * 1000 + number,
            )
        )
    return clients


def client_persona(client: Client) -> PersonaSpec:
    """Return the client's persona over the 26 weeks: their own mood, gap, conflicts and break."""
    rng = np.random.default_rng(client.seed)
    return dataclasses.replace(
        PersonaSpec(),
        seed=client.seed,
        first_day=FIRST_DAY,
        days=DAYS,
        base_mood=float(rng.uniform(3.0, 3.9)),
        apart_gap_start=float(rng.uniform(-1.3, -0.5)),
        apart_gap_end=float(rng.uniform(-0.4, 0.2)),
        conflict_rate=float(rng.uniform(0.04, 0.2)),
        break_start=int(rng.integers(10, DAYS - 20)),
        break_days=int(rng.integers(0, 12)),
    )


def _marked_rows(rows: list[dict], marker: str) -> list[dict]:
    """Return Daylio rows carrying the client's own tag, note and mood label (for leak searches)."""
    marked = []
    for number, row in enumerate(rows):
        row = dict(row)
        if number % 4 == 0:
            row["activities"] = " | ".join(filter(None, [row["activities"], f"tag{marker}"]))
            row["note"] = f"private note {marker} about the week"
        if number % 5 == 0 and row["mood"].strip() in ("vaguely ok", "good"):
            row["mood"] = f"mood{marker}"
        marked.append(row)
    return marked


def _minute(label: str) -> int:
    """Return the minute of the day of a Daylio time label ('9:40 pm' or '21:40')."""
    clock, _, half = label.partition(" ")
    hours, minutes = (int(part) for part in clock.split(":"))
    if half:
        hours = hours % 12 + (12 if half == "pm" else 0)
    return hours * 60 + minutes


def howwefeel_rows(rows: list[dict], levels: dict[str, int]) -> list[dict]:
    """Return Daylio rows as How We Feel rows: emotion words for the level, people and event tags."""
    converted = []
    for row in rows:
        day = dt.date.fromisoformat(row["full_date"])
        minute = _minute(row["time"])
        hour = minute // 60 % 12 or 12
        tags = [tag for tag in row["activities"].split(" | ") if tag]
        converted.append(
            {
                "Date": f"{day:%Y %a %b} {day.day} {hour}:{minute % 60:02d} {'PM' if minute >= 720 else 'AM'}",
                "Mood": HOWWEFEEL_WORDS[levels[row["mood"].strip()]],
                "Tags (People)": ";".join(PEOPLE[tag] for tag in tags if tag in PEOPLE),
                "Tags (Places)": "",
                "Tags (Events)": ";".join(tag for tag in tags if tag not in PEOPLE),
                "Notes": row["note"],
            }
        )
    return converted


def write_practice(directory: Path | str, clients: list[Client], *, marked: bool = False) -> dict[str, list[Path]]:
    """Write every client's exports, the shared moods.toml and roster.csv; return each client's files."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    levels = dict(CUSTOM_MOOD_LEVELS) | {"rad": 5, "good": 4, "awful": 1, "sad": 2}
    written: dict[str, list[Path]] = {}
    for client in clients:
        spec = client_persona(client)
        rows = daylio_rows(spec)
        marker = f"{client.seed:x}z"
        if marked:
            rows = _marked_rows(rows, marker)
            levels[f"mood{marker}"] = 4
        if client.app == "daylio":
            path = directory / f"{client.user_id}-daylio.csv"
            path.write_text(csv_text(DAYLIO_HEADER, rows, quote_all=True), encoding="utf-8")
        else:
            path = directory / f"{client.user_id}-howwefeel.csv"
            path.write_text(csv_text(HOWWEFEEL_HEADER, howwefeel_rows(rows, levels)), encoding="utf-8")
        written[client.user_id] = [path]
        if client.checkins:
            checkins = directory / f"{client.user_id}-checkins.csv"
            checkins.write_text(csv_text(TEMPLATE_HEADER, checkin_rows(spec)), encoding="utf-8")
            written[client.user_id].append(checkins)
    moods = "".join(f"{json.dumps(label)} = {level}\n" for label, level in levels.items() if label.strip() == label)
    (directory / "moods.toml").write_text("# Levels of the clients' custom Daylio moods.\n" + moods, encoding="utf-8")
    roster = [{name: getattr(client, name) for name in ROSTER_HEADER} for client in clients]
    (directory / "roster.csv").write_text(csv_text(ROSTER_HEADER, roster), encoding="utf-8")
    return written


def consenting_roster(path: Path | str, users: list[str], coach: str, cohort: str) -> Path:
    """Write a roster in which every user consented (on FIRST_DAY) to one coach's cohort; return its path."""
    rows = [
        {
            "user_id": user,
            "coach": coach,
            "cohort": cohort,
            "consent": "yes",
            "consent_date": FIRST_DAY.isoformat(),
            "trajectory": "no",
        }
        for user in users
    ]
    Path(path).write_text(csv_text(ROSTER_HEADER, rows), encoding="utf-8")
    return Path(path)
