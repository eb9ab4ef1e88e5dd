"""Benchmark: import a generated Daylio CSV and compare with DuckDB merely scanning the same file.

Prints rows/s, the stage/load split, peak memory of the importing process and the ratio to the
bare scan. Run with `make bench` (1,000,000 rows) or `python -m bench.ingest --rows N`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from bench.targets import Figure, recorded
from dev.synth import write_bulk_daylio

OUT = Path(__file__).parent / "out"
TARGET_RATIO = 4.0  # issue 31: an import within 4x DuckDB's own read of the file

IMPORT_ONCE = """
import json, re, sys, time
from pathlib import Path
from independence.ingest.moods import mood_levels
from independence.ingest.parts import stage_export, validated_export
from independence.warehouse import Warehouse
from independence.warehouse.load import load_staged

path, db = sys.argv[1], sys.argv[2]
levels = mood_levels()
timings = {}
for run in ("first import", "re-import"):
    start = time.perf_counter()
    staged = validated_export(stage_export(path), levels)
    staged_at = time.perf_counter()
    with Warehouse(db).writing() as con:
        summary = load_staged(con, staged, "bench", levels)
    staged.discard()
    end = time.perf_counter()
    timings[run] = {"stage_s": staged_at - start, "load_s": end - staged_at, "total_s": end - start,
                    "entries_added": summary.entries_added, "duplicates_skipped": summary.duplicates_skipped}
status = Path("/proc/self/status").read_text()
timings["peak_rss_mb"] = int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) / 1024
print(json.dumps(timings))
"""


def bare_scan_seconds(path: Path, repeats: int = 3) -> float:
    """Return the best time DuckDB takes to read every column of the CSV into an in-memory table."""
    best = float("inf")
    for _ in range(repeats):
        with duckdb.connect() as con:
            con.execute("set enable_progress_bar = false").fetchall()
            start = time.perf_counter()
            con.execute(f"create table scan as select * from read_csv('{path}', all_varchar = true)").fetchall()
            best = min(best, time.perf_counter() - start)
    return best


def sql_only_floor_seconds(path: Path) -> float:
    """Return the time of a DuckDB-only load with none of the import's guarantees, as a lower bound.

    One SQL pipeline parses times, hashes ids and writes entries and activity tags to a file, with no
    line numbers, no row validation, no deduplication and no provenance.
    """
    with tempfile.TemporaryDirectory() as scratch, duckdb.connect(str(Path(scratch) / "floor.duckdb")) as con:
        con.execute("set enable_progress_bar = false; set preserve_insertion_order = false").fetchall()
        start = time.perf_counter()
        con.execute(f"""create temp table staged as
            select md5(concat_ws(chr(31), full_date, time, mood, activities, scales, note_title, note)) as entry_id,
                   strptime(full_date || ' ' || time, ['%Y-%m-%d %I:%M %p', '%Y-%m-%d %H:%M']) as logged_at_local,
                   mood, note_title, note, activities
            from read_csv('{path}', all_varchar = true)""").fetchall()
        con.execute("create table entries as select * exclude (activities) from staged").fetchall()
        con.execute(
            "create table entry_tags as select entry_id, trim(unnest(string_split(activities, '|'))) as tag from staged"
        ).fetchall()
        return time.perf_counter() - start


def import_timings(path: Path) -> dict:
    """Return first-import and re-import timings and peak memory, measured in a fresh process."""
    with tempfile.TemporaryDirectory() as scratch:
        result = subprocess.run(
            [sys.executable, "-c", IMPORT_ONCE, str(path), str(Path(scratch) / "bench.duckdb")],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parents[1],
        )
    return json.loads(result.stdout)


def main() -> None:
    """Generate (or reuse) the file, measure, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    arguments = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    path = OUT / f"daylio_{arguments.rows}.csv"
    if not path.exists():
        write_bulk_daylio(path, arguments.rows, seed=1)
    scan = bare_scan_seconds(path)
    floor = sql_only_floor_seconds(path)
    timings = import_timings(path)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"duckdb {duckdb.__version__}"
    )
    print(f"file: {arguments.rows:,} rows, {path.stat().st_size / 1e6:.0f} MB")
    print(f"bare DuckDB scan: {scan:.2f} s ({arguments.rows / scan:,.0f} rows/s)")
    print(
        f"SQL-only floor (entries + tags, no validation, lines, dedup or provenance): {floor:.2f} s, "
        f"{floor / scan:.1f}x the bare scan"
    )
    for run in ("first import", "re-import"):
        figures = timings[run]
        print(
            f"{run}: {figures['total_s']:.2f} s ({arguments.rows / figures['total_s']:,.0f} rows/s) = "
            f"stage {figures['stage_s']:.2f} s + load {figures['load_s']:.2f} s; "
            f"{figures['entries_added']:,} added, {figures['duplicates_skipped']:,} duplicates; "
            f"{figures['total_s'] / scan:.1f}x the bare scan"
        )
    print(f"peak memory of the importing process: {timings['peak_rss_mb']:.0f} MB")
    ratio = timings["first import"]["total_s"] / scan
    print(f"target: a first import within {TARGET_RATIO:g}x the bare scan: {ratio:.1f}x, "
          f"{'met' if ratio <= TARGET_RATIO else 'NOT met'}")  # fmt: skip
    recorded(
        "ingest",
        [Figure(f"first import of {arguments.rows:,} Daylio rows / bare DuckDB read", ratio, TARGET_RATIO, "x")],
    )


if __name__ == "__main__":
    main()
