"""The consent roster: `user_id, coach, cohort, consent, consent_date[, trajectory]`, one row per change.

A client's current consent is their latest row (by date, then by line): only `yes` dated on or
before today lets anything of theirs be read; `no` and `withdrawn` exclude them from every release.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from independence.errors import ConfigError, UserIdError
from independence.warehouse.users import validated_user_id

CONSENTS = ("yes", "no", "withdrawn")
REQUIRED = ("user_id", "coach", "cohort", "consent", "consent_date")
OPTIONAL = ("trajectory",)


@dataclass(frozen=True)
class RosterEntry:
    """One roster row: whose, which coach and cohort, the consent given on a date, trajectory sharing."""

    user_id: str
    coach: str
    cohort: str
    consent: str
    consent_date: dt.date | None
    trajectory: bool
    line: int


def _entry(path: Path, line: int, row: dict[str, str]) -> RosterEntry:
    """Return one validated roster row, or raise naming the file, line and problem."""
    where = f"{path.name}, line {line}"
    consent = row["consent"].strip().lower()
    if consent not in CONSENTS:
        raise ConfigError(f"{where}: consent must be one of {', '.join(CONSENTS)}, got {row['consent']!r}")
    text = row["consent_date"].strip()
    try:
        day = dt.date.fromisoformat(text) if text else None
    except ValueError:
        raise ConfigError(f"{where}: consent_date must be YYYY-MM-DD, got {text!r}") from None
    if day is None and consent != "no":
        raise ConfigError(f"{where}: consent '{consent}' needs its consent_date")
    try:
        user = validated_user_id(row["user_id"].strip())
    except UserIdError as error:
        raise ConfigError(f"{where}: {error}") from None
    if not row["coach"].strip():
        raise ConfigError(f"{where}: coach is empty")
    trajectory = (row.get("trajectory") or "no").strip().lower()
    if trajectory not in ("yes", "no"):
        raise ConfigError(f"{where}: trajectory must be yes or no, got {trajectory!r}")
    return RosterEntry(user, row["coach"].strip(), row["cohort"].strip(), consent, day, trajectory == "yes", line)


def read_roster(path: Path | str) -> list[RosterEntry]:
    """Return every row of a roster CSV, or raise naming the file, line and problem."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = [name.strip() for name in reader.fieldnames or []]
            missing = [name for name in REQUIRED if name not in header]
            unknown = [name for name in header if name not in REQUIRED + OPTIONAL]
            if missing or unknown:
                raise ConfigError(
                    f"{path.name}, line 1: the header needs {', '.join(REQUIRED)} (and may have trajectory); "
                    f"missing {missing or 'none'}, unknown {unknown or 'none'}"
                )
            reader.fieldnames = header
            return [_entry(path, number, row) for number, row in enumerate(reader, start=2)]
    except OSError as error:
        raise ConfigError(f"cannot read the roster {path}: {error.strerror}") from None


def consenting(
    entries: list[RosterEntry], coach: str, cohort: str | None = None, today: dt.date | None = None
) -> list[RosterEntry]:
    """Return the coach's clients (of one cohort, if given) whose latest roster row is a `yes` dated by today."""
    today = today or dt.date.today()
    latest: dict[str, RosterEntry] = {}
    for entry in sorted(entries, key=lambda e: (e.consent_date or dt.date.min, e.line)):
        if entry.consent_date is None or entry.consent_date <= today or entry.consent != "yes":
            latest[entry.user_id] = entry  # a withdrawal counts at once, even when dated ahead
    return sorted(
        (
            entry
            for entry in latest.values()
            if entry.consent == "yes" and entry.coach == coach and (cohort is None or entry.cohort == cohort)
        ),
        key=lambda entry: entry.user_id,
    )
