"""Use cases of the coach's view: one release for a coach, and the demo practice's release."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path

import duckdb

from independence.config import COHORT_DEMO_DIR, LEDGER_PATH, PRACTICE_DIR
from independence.errors import ConfigError
from independence.pipelines.builds import current_build
from independence.pipelines.imports import imported_export
from independence.pipelines.insights import judgements
from independence.publish.cohort.clients import ClientData, client_data
from independence.publish.cohort.ledger import (
    client_hash,
    folded_ledger_file,
    read_ledger,
    recorded,
    started_ledger,
)
from independence.publish.cohort.release import ReleaseOptions, release
from independence.publish.cohort.roster import consenting, read_roster
from independence.publish.cohort.written import (
    DEFAULT_BUDGET,
    WrittenRelease,
    budget_warnings,
    default_out,
    release_options,
    written_release,
)
from independence.publish.files import written_atomically
from independence.warehouse import Warehouse, marts

DEMO_COACH = "Robin"


def coach_release(
    roster_path: Path,
    options: ReleaseOptions,
    key: bytes,
    *,
    db_path: Path | None = None,
    out: Path | None = None,
    budget: float = DEFAULT_BUDGET,
    new_ledger: bool = False,
    ledger_file: Path = LEDGER_PATH,
) -> WrittenRelease:
    """Build one release from consenting clients only, record it in the warehouse's ledger, then write its HTML
    and JSON.

    Every release from the warehouse is audited against every earlier one from it, whatever folder it runs
    from. The ledger must have been written with this key; `new_ledger` retires it first (logged, and the
    cost is among the warnings) — for a lost key only. A ledger file of the earlier design (`ledger_file`)
    is folded into the warehouse once. The release is recorded before its files are written, so nothing
    is ever shown that the ledger does not hold.
    """
    clients = consenting(read_roster(roster_path), options.coach, options.cohort, options.today)
    users = [client.user_id for client in clients]
    warnings = []
    with Warehouse(db_path).writing() as con:
        if folded := folded_ledger_file(con, key, ledger_file, options.today):
            warnings.append(folded)
        if new_ledger:
            ledger, started = started_ledger(con, key)
            warnings.append(started)
        else:
            ledger = read_ledger(con, key)
        spent = ledger.epsilon_spent(frozenset(client_hash(key, user) for user in users))
        warnings += budget_warnings(spent, options.epsilon, budget)
        current_build(con)
        data = cohort_client_data(con, users, options.weeks)
        followed = [client.user_id for client in clients if client.trajectory]
        content, entry = release(data, options, ledger, key, followed)
        recorded(con, ledger, entry)
    html_path, json_path = written_release(content, out or default_out(options))
    return WrittenRelease(content, html_path, json_path, warnings)


def cohort_client_data(con: duckdb.DuckDBPyConnection, users: list[str], weeks: int) -> ClientData:
    """Return the consenting clients' weekly values, verdicts, slopes and entries over the cohort's window: rows
    filtered to these users before anything else, then judged."""
    mondays = marts.cohort_weeks(con, users, weeks) if users else []
    rows = marts.cohort_rows(con, users, mondays[0], mondays[-1]) if mondays else {}
    judged = judgements(con, users, weeks, with_tags=False) if users else {}
    return client_data(users, mondays, rows, judged)


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
) -> WrittenRelease:
    """Import the shipped practice into data_dir's warehouse and write Robin's release, checked against its ledger.

    The folder keeps its key and its warehouse (whose ledger holds every earlier release) between runs:
    the practice's files are imported again (entries already there are recognised), and a release of a
    week already released is checked against the earlier one like any other.
    """
    if not (practice_dir / "roster.csv").is_file():
        raise ConfigError(f"{practice_dir}: the synthetic practice is not here (run from a checkout: make samples)")
    key = demo_key(data_dir)
    db_path = data_dir / "warehouse.duckdb"
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
        ledger_file=data_dir / "ledger.json",
    )
