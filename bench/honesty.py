"""Print false-alarm and power rates: the trend rule on simulated check-in ratings, the weekday and
time-of-day patterns on simulated daily moods, then every series of synthetic cohorts that go through
the real warehouse (engaged and typical profiles, a demo-like one).

Usage: python -m bench.honesty [PERSONAS] [PEOPLE]   (default 200 personas per cohort, 2000 rating people)
The figures are recorded in docs/method.md.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from dev.daily import DailySpec, pattern_rates
from dev.honesty import measured_rates
from dev.ratings import RatingSpec, verdict_shares
from dev.synth_cohort import STRONG_REACTOR, TYPICAL

# The demo persona's conflicts: about 0.6 a week over a year, the drop halving from 1.6 to 0.8 across it
DEMO_LIKE = {
    "weeks": 52,
    "ramp_weeks": 52,
    "entries_per_day": (0.45, 0.4, 0.15),
    "mood_sd": 0.7,
    "entry_sd": 0.4,
    "conflict_rate": 0.1,
}


def print_ratings(people: int) -> None:
    """Print the verdict shares of the check-in simulation, case by case."""
    print(f"\n## weekly check-in ratings: {people} people x 6 signs per case (AR(1), ρ 0.5 unless named)")
    print(f"{'case':<44}{'improving':>11}{'declining':>11}{'recent higher':>15}{'recent lower':>14}")
    cases = [
        (
            f"{step:g}-point, {weeks} weeks, rise {rise:g}",
            RatingSpec(people, weeks, rise, step, seed=weeks + int(rise * 7)),
        )
        for step in (1.0, 0.5)
        for weeks in (26, 52)
        for rise in (0.0, 1.0, 1.5)
    ]
    cases += [
        (f"1-point, {weeks} weeks, no change, ρ {rho:g}", RatingSpec(people, weeks, rho=rho, seed=7 + weeks))
        for rho in (0.0, 0.3, 0.7, 0.9)
        for weeks in (12, 26, 52)
    ]
    for name, spec in cases:
        shares = verdict_shares(spec)
        cells = ("improving", "declining", "recent_higher", "recent_lower")
        print(
            f"{name:<44}" + "".join(f"{shares[cell]:>{w}.1%}" for cell, w in zip(cells, (11, 11, 15, 14), strict=True))
        )


def print_patterns(people: int) -> None:
    """Print how often the weekday and time-of-day patterns are called, case by case."""
    print(f"\n## daily moods: {people} people per case (AR(1) across days, ρ 0.6 unless named, whole points)")
    print(f"{'case':<44}{'weekday called':>16}{'time of day called':>20}")
    cases = [
        (f"{days // 7} weeks, {name}", DailySpec(people, days, seed=days + index, **planted))
        for days in (182, 364)
        for index, (name, planted) in enumerate(
            (
                ("no pattern", {}),
                ("no pattern, ρ 0.8, sd 1.0", {"rho": 0.8, "sd": 1.0}),
                ("no pattern, ρ 0.9, sd 1.0", {"rho": 0.9, "sd": 1.0}),
                ("weekends +0.3", {"weekend": 0.3}),
                ("weekends +0.5", {"weekend": 0.5}),
                ("evenings +0.3", {"evening": 0.3}),
                ("evenings +0.5", {"evening": 0.5}),
            )
        )
    ]
    for name, spec in cases:
        rates = pattern_rates(spec)
        print(f"{name:<44}{rates['weekday']:>16.1%}{rates['part_of_day']:>20.1%}")


def print_cohorts(personas: int) -> None:
    """Print every series' verdict shares in the null and planted cohorts of each profile."""
    profiles = (
        ("engaged (defaults); conflict cohort: strong reactor", {}, STRONG_REACTOR),
        ("engaged (defaults) for every cohort", {}, {}),
        ("typical for every cohort", TYPICAL, {}),
        ("demo-like: a year, about 0.6 conflicts a week, changes across the whole year", DEMO_LIKE, {}),
    )
    for name, profile, conflict_profile in profiles:
        with tempfile.TemporaryDirectory() as scratch:
            started = time.perf_counter()
            rates = measured_rates(Path(scratch) / "warehouse.duckdb", personas, profile, conflict_profile)
            seconds = time.perf_counter() - started
        print(f"\n## {name}: {personas} personas per cohort ({', '.join(rates)}), {seconds:.1f} s")
        print("share improving / declining per series and cohort")
        print(f"{'series':<36}" + "".join(f"{kind:>20}" for kind in rates))
        for series in sorted(rates["null"].verdicts):
            cells = [f"{r.share(series, 'improving'):.1%} / {r.share(series, 'declining'):.1%}" for r in rates.values()]
            print(f"{series:<36}" + "".join(f"{cell:>20}" for cell in cells))
        print("personas reading any change: " + ", ".join(f"{k} {r.any_call_share:.1%}" for k, r in rates.items()))
        for kind in rates:
            r = rates[kind]
            print(
                f"tag effects ({kind}): {r.tags_reported} reported, {r.tags_unplanted} not planted "
                f"({r.unplanted_share():.1%}); personas with any: {r.personas_with_unplanted_tag / r.personas:.1%}"
            )


if __name__ == "__main__":
    print_ratings(int(sys.argv[2]) if len(sys.argv) > 2 else 2000)
    print_patterns(int(sys.argv[2]) // 2 if len(sys.argv) > 2 else 1000)
    print_cohorts(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
