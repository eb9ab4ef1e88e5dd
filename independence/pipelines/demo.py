"""Use case: the demo — the shipped synthetic persona's year loaded into a fresh warehouse, judged and reported."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from independence.config import DEMO_DIR, DEMO_WEEKS, SAMPLES_DIR
from independence.errors import ConfigError
from independence.pipelines.builds import built_models
from independence.pipelines.imports import imported_export
from independence.pipelines.insights import person_insights
from independence.pipelines.reports import person_report
from independence.warehouse import Warehouse
from independence.warehouse.load import ImportSummary

DEMO_USER = "demo"


@dataclass(frozen=True)
class DemoRun:
    """What the demo did: its imports, what the warehouse holds, the persona's insights and the report's path."""

    db_path: Path
    imports: list[ImportSummary]
    contents: list[tuple]
    insights: dict
    report: Path


def sample_files(directory: Path = SAMPLES_DIR) -> dict[str, Path]:
    """Return the sample Daylio export, its mood map and the check-ins, keyed 'daylio', 'moods', 'checkins'."""
    exports = sorted(directory.glob("daylio_export_*.csv"))
    if not exports:
        raise ConfigError(f"{directory}: the synthetic samples are not here (run from a checkout: make samples)")
    return {"daylio": exports[0], "moods": directory / "moods.toml", "checkins": directory / "checkins.csv"}


def demo_imports(db_path: Path, directory: Path = SAMPLES_DIR) -> list[ImportSummary]:
    """Replace the warehouse at db_path with one holding the demo persona's samples; return the imports."""
    files = sample_files(directory)
    for stale in (db_path, db_path.with_suffix(db_path.suffix + ".wal")):
        stale.unlink(missing_ok=True)
    return [
        imported_export(files["daylio"], DEMO_USER, db_path=db_path, moods_path=files["moods"]),
        imported_export(files["checkins"], DEMO_USER, db_path=db_path, source="checkin"),
    ]


def warehouse_contents(db_path: Path) -> list[tuple]:
    """Return per app: entries, days, first and last day, tags and measures."""
    with Warehouse(db_path).reading() as con:
        return con.execute(
            """select e.source, count(*), count(distinct e.logged_at_local::date),
                      min(e.logged_at_local)::date, max(e.logged_at_local)::date,
                      (select count(*) from entry_tags t join entries x using (entry_id) where x.source = e.source),
                      (select count(*) from entry_measures m join entries x using (entry_id) where x.source = e.source)
               from entries e group by e.source order by e.source"""
        ).fetchall()


def demo_run(data_dir: Path = DEMO_DIR) -> DemoRun:
    """Load the samples into data_dir/warehouse.duckdb, build it, and write the persona's report (52 weeks)."""
    db_path = data_dir / "warehouse.duckdb"
    imports = demo_imports(db_path)
    contents = warehouse_contents(db_path)
    built_models(db_path)
    insights = person_insights(DEMO_USER, db_path, DEMO_WEEKS)
    report = person_report(DEMO_USER, db_path=db_path, weeks=DEMO_WEEKS, reports_dir=data_dir / "reports")
    return DemoRun(db_path, imports, contents, insights, report)
