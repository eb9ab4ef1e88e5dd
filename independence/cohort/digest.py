"""One cohort release end to end: roster -> consenting clients -> cells -> JSON, HTML and the ledger."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb

from independence.cohort.clients import client_data
from independence.cohort.ledger import LEDGER_PATH, read_ledger, recorded
from independence.cohort.page import cohort_html
from independence.cohort.release import MIN_K, ReleaseOptions, release
from independence.cohort.roster import consenting, read_roster
from independence.errors import ConfigError
from independence.report import written_atomically

DEFAULT_BUDGET = 10.0
COHORT_DIR = Path("data/cohort")


@dataclass(frozen=True)
class Digest:
    """A written release: its JSON content, where the HTML and JSON are, and warnings for the coach."""

    content: dict
    html_path: Path
    json_path: Path
    warnings: list[str]


def default_out(options: ReleaseOptions, directory: Path = COHORT_DIR) -> Path:
    """Return data/cohort/<coach>[-<cohort>]-<ISO week>.html."""
    name = "-".join(filter(None, [options.coach, options.cohort, f"{options.today:%G-W%V}"]))
    return directory / f"{''.join(c if c.isalnum() or c in '-_' else '_' for c in name)}.html"


def budget_warnings(spent: float, epsilon: float | None, budget: float) -> list[str]:
    """Return warnings when this release brings the cohort's cumulative ε near or over the budget."""
    if epsilon is None:
        return []
    after = spent + epsilon
    if after > budget:
        return [f"this release takes the cohort's cumulative ε to {after:g}, over the budget of {budget:g}"]
    if after > 0.8 * budget:
        return [f"this release takes the cohort's cumulative ε to {after:g} of a budget of {budget:g}"]
    return []


def cohort_digest(
    con: duckdb.DuckDBPyConnection,
    roster_path: Path,
    options: ReleaseOptions,
    key: bytes,
    *,
    out: Path | None = None,
    ledger_path: Path = LEDGER_PATH,
    budget: float = DEFAULT_BUDGET,
) -> Digest:
    """Build one release for consenting clients only, write its HTML and JSON, and record it in the ledger."""
    if options.k < MIN_K:
        raise ConfigError(f"--k must be at least {MIN_K}: smaller groups would single people out")
    if options.epsilon is not None and options.epsilon <= 0:
        raise ConfigError("--dp-epsilon must be positive")
    clients = consenting(read_roster(roster_path), options.coach, options.cohort, options.today)
    users = [client.user_id for client in clients]
    ledger = read_ledger(ledger_path)
    warnings = budget_warnings(ledger.epsilon_spent(options.coach, options.cohort), options.epsilon, budget)
    data = client_data(con, users, options.weeks)
    followed = [client.user_id for client in clients if client.trajectory]
    content, entry = release(data, options, ledger, key, followed)
    html_path = out or default_out(options)
    json_path = html_path.with_suffix(".json")
    written_atomically(html_path, cohort_html(content).encode("utf-8"))
    written_atomically(json_path, json.dumps(content, indent=1, ensure_ascii=False).encode("utf-8"))
    recorded(ledger, entry)
    return Digest(content, html_path, json_path, warnings)


def release_options(
    coach: str,
    cohort: str | None,
    k: int,
    epsilon: float | None,
    weeks: int,
    trajectories: bool,
    today: dt.date | None = None,
) -> ReleaseOptions:
    """Return the options of one release (today by default)."""
    return ReleaseOptions(coach, cohort, k, epsilon, weeks, trajectories, today or dt.date.today())
