"""The demo: the shipped synthetic samples loaded into a fresh warehouse."""

from __future__ import annotations

import tempfile
from pathlib import Path

from independence.ingest import imported_export
from independence.synth import write_samples
from independence.warehouse import open_warehouse
from independence.warehouse.load import ImportSummary

SAMPLES_DIR = Path(__file__).resolve().parents[1] / "data" / "samples"
DEMO_USER = "demo"
DEMO_WEEKS = 52  # the sample covers one year; people's own reports default to the last 26 weeks


def sample_files(directory: Path = SAMPLES_DIR) -> dict[str, Path]:
    """Return the sample Daylio export, its mood map and the check-ins, keyed 'daylio', 'moods', 'checkins'."""
    return {
        "daylio": next(directory.glob("daylio_export_*.csv")),
        "moods": directory / "moods.toml",
        "checkins": directory / "checkins.csv",
    }


def demo_imports(db_path: Path) -> list[ImportSummary]:
    """Replace the warehouse at db_path with one holding the demo persona's samples; return the imports."""
    for stale in (db_path, db_path.with_suffix(db_path.suffix + ".wal")):
        stale.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        directory = SAMPLES_DIR if SAMPLES_DIR.is_dir() else Path(scratch)
        if directory != SAMPLES_DIR:
            write_samples(directory)
        files = sample_files(directory)
        return [
            imported_export(files["daylio"], DEMO_USER, db_path=db_path, moods_path=files["moods"]),
            imported_export(files["checkins"], DEMO_USER, db_path=db_path, source="checkin"),
        ]


def demo_overview(db_path: Path) -> str:
    """Return a few lines on what the demo warehouse holds: entries, days, tags and measures per source."""
    with open_warehouse(db_path, read_only=True) as con:
        rows = con.execute(
            """select e.source, count(*), count(distinct e.logged_at_local::date),
                      min(e.logged_at_local)::date, max(e.logged_at_local)::date,
                      (select count(*) from entry_tags t join entries x using (entry_id) where x.source = e.source),
                      (select count(*) from entry_measures m join entries x using (entry_id) where x.source = e.source)
               from entries e group by e.source order by e.source"""
        ).fetchall()
    lines = ["Warehouse contents:"]
    for source, entries, days, first, last, tags, measures in rows:
        lines.append(
            f"  {source}: {entries} entries on {days} days, {first} to {last}; {tags} tags, {measures} measures"
        )
    return "\n".join(lines)
