"""Benchmark: the weekly flow for 1,000 users with a year each, with the threads and the Dask runners.

A synthetic warehouse of USERS engaged loggers (52 weeks, about 3.5 entries a day) is generated and
built first (timed, but outside the runs). Then every run is a forced weekly flow run rendering every
user's HTML report (the default 52-week window) into a fresh folder, against Prefect's temporary
local server:
- the full set with the threads runner (2 threads) and with a local Dask cluster of 2 workers, each in
  a fresh process twice over: the first run pays the temporary server's start (as a one-off
  `independence weekly` does), the second finds it running (as every run under `independence
  schedule` does); both include the Dask cluster's start. The target is 1,000 reports in 60 s;
- a subset (SCALING users) with 1, 2 and 4 threads and 1, 2 and 4 Dask worker processes;
- the subset with batch sizes 1, 5, 20 and 50 (threads), to show Prefect's per-task overhead.
Prints seconds and reports per second for each; the full set's runs are also written to
bench/results/weekly.json. Usage: python -m bench.weekly [USERS] [SCALING]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def prefect_environment(home: Path) -> None:
    """Point Prefect at a private home and quiet logs, before it is imported."""
    os.environ.update(
        {
            "PREFECT_HOME": str(home),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
            "PREFECT_LOGGING_LEVEL": "WARNING",
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
        }
    )
    os.environ.pop("PREFECT_API_URL", None)


def generated_warehouse(db: Path, users: int) -> None:
    """Write `users` synthetic personas with a year each into db and build it."""
    from dev.synth_cohort import CohortSpec, cohort_frames, loaded_cohort
    from independence.analysis.transforms import built_warehouse
    from independence.warehouse import Warehouse

    started = time.perf_counter()
    with Warehouse(db).writing() as con:
        for first in range(0, users, 250):
            spec = CohortSpec(personas=min(250, users - first), seed=first + 1, weeks=52, prefix=f"u{first}")
            loaded_cohort(con, cohort_frames(spec))
        entries = con.execute("select count(*) from entries").fetchall()[0][0]
        generated = time.perf_counter() - started
        started = time.perf_counter()
        built_warehouse(con)
    built = time.perf_counter() - started
    print(f"{users:,} users, {entries:,} entries: generated in {generated:.0f} s, built in {built:.1f} s")


TARGET_SECONDS = 60  # 1,000 weekly reports (issue #21)
RESULTS = Path(__file__).parent / "results"


def timed_runs(db: Path, out: Path, runner: str, workers: int, batch_size: int, runs: int) -> list[float]:
    """Run the forced weekly flow `runs` times in this process; return each run's seconds (all reports written)."""
    from independence_flows.weekly import task_runner_named, weekly_insights

    flow = weekly_insights.with_options(task_runner=task_runner_named(runner, workers=workers))
    seconds = []
    for run in range(runs):
        started = time.perf_counter()
        result = flow(db_path=str(db), reports_dir=str(out / str(run)), force=True, batch_size=batch_size, retries=0)
        seconds.append(time.perf_counter() - started)
        assert result["failed"] == 0 and result["written"] == result["due"], result
    return seconds


def subset_warehouse(db: Path, subset: Path, users: int) -> None:
    """Copy the first `users` users of db (and their imports) into a new, built warehouse."""
    import duckdb

    from independence.analysis.transforms import built_warehouse
    from independence.warehouse import Warehouse

    with Warehouse(subset).writing():
        pass
    with duckdb.connect(str(subset)) as con:
        con.execute(f"attach '{db}' as full_warehouse (read_only)").fetchall()
        chosen = f"(select distinct user_id from full_warehouse.entries order by user_id limit {users})"
        for table in ("imports", "entries"):
            con.execute(
                f"insert into {table} select * from full_warehouse.{table} where user_id in {chosen}"
            ).fetchall()
        for table in ("entry_tags", "entry_measures"):
            con.execute(
                f"insert into {table} select t.* from full_warehouse.{table} t "
                f"semi join entries e on e.entry_id = t.entry_id"
            ).fetchall()
        con.execute("detach full_warehouse").fetchall()
    with Warehouse(subset).writing() as con:
        built_warehouse(con)


