"""Benchmark: one question answered by this project and by two peers, beside DuckDB's bare scans.

The question: from a 1 M-row Daylio CSV, the mean mood of every day and of every activity.
- ours: `imported_export` into a fresh warehouse (every guarantee: line numbers, rejects, dedup,
  provenance, one transaction), then both answers in DuckDB SQL over the stored entries and tags;
- pandas: `read_csv`, mood labels mapped to 1..5, a groupby per day, activities split, exploded, grouped;
- daylio-parser (PyPI): its `Parser` and `Stats.average_moods` / `Stats.activity_moods`.
The peers run in their own environment, `bench/.peers` (`make bench-peers` makes it): daylio-parser
pins numpy below 2, which this project cannot use. Every contender runs RUNS times, each in a fresh
process, timed inside it (interpreter start excluded); median, min and max are printed and written to
bench/results/peers.json with the answers' sizes, which must agree. Usage: python -m bench.peers [ROWS]
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from bench.ingest import OUT
from dev.synth import write_bulk_daylio

REPO = Path(__file__).resolve().parents[1]
PEERS_PYTHON = REPO / "bench" / ".peers" / "bin" / "python"
RESULTS = REPO / "bench" / "results"
RUNS = 3
TARGET = 4.0  # ours within 4x the all_varchar table scan

OURS = """
import json, sys, tempfile, time
from pathlib import Path
from independence.pipelines.imports import imported_export
from independence.warehouse import Warehouse
started = time.perf_counter()
with tempfile.TemporaryDirectory() as scratch:
    db = Path(scratch) / "w.duckdb"
    imported_export(sys.argv[1], "bench", db_path=db)
    with Warehouse(db).reading() as con:
        days = con.execute("select logged_at_local::date, avg(mood_score) from entries group by 1").fetchall()
        activities = con.execute(
            "select t.tag, avg(e.mood_score) from entries e join entry_tags t using (entry_id) group by 1"
        ).fetchall()
print(json.dumps({"seconds": time.perf_counter() - started, "days": len(days), "activities": len(activities)}))
"""

PANDAS = """
import json, sys, time
import pandas as pd
started = time.perf_counter()
frame = pd.read_csv(sys.argv[1], encoding="utf-8-sig", usecols=["full_date", "mood", "activities"],
                    keep_default_na=False)
frame["level"] = frame["mood"].map({"awful": 1, "bad": 2, "meh": 3, "good": 4, "rad": 5})
days = frame.groupby("full_date")["level"].mean()
tags = frame.assign(activity=frame["activities"].str.split(" | ", regex=False)).explode("activity")
activities = tags[tags["activity"] != ""].groupby("activity")["level"].mean()
print(json.dumps({"seconds": time.perf_counter() - started, "days": len(days), "activities": len(activities)}))
"""

DAYLIO_PARSER = """
import json, sys, time
from daylio_parser.parser import Parser
from daylio_parser.stats import Stats
started = time.perf_counter()
with open(sys.argv[1], encoding="utf-8-sig") as export:  # Daylio writes a BOM; the parser opens without it
    entries = Parser().load_from_buffer(export)
stats = Stats(entries)
days, activities = stats.average_moods(), stats.activity_moods()
print(json.dumps({"seconds": time.perf_counter() - started, "days": len(days), "activities": len(activities)}))
"""


def scans(path: Path) -> dict[str, float]:
    """Return the best of three: a bare count(*) scan, and reading every column into a table as text."""
    queries = {
        "count_scan": f"select count(*) from read_csv('{path}', all_varchar = true)",
        "all_varchar_table": f"create or replace table scan as select * from read_csv('{path}', all_varchar = true)",
    }
    best = {}
    for name, sql in queries.items():
        times = []
        for _ in range(3):
            with duckdb.connect() as con:
                con.execute("set enable_progress_bar = false").fetchall()
                started = time.perf_counter()
                con.execute(sql).fetchall()
                times.append(time.perf_counter() - started)
        best[name] = min(times)
    return best


def contender(python: Path, script: str, path: Path) -> dict:
    """Return median, min and max seconds of RUNS fresh processes running `script`, and the answers' sizes."""
    runs = []
    for _ in range(RUNS):
        result = subprocess.run(
            [str(python), "-c", script, str(path)], capture_output=True, text=True, check=True, cwd=REPO
        )
        runs.append(json.loads(result.stdout))
    seconds = [run["seconds"] for run in runs]
    return {
        "median": round(statistics.median(seconds), 2),
        "min": round(min(seconds), 2),
        "max": round(max(seconds), 2),
        "days": runs[0]["days"],
        "activities": runs[0]["activities"],
    }


def main(rows: int) -> None:
    """Generate (or reuse) the export, time the scans and the three contenders, print and store the figures."""
    if not PEERS_PYTHON.exists():
        sys.exit("the peers' environment is missing: run `make bench-peers`, which makes bench/.peers")
    OUT.mkdir(exist_ok=True)
    path = OUT / f"daylio_{rows}.csv"
    if not path.exists():
        write_bulk_daylio(path, rows, seed=1)
    floor = scans(path)
    figures = {
        "ours (independence import + SQL)": contender(Path(sys.executable), OURS, path),
        "pandas": contender(PEERS_PYTHON, PANDAS, path),
        "daylio-parser": contender(PEERS_PYTHON, DAYLIO_PARSER, path),
    }
    print(
        f"{rows:,} Daylio rows; bare count(*) scan {floor['count_scan']:.2f} s, "
        f"all_varchar table {floor['all_varchar_table']:.2f} s (best of 3)"
    )
    ours = figures["ours (independence import + SQL)"]["median"]
    for name, figure in figures.items():
        print(
            f"  {name}: median {figure['median']:.2f} s (min {figure['min']:.2f}, max {figure['max']:.2f}) = "
            f"{figure['median'] / floor['count_scan']:.1f}x the count scan, "
            f"{figure['median'] / floor['all_varchar_table']:.1f}x the all_varchar table; "
            f"ours / this = {ours / figure['median']:.2f}; {figure['days']:,} days, {figure['activities']} activities"
        )
    ratio = ours / floor["all_varchar_table"]
    verdict = "met" if ratio <= TARGET else "MISSED"
    print(f"target: ours within {TARGET:.0f}x the all_varchar table: {ratio:.1f}x, {verdict}")
    answers = {(figure["days"], figure["activities"]) for figure in figures.values()}
    print("answers agree in size" if len(answers) == 1 else f"answers DIFFER in size: {answers}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "peers.json").write_text(
        json.dumps({"rows": rows, "scans": floor, "contenders": figures}, indent=1) + "\n"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
