"""Benchmark: one person's report from a 10-year, ~10,000-entry history, after the imports.

Two synthetic Daylio exports of 3,650 days each (two phones of one persona) and weekly check-ins are
imported and built first (not timed). Then it times the report in-process (HTML with the default
26-week window and with all 520 weeks, PDF, PNG) and the whole `independence report` command in a
fresh process, and prints each file's size. Usage: python -m bench.report
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.targets import Figure, recorded
from dev.synth import DAYLIO_HEADER, TEMPLATE_HEADER, PersonaSpec, checkin_rows, csv_text, daylio_rows
from independence.analysis.transforms import built_warehouse
from independence.pipelines.imports import imported_export
from independence.pipelines.reports import report_bytes
from independence.publish.report.bundle import vega_bundle
from independence.warehouse import Warehouse

USER = "bench"
DAYS = 3650
CLI = Path(sys.executable).with_name("independence")


def history(folder: Path) -> Path:
    """Write and import the 10-year history; return the built warehouse."""
    db = folder / "warehouse.duckdb"
    for seed in (7, 8):
        spec = dataclasses.replace(PersonaSpec(), seed=seed, days=DAYS, first_day=dt.date(2016, 11, 7))
        export = folder / f"daylio_{seed}.csv"
        export.write_text(csv_text(DAYLIO_HEADER, daylio_rows(spec), quote_all=True), encoding="utf-8")
        imported_export(export, USER, db_path=db, moods_path=Path("data/samples/moods.toml"))
    checkins = folder / "checkins.csv"
    checkins.write_text(csv_text(TEMPLATE_HEADER, checkin_rows(spec)), encoding="utf-8")
    imported_export(checkins, USER, db_path=db, source="checkin")
    with Warehouse(db).writing() as con:
        built_warehouse(con)
    return db


def timed(function, repeats: int = 3) -> tuple[float, object]:
    """Return the median seconds of `repeats` calls and the last result."""
    seconds = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), result


def main() -> None:
    """Build the history, then time and size every kind of report."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        db = history(folder)
        with Warehouse(db).reading() as con:
            entries, days = con.execute(
                "select count(*), count(distinct logged_at_local::date) from entries"
            ).fetchall()[0]
            print(f"history: {entries:,} entries on {days:,} days over {DAYS / 365.25:.0f} years")
            started = time.perf_counter()
            vega_bundle()
            print(f"script bundle (cached on disk after the first report ever): {time.perf_counter() - started:.2f} s")
            today = dt.date.today()
            for fmt, weeks in (("html", 26), ("html", 520), ("pdf", 26), ("png", 26)):
                seconds, content = timed(lambda fmt=fmt, weeks=weeks: report_bytes(con, USER, fmt, weeks, False, today))
                print(f"{fmt} report, {weeks} weeks: {seconds:.2f} s in-process, {len(content) / 1e6:.2f} MB")
        out = folder / "cli.html"
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run(
                [str(CLI), "report", "--user", USER, "--db", str(db), "--out", str(out)],
                check=True,
                capture_output=True,
            )
            runs.append(time.perf_counter() - started)
        print(f"`independence report --user` in a fresh process: {statistics.median(runs):.2f} s (median of 3)")
        print(f"`independence report FILE`, a year of Daylio, in a fresh process: {file_report_seconds(out)}")


FILE_REPORT_TARGET = 1.5  # seconds from process start (issue #21)


def file_report_seconds(out: Path) -> str:
    """Return the median, min and max of 3 `independence report FILE` runs on the shipped year of Daylio, with the
    target; one run before them fills the caches a first report ever fills (script bundle, chart templates)."""
    command = [
        str(CLI),
        "report",
        "data/samples/daylio_export_2026_11_01.csv",
        "--moods",
        "data/samples/moods.toml",
        "--out",
        str(out),
    ]
    subprocess.run(command, check=True, capture_output=True)
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        runs.append(time.perf_counter() - started)
    median = statistics.median(runs)
    recorded(
        "report",
        [Figure("independence report FILE, a year of Daylio, from process start", median, FILE_REPORT_TARGET, "s")],
    )
    verdict = "met" if median <= FILE_REPORT_TARGET else "missed"
    return f"{median:.2f} s (min {min(runs):.2f}, max {max(runs):.2f}; target {FILE_REPORT_TARGET} s: {verdict})"


if __name__ == "__main__":
    main()
