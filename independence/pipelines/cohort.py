"""Use cases of the coach's view: one release for a coach, and the demo practice's release."""

from __future__ import annotations

import secrets
from collections.abc import Callable
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
from independence.publish.cohort.ledger import read_ledger, recorded, started_ledger
from independence.publish.cohort.release import ReleaseOptions, release
from independence.publish.cohort.roster import consenting, read_roster
from independence.publish.files import written_atomically
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
    new_ledger: bool = False,
) -> Digest:
    """Build one release from consenting clients only, write its HTML and JSON, and record it in the ledger.

    The ledger must have been written with this key; `new_ledger` retires it first (logged, and the
    cost is among the warnings) — for a lost key only.
    """
    clients = consenting(read_roster(roster_path), options.coach, options.cohort, options.today)
    users = [client.user_id for client in clients]
    warnings = []
    if new_ledger:
        ledger, started = started_ledger(key, ledger_path, options.today)
        warnings.append(started)
    else:
        ledger = read_ledger(key, ledger_path)
    warnings += budget_warnings(ledger.epsilon_spent(options.coach), options.epsilon, budget)
    with Warehouse(db_path).writing() as con:
        current_build(con)
        data = client_data(con, users, options.weeks)
    followed = [client.user_id for client in clients if client.trajectory]
    content, entry = release(data, options, ledger, key, followed)
    html_path, json_path = written_release(content, out or default_out(options))
    recorded(ledger, entry)
    return Digest(content, html_path, json_path, warnings)


def print_nothing(_message: str) -> None:
    """Ignore progress messages."""


def practice_files(directory: Path) -> dict[str, list[Path]]:
    """Return each client's export files in a practice folder, by user id (from the file names)."""
    files: dict[str, list[Path]] = {}
    for path in sorted(directory.glob("*.csv")):
        if path.name != "roster.csv":
            files.setdefault(path.stem.rsplit("-", 1)[0], []).append(path)
    return files


def demo_key(data_dir: Path) -> bytes:
    """Return the demo folder's pseudonym key, made once (owner-only) and kept, so its ledger stays usable."""
    path = data_dir / "pseudonym.key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        written_atomically(path, secrets.token_hex(32).encode())
    return path.read_text(encoding="utf-8").strip().encode()


def cohort_demo(
    data_dir: Path = COHORT_DEMO_DIR, practice_dir: Path = PRACTICE_DIR, progress: Callable[[str], None] = print_nothing
) -> Digest:
    """Re-import the shipped practice into data_dir and write Robin's release, checked against the folder's ledger.

    The folder keeps its key and ledger between runs: the warehouse and pages are made anew, and a
    release of a week already released is checked against the earlier one like any other.
    """
    if not (practice_dir / "roster.csv").is_file():
        raise ConfigError(f"{practice_dir}: the synthetic practice is not here (run from a checkout: make samples)")
    key = demo_key(data_dir)
    db_path = data_dir / "warehouse.duckdb"
    for stale in (db_path, db_path.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    files = [(user, path) for user, paths in practice_files(practice_dir).items() for path in paths]
    progress(f"Importing the practice: {len(files)} export files of {len({user for user, _ in files})} clients")
    for done, (user, path) in enumerate(files, start=1):
        imported_export(path, user, db_path=db_path, moods_path=practice_dir / "moods.toml")
        if done % 10 == 0 or done == len(files):
            progress(f"  {done} of {len(files)} files imported")
    progress("Building the models, judging each client's trends, checking the release against the ledger")
    return coach_release(
        practice_dir / "roster.csv",
        release_options(DEMO_COACH, trajectories=True),
        key,
        db_path=db_path,
        out=data_dir / "robin.html",
        ledger_path=data_dir / "ledger.json",
    )