def report(label: str, users: int, seconds: float) -> None:
    """Print one run's figures (against the target when it renders 1,000 or more reports)."""
    verdict = ""
    if users >= 1000:
        verdict = f"  (1,000 in {seconds * 1000 / users:.0f} s; target {TARGET_SECONDS} s: "
        verdict += ("met" if seconds * 1000 / users <= TARGET_SECONDS else "missed") + ")"
    print(f"  {label:<40} {users:>5} reports  {seconds:7.1f} s  {users / seconds:6.2f} reports/s{verdict}", flush=True)


def run_in_fresh_process(db: Path, out: Path, runner: str, workers: int, batch: int, runs: int = 1) -> list[float]:
    """Time `runs` flow runs in one fresh Python process (the first pays the temporary server's start)."""
    command = [sys.executable, __file__, "--run", str(db), str(out), runner, str(workers), str(batch), str(runs)]
    finished = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(finished.stdout.strip().splitlines()[-1])


def main(users: int, scaling: int) -> None:
    """Generate, then time each configuration in a fresh process."""
    with tempfile.TemporaryDirectory(prefix="bench-weekly-") as scratch:
        folder = Path(scratch)
        db, subset = folder / "warehouse.duckdb", folder / "subset.duckdb"
        generated_warehouse(db, users)
        subset_warehouse(db, subset, scaling)
        runs = 0

        def run(label: str, database: Path, count: int, runner: str, workers: int, batch: int = 20) -> None:
            nonlocal runs
            runs += 1
            report(label, count, run_in_fresh_process(database, folder / f"reports-{runs}", runner, workers, batch)[0])

        print(f"all {users} users, batch size 50 (target: {TARGET_SECONDS} s for 1,000):")
        results = {"users": users, "batch_size": 50, "target_seconds_per_1000": TARGET_SECONDS, "runs": []}
        for label, runner in (("threads, 2 threads", "threads"), ("dask, 2 worker processes", "dask")):
            first, second = run_in_fresh_process(db, folder / f"reports-{runner}", runner, 2, 50, runs=2)
            report(f"{label}, server starting", users, first)
            report(f"{label}, server running", users, second)
            results["runs"].append(
                {"runner": runner, "workers": 2, "server_starting_s": first, "server_running_s": second}
            )
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "weekly.json").write_text(json.dumps(results, indent=2) + "\n")
        from bench.targets import Figure, recorded  # here: this file also runs as a script (--run)

        per_thousand = [run["server_running_s"] * 1000 / users for run in results["runs"] if run["runner"] == "dask"]
        recorded("weekly", [Figure("1,000 weekly reports, Dask, server running", per_thousand[0], TARGET_SECONDS, "s")])
        print(f"{scaling} users, batch size 20:")
        for workers in (1, 2, 4):
            run(f"threads, {workers} thread(s)", subset, scaling, "threads", workers)
        for workers in (1, 2, 4):
            run(f"dask, {workers} worker process(es)", subset, scaling, "dask", workers)
        print(f"{scaling} users, threads (2), by batch size:")
        for batch in (1, 5, 20, 50):
            run(f"batch size {batch}", subset, scaling, "threads", 2, batch)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--run"]:
        db_arg, out_arg, runner_arg, workers_arg, batch_arg, runs_arg = sys.argv[2:8]
        prefect_environment(Path(tempfile.mkdtemp(prefix="bench-prefect-home-")))
        print(
            json.dumps(
                timed_runs(Path(db_arg), Path(out_arg), runner_arg, int(workers_arg), int(batch_arg), int(runs_arg))
            )
        )
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000, int(sys.argv[2]) if len(sys.argv) > 2 else 200)
