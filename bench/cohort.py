"""Benchmark: one coach's release over 200 and 1,000 consenting clients (30 weeks each), exact and with DP.

Clients come from the synthetic cohort generator, loaded straight into a warehouse and built (not
timed). Prints the time of one release (read, cells, HTML, JSON, ledger) and the share of hidden
cells. Usage: python -m bench.cohort
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

from dev.synth_clients import consenting_roster
from dev.synth_cohort import CohortSpec, cohort_frames, loaded_cohort
from independence.analysis.transforms import built_warehouse
from independence.pipelines.cohort import coach_release
from independence.publish.cohort.digest import release_options
from independence.warehouse import Warehouse

KEY = b"benchmark-key-0123456789abcdef"


def hidden_share(content: dict) -> float:
    """Return the share of weekly cells that are suppressed."""
    cells = content["weekly_signs"]
    return sum(cell["suppressed"] for cell in cells) / len(cells)


def main() -> None:
    """Build each cohort, then time one exact and one noisy release."""
    for clients in (200, 1000):
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            spec = CohortSpec(personas=clients, seed=3, prefix="bench")
            db = folder / "warehouse.duckdb"
            with Warehouse(db).writing() as con:
                loaded_cohort(con, cohort_frames(spec))
                built_warehouse(con)
            roster = consenting_roster(folder / "roster.csv", spec.user_ids(), "Robin", "all")
            for epsilon in (None, 10.0):
                options = release_options("Robin", "all", 5, epsilon, 26, False, dt.date(2026, 11, 27))
                started = time.perf_counter()
                digest = coach_release(
                    roster, options, KEY, db_path=db, out=folder / "r.html", ledger_path=folder / f"l{epsilon}.json"
                )
                seconds = time.perf_counter() - started
                label = "exact" if epsilon is None else f"DP ε = {epsilon:g}"
                print(
                    f"{clients} clients, {label}: {seconds:.2f} s, {hidden_share(digest.content):.0%} of weekly "
                    f"cells hidden, page {digest.html_path.stat().st_size / 1e6:.2f} MB, ledger entry "
                    f"{(folder / f'l{epsilon}.json').stat().st_size / 1e3:.0f} KB"
                )


if __name__ == "__main__":
    main()
