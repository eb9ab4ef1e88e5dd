"""Many synthetic personas at once, built without a per-row loop, loaded straight into a warehouse.

Used to prove the statistics honest: null personas carry no change at all (a constant apart gap, a
constant conflict drop, a constant share of confident decisions), planted personas carry one known
change over the last 20 weeks: the apart-vs-together gap moving from its start to 0, the conflict
drop halving, or second-guessing giving way to deciding on one's own (the share of confident
decisions rising from 0.5 to 0.8). Mood is AR(1) day
to day; low days are skipped more often; one break per persona; activities are tagged per day.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

from independence.signs import SIGNS
from independence.warehouse import transaction

EVERYDAY_TAGS = ["work", "friends", "family", "gym", "reading", "movies / tv", "🎨 painting", "meditation", "walk"]
SITUATION_TAGS = ("partner", "alone", "partner away")
PLANTED_TAGS = frozenset({"partner", "alone", "partner away", "argument", "talked it through", "yelled"})
CHANGES = ("apart_gap", "conflict_drop", "second_guessing")
# A person who reacts strongly to conflict (the drop halves from 2.4 to 1.2 points) and logs about four
# conflicts a week; the profile under which a halving drop is found at least 90% of the time.
STRONG_REACTOR = {"base_mood": 4.2, "apart_gap": (-0.5, 0.0), "conflict_rate": 0.7, "conflict_drop": (2.4, 1.2)}


@dataclass(frozen=True)
class CohortSpec:
    """Parameters shared by every persona of a synthetic cohort; `planted` names the changes switched on.

    The defaults describe an engaged logger (about 3.5 entries a day, 3.5 conflicts a week); TYPICAL
    below is a lighter one (1.7 entries a day, about one conflict a week) for the power curve.
    """

    personas: int = 200
    planted: tuple[str, ...] = ()
    seed: int = 1
    weeks: int = 30
    ramp_weeks: int = 20
    last_day: dt.date = dt.date(2026, 11, 1)
    base_mood: float = 3.6
    mood_sd: float = 0.5
    day_correlation: float = 0.6
    entry_sd: float = 0.3
    skip_rate: float = 0.12
    low_mood_skip_extra: float = 0.25
    break_days: int = 9
    situation_shares: tuple[float, float, float] = (0.55, 0.3, 0.15)
    entries_per_day: tuple[float, ...] = (0.05, 0.15, 0.3, 0.3, 0.15, 0.05)
    apart_gap: tuple[float, float] = (-1.0, 0.0)
    conflict_rate: float = 0.5
    conflict_drop: tuple[float, float] = (1.6, 0.8)
    second_guessing: tuple[float, float] = (0.12, 0.03)  # days with it; decisions stay on 0.12 of days
    calm_share: float = 0.5
    prefix: str = ""

    def user_ids(self) -> list[str]:
        """Return the personas' user ids, e.g. 'null-0001' or 'apart_gap-0001'."""
        kind = self.prefix or ("+".join(self.planted) if self.planted else "null")
        return [f"{kind}-{number:04d}" for number in range(1, self.personas + 1)]


TYPICAL = {
    "entries_per_day": (0.45, 0.4, 0.15),
    "base_mood": 3.4,
    "mood_sd": 0.7,
    "entry_sd": 0.4,
    "conflict_rate": 0.15,
}


def _ramp(spec: CohortSpec, days: int, effect: str) -> np.ndarray:
    """Return an effect per day: its start value, then (when planted) linear to its end value on the last day."""
    start, end = getattr(spec, effect)
    if effect not in spec.planted:
        return np.full(days, start)
    ramp_days = spec.ramp_weeks * 7
    position = np.clip((np.arange(days) - (days - ramp_days)) / (ramp_days - 1), 0.0, 1.0)
    return start + (end - start) * position


