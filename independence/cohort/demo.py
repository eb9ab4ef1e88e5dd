"""The coach's demo: the shipped synthetic practice imported into a fresh warehouse, then one release."""

from __future__ import annotations

import secrets
import shutil
import tempfile
from pathlib import Path

from independence.cohort.digest import Digest, cohort_digest, release_options
from independence.ingest import imported_export
from independence.synth_clients import practice_clients, write_practice
from independence.transforms import built_warehouse
from independence.warehouse import open_warehouse

PRACTICE_DIR = Path(__file__).resolve().parents[2] / "data" / "samples" / "cohort"
DEMO_COACH = "Robin"


def practice_files(directory: Path) -> dict[str, list[Path]]:
    """Return each client's export files in a practice folder, by user id (from the file names)."""
    files: dict[str, list[Path]] = {}
    for path in sorted(directory.glob("*.csv")):
        if path.name != "roster.csv":
            files.setdefault(path.stem.rsplit("-", 1)[0], []).append(path)
    return files


def demo_release(data_dir: Path) -> Digest:
    """Replace data_dir with the practice's warehouse and write Robin's release (a fresh, unsaved key)."""
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as scratch:
        directory = PRACTICE_DIR if PRACTICE_DIR.is_dir() else Path(scratch)
        if directory != PRACTICE_DIR:
            write_practice(directory, practice_clients())
        db_path = data_dir / "warehouse.duckdb"
        for user, paths in practice_files(directory).items():
            for path in paths:
                imported_export(path, user, db_path=db_path, moods_path=directory / "moods.toml")
        with open_warehouse(db_path) as con:
            built_warehouse(con)
            return cohort_digest(
                con,
                directory / "roster.csv",
                release_options(DEMO_COACH, None, 5, None, 26, True),
                secrets.token_bytes(32),
                out=data_dir / "robin.html",
                ledger_path=data_dir / "ledger.json",
            )
