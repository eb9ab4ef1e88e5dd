"""Benchmark: build the transforms and every user's insights over about 1,000,000 entries.

The warehouse holds synthetic cohort personas (about 700 entries each over 30 weeks, a third of them
with a note, so phrase matching has work to do). Prints the time of the transforms, of the insights
for every user, and the process's peak memory. Usage: python -m bench.build [ENTRIES]
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

from dev.synth import SAMPLE_NOTES
from dev.synth_cohort import CohortSpec, cohort_frames, loaded_cohort
from independence.analysis.transforms import built_warehouse
from independence.config import DEFAULT_WEEKS
from independence.pipelines.insights import insights_by_user
from independence.warehouse import Warehouse
from independence.warehouse.people import warehouse_users

ENTRIES_PER_PERSONA = 3.5 * 210 * 0.8  # entries a day x days x share of days logged, roughly


def peak_memory_mb() -> float:
    """Return this process's peak resident memory (VmHWM) in MB."""
    return int(re.search(r"VmHWM:\s+(\d+) kB", Path("/proc/self/status").read_text()).group(1)) / 1024


def main(target_entries: int) -> None:
    """Generate the cohort, then time one build and the insights of every user."""
    personas = max(1, round(target_entries / ENTRIES_PER_PERSONA))
    with tempfile.TemporaryDirectory() as scratch:
        with Warehouse(Path(scratch) / "warehouse.duckdb").writing() as con:
            started = time.perf_counter()
            for batch in range(0, personas, 500):
                spec = CohortSpec(personas=min(500, personas - batch), seed=batch, prefix=f"bench{batch}")
                loaded_cohort(con, cohort_frames(spec))
            notes = ", ".join("'" + note.replace("'", "''") + "'" for note in SAMPLE_NOTES)
            con.execute(
                f"update entries set note = ([{notes}])[(1 + hash(entry_id) % {len(SAMPLE_NOTES)})::bigint] "
                "where source = 'daylio' and hash(entry_id) % 3 = 0"
            ).fetchall()
            entries, users = con.execute("select count(*), count(distinct user_id) from entries").fetchall()[0]
            print(f"generated {entries:,} entries of {users:,} users in {time.perf_counter() - started:.1f} s")
            for run in ("first build", "second build"):
                started = time.perf_counter()
                summary = built_warehouse(con)
                transforms = time.perf_counter() - started
                started = time.perf_counter()
                judged = len(insights_by_user(con, warehouse_users(con), DEFAULT_WEEKS))
                insights = time.perf_counter() - started
                print(
                    f"{run}: transforms {transforms:.1f} s ({summary.models} models), insights of {judged:,} users "
                    f"{insights:.1f} s ({1000 * insights / judged:.0f} ms/user), total {transforms + insights:.1f} s"
                )
                slowest = sorted(summary.model_seconds.items(), key=lambda item: -item[1])[:5]
                print("  slowest models: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in slowest))
    print(f"peak memory {peak_memory_mb():.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