def _latent_moods(spec: CohortSpec, rng: np.random.Generator, days: int) -> np.ndarray:
    """Return (personas, days) latent mood: base plus stationary AR(1) noise."""
    rho = spec.day_correlation
    shocks = rng.normal(0, spec.mood_sd * np.sqrt(1 - rho**2), (spec.personas, days))
    noise = np.empty_like(shocks)
    noise[:, 0] = rng.normal(0, spec.mood_sd, spec.personas)
    for day in range(1, days):
        noise[:, day] = rho * noise[:, day - 1] + shocks[:, day]
    return spec.base_mood + noise


def _logged_days(spec: CohortSpec, rng: np.random.Generator, moods: np.ndarray) -> np.ndarray:
    """Return (personas, days) booleans: days with entries (fewer on low days, one break each)."""
    skip = spec.skip_rate + np.where(moods < spec.base_mood - 0.5, spec.low_mood_skip_extra, 0.0)
    logged = rng.random(moods.shape) >= skip
    starts = rng.integers(0, moods.shape[1] - spec.break_days, spec.personas)
    days = np.arange(moods.shape[1])
    return logged & ~((days >= starts[:, None]) & (days < starts[:, None] + spec.break_days))


def cohort_frames(spec: CohortSpec) -> dict[str, pl.DataFrame]:
    """Return warehouse-shaped frames `entries`, `entry_tags`, `entry_measures` and `imports` for the cohort."""
    rng = np.random.default_rng(spec.seed)
    days = spec.weeks * 7
    first_day = spec.last_day - dt.timedelta(days=days - 1)
    moods = _latent_moods(spec, rng, days)
    persona, day = np.nonzero(_logged_days(spec, rng, moods))
    counts = rng.choice(np.arange(1, len(spec.entries_per_day) + 1), size=len(day), p=spec.entries_per_day)
    conflict_at = np.where(rng.random(len(day)) < spec.conflict_rate, rng.integers(0, counts), -1)
    entry_day = np.repeat(np.arange(len(day)), counts)
    order_in_day = np.arange(len(entry_day)) - np.repeat(np.cumsum(counts) - counts, counts)
    entries = len(entry_day)
    situation = rng.choice(3, size=entries, p=spec.situation_shares)
    gap = _ramp(spec, days, "apart_gap")[day[entry_day]]
    conflict = order_in_day == conflict_at[entry_day]
    drop = _ramp(spec, days, "conflict_drop")[day[entry_day]]
    noise = rng.normal(0, spec.entry_sd, entries)
    level = moods[persona, day][entry_day] + np.where(situation > 0, gap, 0.0) + noise - np.where(conflict, drop, 0.0)
    minutes = 7 * 60 + order_in_day * (16 * 60 // counts[entry_day]) + rng.integers(0, 120, entries)
    users = np.array(spec.user_ids())[persona[entry_day]]
    entry_ids = np.char.add(np.char.add(users, "-"), np.arange(entries).astype(str))
    logged_at = (np.datetime64(first_day) + day[entry_day].astype("timedelta64[D]")).astype(
        "datetime64[m]"
    ) + minutes.astype("timedelta64[m]")
    score = np.clip(np.rint(level), 1, 5)
    tag_rows = [(entry_ids, np.array(SITUATION_TAGS)[situation])]
    first_of_day = np.cumsum(counts) - counts
    guessing = _ramp(spec, days, "second_guessing")[day]
    day_shares = [("said no", 0.1), ("made a decision", 0.12), ("second-guessing", guessing)]
    for name, share in day_shares + [(name, 0.25) for name in EVERYDAY_TAGS]:
        # a day's activity is tagged once, on one of its entries, whatever the number of entries that day
        chosen_days = np.flatnonzero(rng.random(len(day)) < share)
        chosen = first_of_day[chosen_days] + rng.integers(0, counts[chosen_days])
        tag_rows.append((entry_ids[chosen], np.full(len(chosen), name)))
    calm = rng.random(entries) < spec.calm_share
    tag_rows += [
        (entry_ids[conflict], np.full(conflict.sum(), "argument")),
        (entry_ids[conflict & calm], np.full((conflict & calm).sum(), "talked it through")),
        (entry_ids[conflict & ~calm], np.full((conflict & ~calm).sum(), "yelled")),
    ]
    checkins = _checkin_frames(spec, rng, first_day, days)
    return {
        "entries": pl.concat(
            [
                pl.DataFrame(
                    {
                        "entry_id": entry_ids,
                        "user_id": users,
                        "source": "daylio",
                        "logged_at_local": logged_at.astype("datetime64[us]"),
                        "mood_score": score,
                    }
                ),
                checkins["entries"],
            ],
            how="diagonal_relaxed",
        ),
        "entry_tags": pl.DataFrame(
            {"entry_id": np.concatenate([ids for ids, _ in tag_rows]), "tag": np.concatenate([t for _, t in tag_rows])}
        ),
        "entry_measures": checkins["entry_measures"],
    }


def _checkin_frames(
    spec: CohortSpec, rng: np.random.Generator, first_day: dt.date, days: int
) -> dict[str, pl.DataFrame]:
    """Return weekly (Sunday) check-in entries and their six ratings, with no trend, some weeks skipped."""
    weeks = days // 7
    persona, week = np.nonzero(rng.random((spec.personas, weeks)) >= 0.15)
    users = np.array(spec.user_ids())[persona]
    entry_ids = np.char.add(np.char.add(users, "-checkin-"), week.astype(str))
    sunday = np.datetime64(first_day) + (week * 7 + 6).astype("timedelta64[D]")
    ratings = [
        pl.DataFrame(
            {
                "entry_id": entry_ids,
                "name": sign,
                "value": np.clip(np.rint(2.6 + 0.1 * offset + rng.normal(0, 0.6, len(week))), 1, 5),
                "value_max": 5.0,
            }
        )
        for offset, sign in enumerate(SIGNS)
    ]
    return {
        "entries": pl.DataFrame(
            {
                "entry_id": entry_ids,
                "user_id": users,
                "source": "checkin",
                "logged_at_local": (sunday + np.timedelta64(20 * 60, "m")).astype("datetime64[us]"),
            }
        ),
        "entry_measures": pl.concat(ratings),
    }


def loaded_cohort(con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame]) -> int:
    """Insert a cohort's frames into the warehouse as one import per user; return the entries added."""
    with tempfile.TemporaryDirectory(prefix="independence-cohort-") as scratch:
        paths = {name: Path(scratch) / f"{name}.parquet" for name in frames}
        for name, frame in frames.items():
            frame.write_parquet(paths[name])
        with transaction(con):
            first_import = con.execute("select coalesce(max(import_id), 0) from imports").fetchall()[0][0]
            con.execute(
                """create temp table cohort_users as
                   select user_id, source, ? + row_number() over (order by user_id, source) as import_id,
                          count(*) as entries
                   from read_parquet(?) group by user_id, source""",
                [first_import, str(paths["entries"])],
            ).fetchall()
            con.execute(
                """insert into imports select import_id, user_id, source, source || '-synthetic', 'synthetic',
                   md5(user_id || source), 0, entries, entries, 0, 0, now(), now() from cohort_users"""
            ).fetchall()
            con.execute(
                """insert into entries
                   select e.entry_id, e.user_id, e.source, e.logged_at_local, null,
                          case when e.mood_score is not null then e.mood_score::int::varchar end, e.mood_score,
                          null, null, u.import_id, row_number() over (partition by e.user_id, e.source), null
                   from read_parquet(?) as e join cohort_users as u using (user_id, source)""",
                [str(paths["entries"])],
            ).fetchall()
            con.execute(
                "insert into entry_tags select entry_id, tag, 'activity' from read_parquet(?)",
                [str(paths["entry_tags"])],
            ).fetchall()
            con.execute(
                "insert into entry_measures select entry_id, name, value, value_max from read_parquet(?)",
                [str(paths["entry_measures"])],
            ).fetchall()
            added = con.execute("select sum(entries) from cohort_users").fetchall()[0][0]
            con.execute("drop table cohort_users").fetchall()
    return int(added)
