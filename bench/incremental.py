"""Benchmark: how a build's cost grows with the warehouse, and what one person's upload costs at each size.

At each size (entries of synthetic cohort personas): the full build's time and the process's memory,
then one new person's Daylio export imported, their models rebuilt incrementally, and their report
written (the upload page's path: import -> current_build -> report). The full build's exponent is
fitted over the sizes (time ~ entries^b); the incremental build should stay flat. Results are printed
and written to bench/results/incremental.json. Usage: python -m bench.incremental [ENTRIES ...]
"""

from __future__ import annotations

import json
import math
import sys
import tempfile
import time
from pathlib import Path

from bench.build import ENTRIES_PER_PERSONA, peak_memory_mb
from dev.synth_cohort import CohortSpec, cohort_frames, loaded_cohort
from independence.analysis.transforms import built_warehouse, users_changed_since_build
from independence.config import SAMPLES_DIR
from independence.pipelines.imports import imported_export
from independence.pipelines.reports import assembled_report
from independence.warehouse import Warehouse

RESULTS = Path(__file__).parent / "results"
UPLOAD_TARGET_SECONDS = 2.0
RUNS = 3


def filled_warehouse(db: Path, entries: int) -> int:
    """Fill a warehouse with synthetic personas until it holds about `entries`; return the entries held."""
    personas = max(1, round(entries / ENTRIES_PER_PERSONA))
    with Warehouse(db).writing() as con:
        for batch in range(0, personas, 500):
            spec = CohortSpec(personas=min(500, personas - batch), seed=batch, prefix=f"bench{batch}")
            loaded_cohort(con, cohort_frames(spec))
        return con.execute("select count(*) from entries").fetchall()[0][0]


def one_size(entries: int, scratch: Path) -> dict:
    """Return the full build's seconds and memory, and the upload path's seconds (median, min, max of RUNS)."""
    db = scratch / f"w{entries}.duckdb"
    held = filled_warehouse(db, entries)
    with Warehouse(db).writing() as con:
        started = time.perf_counter()
        built_warehouse(con)
        full = time.perf_counter() - started
    memory = peak_memory_mb()
    daylio = next(SAMPLES_DIR.glob("daylio_export_*.csv"))
    uploads, incremental = [], []
    for run in range(RUNS):
        user = f"upload{run}"
        started = time.perf_counter()
        imported_export(daylio, user, db_path=db, moods_path=SAMPLES_DIR / "moods.toml")
        with Warehouse(db).writing() as con:
            built = time.perf_counter()
            summary = built_warehouse(con, users=users_changed_since_build(con))  # what current_build runs
            incremental.append(time.perf_counter() - built)
            slowest = sorted(summary.model_seconds.items(), key=lambda item: -item[1])[:4]
            assembled_report(con, user, out=scratch / f"{user}.html")
        uploads.append(time.perf_counter() - started)
    db.unlink()
    return {
        "entries": held,
        "full_build_seconds": round(full, 2),
        "peak_memory_mb": round(memory),
        "incremental_build_seconds": _spread(incremental),
        "upload_to_report_seconds": _spread(uploads),
        "incremental_slowest_models": dict(slowest),
    }


def _spread(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"median": round(ordered[len(ordered) // 2], 3), "min": round(ordered[0], 3), "max": round(ordered[-1], 3)}


def exponent(sizes: list[dict], key: str) -> float | None:
    """Return b of a least-squares fit of log(seconds) = a + b log(entries), or None below two sizes."""
    if len(sizes) < 2:
        return None
    xs = [math.log(size["entries"]) for size in sizes]
    ys = [math.log(max(size[key] if not isinstance(size[key], dict) else size[key]["median"], 1e-6)) for size in sizes]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return round(sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs), 2)


def main(targets: list[int]) -> None:
    """Measure every size, print the figures with their targets, and write them as JSON."""
    with tempfile.TemporaryDirectory() as scratch:
        sizes = [one_size(target, Path(scratch)) for target in targets]
    for size in sizes:
        upload = size["upload_to_report_seconds"]
        print(
            f"{size['entries']:>10,} entries: full build {size['full_build_seconds']:.1f} s "
            f"(peak memory {size['peak_memory_mb']} MB); one person's incremental build "
            f"{size['incremental_build_seconds']['median']:.2f} s; upload -> report {upload['median']:.2f} s "
            f"(min {upload['min']:.2f}, max {upload['max']:.2f}; target <= {UPLOAD_TARGET_SECONDS:.0f} s: "
            f"{'met' if upload['median'] <= UPLOAD_TARGET_SECONDS else 'MISSED'})"
        )
        print(
            "  slowest models of the incremental build: "
            + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in size["incremental_slowest_models"].items())
        )
    fitted = {
        "full_build": exponent(sizes, "full_build_seconds"),
        "incremental_build": exponent(sizes, "incremental_build_seconds"),
    }
    print(
        f"fitted exponents (seconds ~ entries^b): full build b = {fitted['full_build']}, "
        f"incremental build b = {fitted['incremental_build']}"
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "incremental.json").write_text(json.dumps({"sizes": sizes, "exponents": fitted}, indent=1) + "\n")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [100_000, 1_000_000])
