"""Benchmark: a one-off `independence weekly` from process start, and the renderers' snapshot at 1M entries.

1. The demo persona's warehouse; `independence weekly --force` in a fresh process, five times, without a
   configured Prefect server (the run happens in the process: no temporary server starts). Target: 5 s.
2. A synthetic warehouse of about 1,000,000 entries: the snapshot the weekly run takes for its renderers
   (only what they read, `marts.report_tables`) against a copy of every table (what it used to take).
Usage: python -m bench.oneoff [ENTRIES]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.targets import Figure, recorded

TARGET_SECONDS = 5.0


def one_off_runs(scratch: Path, runs: int = 5) -> list[float]:
    """Return the seconds of `runs` forced one-off weekly runs for the demo persona, each a fresh process."""
    from independence.pipelines.demo import demo_imports

    db = scratch / "warehouse.duckdb"
    demo_imports(db)
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("PREFECT_", "INDEPENDENCE_"))}
    environment |= {"PREFECT_HOME": str(scratch / "prefect"), "DO_NOT_TRACK": "1"}
    command = [str(Path(sys.executable).with_name("independence")), "weekly", "--force", "--db", str(db)]
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([*command, "--reports-dir", str(scratch / "reports")], env=environment, cwd=scratch,
                              capture_output=True, text=True)  # fmt: skip
        seconds.append(time.perf_counter() - started)
        assert done.returncode == 0, done.stderr
    return seconds


def snapshot_seconds(scratch: Path, entries: int) -> tuple[float, float, int, int]:
    """Return the seconds and bytes of the renderers' snapshot and of a copy of every table, at `entries`."""
    from bench.build import ENTRIES_PER_PERSONA
    from dev.synth_cohort import CohortSpec, cohort_frames, loaded_cohort
    from independence.analysis.transforms import built_warehouse
    from independence.warehouse import Warehouse, marts
    from independence.warehouse.copies import sibling_path, written_copy, written_snapshot

    db = scratch / "large.duckdb"
    personas = round(entries / ENTRIES_PER_PERSONA)
    with Warehouse(db).writing() as con:
        for first in range(0, personas, 500):
            loaded_cohort(
                con, cohort_frames(CohortSpec(personas=min(500, personas - first), seed=first, prefix=f"p{first}"))
            )
        built_warehouse(con)
        con.execute("checkpoint").fetchall()
        started = time.perf_counter()
        snapshot = written_snapshot(con, db, marts.report_tables(con))
        snapshot_time = time.perf_counter() - started
        started = time.perf_counter()
        everything = written_copy(con, sibling_path(db, "copy"))
        copy_time = time.perf_counter() - started
    return snapshot_time, copy_time, snapshot.stat().st_size, everything.stat().st_size


def main(entries: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        seconds = one_off_runs(Path(scratch))
        median = statistics.median(seconds)
        runs = ", ".join(f"{value:.2f}" for value in seconds)
        verdict = "met" if median <= TARGET_SECONDS else "NOT met"
        print(
            f"one-off weekly, 1 person, from process start: median {median:.2f} s (runs {runs}); "
            f"target <= {TARGET_SECONDS:g} s: {verdict} ({median / TARGET_SECONDS:.2f}x the target)"
        )
        recorded("oneoff", [Figure("one-off weekly, 1 person, from process start", median, TARGET_SECONDS, "s")])
        snapshot, copy, snapshot_bytes, copy_bytes = snapshot_seconds(Path(scratch), entries)
        print(
            f"renderers' snapshot at {entries:,} entries: {snapshot:.2f} s, {snapshot_bytes / 2**20:.0f} MB; "
            f"every table: {copy:.2f} s, {copy_bytes / 2**20:.0f} MB ({snapshot / copy:.2f}x the time)"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
