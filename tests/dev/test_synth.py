"""The synthetic generator: reproducible, realistic gaps, and the planted effects are really there."""

from __future__ import annotations

import datetime as dt
import statistics

from dev import synth
from dev.synth import PersonaSpec, daylio_rows, write_samples
from independence.pipelines.demo import SAMPLES_DIR

LEVEL = {"rad": 5, "good": 4, "rested": 4, "vaguely ok": 3, "sad ": 2, "awful": 1}


def test_committed_samples_are_exactly_what_the_seeded_generator_writes(tmp_path):
    written = write_samples(tmp_path)
    for path in written:
        assert path.read_bytes() == (SAMPLES_DIR / path.name).read_bytes(), path.name


def test_a_year_with_gaps_one_to_three_entries_a_day_and_custom_moods():
    rows = daylio_rows(PersonaSpec())
    days = {row["full_date"] for row in rows}
    per_day = [sum(r["full_date"] == day for r in rows) for day in days]
    assert 200 < len(days) < 330 and set(per_day) <= {1, 2, 3}
    assert {"vaguely ok", "sad ", "rested"} <= {row["mood"] for row in rows}
    assert any("<br>" in row["note"] for row in rows) and any("pm" in row["time"] for row in rows)
    assert any(len(row["time"]) == 5 and "m" not in row["time"] for row in rows)
    longest_gap = max(
        (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days for a, b in zip(sorted(days), sorted(days)[1:])
    )
    assert longest_gap >= PersonaSpec().break_days


def apart_gap(rows: list[dict]) -> float:
    """Return mean mood on apart/alone entries minus mean mood on partner entries."""
    apart = [LEVEL[r["mood"]] for r in rows if "alone" in r["activities"] or "partner away" in r["activities"]]
    together = [
        LEVEL[r["mood"]] for r in rows if r["activities"].startswith("partner |") or r["activities"] == "partner"
    ]
    return statistics.mean(apart) - statistics.mean(together)


def test_the_planted_apart_gap_moves_from_negative_to_zero():
    rows = daylio_rows(PersonaSpec(seed=11, days=728, apart_gap_start=-1.0, apart_gap_end=0.0))
    first_quarter = [r for r in rows if r["full_date"] < "2026-05-01"]
    last_quarter = [r for r in rows if r["full_date"] >= "2027-05-01"]
    assert apart_gap(first_quarter) < -0.4
    assert abs(apart_gap(last_quarter)) < 0.3


def test_bulk_frame_has_the_newest_header_and_requested_rows():
    frame = synth.bulk_daylio_frame(1000, seed=2)
    assert frame.columns == synth.DAYLIO_HEADER and frame.height == 1000


def test_the_planted_conflict_drop_shrinks_and_calm_responses_grow():
    rows = daylio_rows(PersonaSpec(seed=5, days=728, conflict_rate=0.3, conflict_drop_start=1.6, conflict_drop_end=0.8))
    quarters = [[r for r in rows if r["full_date"] < "2026-05-01"], [r for r in rows if r["full_date"] >= "2027-05-01"]]

    def drop(part: list[dict]) -> float:
        conflict = [LEVEL[r["mood"]] for r in part if "argument" in r["activities"]]
        calm = [LEVEL[r["mood"]] for r in part if "argument" not in r["activities"]]
        return statistics.mean(calm) - statistics.mean(conflict)

    def calm_share(part: list[dict]) -> float:
        conflicts = [r for r in part if "argument" in r["activities"]]
        return sum("talked it through" in r["activities"] for r in conflicts) / len(conflicts)

    assert drop(quarters[0]) > drop(quarters[1]) + 0.3
    assert calm_share(quarters[1]) > calm_share(quarters[0]) + 0.15


def test_committed_practice_is_exactly_what_the_seeded_generator_writes(tmp_path):
    from dev.synth_clients import practice_clients, write_practice

    written = write_practice(tmp_path, practice_clients())
    committed = SAMPLES_DIR / "cohort"
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == sorted(path.name for path in committed.iterdir())
    for name in names:
        assert (tmp_path / name).read_bytes() == (committed / name).read_bytes(), name
    assert len(written) == 38 and sum(len(paths) == 2 for paths in written.values()) == 20
