"""Use cases of the coach's view: one release for a coach, and the demo practice's release."""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path

from independence.config import COHORT_DEMO_DIR, LEDGER_PATH, PRACTICE_DIR
from independence.errors import ConfigError
from independence.pipelines.builds import current_build
from independence.pipelines.imports import imported_export
from independence.publish.cohort.clients import client_data
from independence.publish.cohort.digest import (
    DEFAULT_BUDGET,
    Digest,
    budget_warnings,
    default_out,
    release_options,
    written_release,
)
from independence.publish.cohort.ledger import read_ledger, recorded
from independence.publish.cohort.release import ReleaseOptions, release
from independence.publish.cohort.roster import consenting, read_roster
from independence.warehouse import Warehouse

DEMO_COACH = "Robin"


def coach_release(
    roster_path: Path,
    options: ReleaseOptions,
    key: bytes,
    *,
    db_path: Path | None = None,
    out: Path | None = None,
    ledger_path: Path = LEDGER_PATH,
    budget: float = DEFAULT_BUDGET,
) -> Digest:
    """Build one release from consenting clients only, write its HTML and JSON, and record it in the ledger."""
    clients = consenting(read_roster(roster_path), options.coach, options.cohort, options.today)
    users = [client.user_id for client in clients]
    ledger = read_ledger(ledger_path)
    warnings = budget_warnings(ledger.epsilon_spent(options.coach, options.cohort), options.epsilon, budget)
    with Warehouse(db_path).writing() as con:
        current_build(con)
        data = client_data(con, users, options.weeks)
    followed = [client.user_id for client in clients if client.trajectory]
    content, entry = release(data, options, ledger, key, followed)
    html_path, json_path = written_release(content, out or default_out(options))
    recorded(ledger, entry)
    return Digest(content, html_path, json_path, warnings)


def practice_files(directory: Path) -> dict[str, list[Path]]:
    """Return each client's export files in a practice folder, by user id (from the file names)."""
    files: dict[str, list[Path]] = {}
    for path in sorted(directory.glob("*.csv")):
        if path.name != "roster.csv":
            files.setdefault(path.stem.rsplit("-", 1)[0], []).append(path)
    return files


def cohort_demo(data_dir: Path = COHORT_DEMO_DIR, practice_dir: Path = PRACTICE_DIR) -> Digest:
    """Replace data_dir with the shipped practice's warehouse and write Robin's release (a fresh, unsaved key)."""
    if not (practice_dir / "roster.csv").is_file():
        raise ConfigError(f"{practice_dir}: the synthetic practice is not here (run from a checkout: make samples)")
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    db_path = data_dir / "warehouse.duckdb"
    for user, paths in practice_files(practice_dir).items():
        for path in paths:
            imported_export(path, user, db_path=db_path, moods_path=practice_dir / "moods.toml")
    return coach_release(
        practice_dir / "roster.csv",
        release_options(DEMO_COACH, trajectories=True),
        secrets.token_bytes(32),
        db_path=db_path,
        out=data_dir / "robin.html",
        ledger_path=data_dir / "ledger.json",
    )
