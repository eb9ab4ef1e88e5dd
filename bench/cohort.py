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
from independence.errors import ConfigError
from independence.pipelines.cohort import coach_release
from independence.publish.cohort.written import release_options
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
            # exact, then exact again against the first's ledger (the audit's cost), then DP: ε = 10 is
            # refused as noise at these sizes (say so), ε = 300 is not
            for label, epsilon in (("exact", None), ("exact, again", None), ("DP ε = 300", 300.0)):
                options = release_options("Robin", "all", 5, epsilon, 26, False, dt.date(2026, 11, 27))
                started = time.perf_counter()
                digest = coach_release(
                    roster,
                    options,
                    KEY,
                    db_path=db,
                    out=folder / "r.html",
                    ledger_path=folder / f"l{epsilon}.json",
                    budget=1000.0,
                )
                seconds = time.perf_counter() - started
                print(
                    f"{clients} clients, {label}: {seconds:.2f} s, {hidden_share(digest.content):.0%} of weekly "
                    f"cells hidden, page {digest.html_path.stat().st_size / 1e6:.2f} MB, ledger entry "
                    f"{(folder / f'l{epsilon}.json').stat().st_size / 1e3:.0f} KB"
                )
            try:
                coach_release(
                    roster,
                    release_options("Robin", "all", 5, 10.0, 26, False, dt.date(2026, 11, 27)),
                    KEY,
                    db_path=db,
                    out=folder / "refused.html",
                    ledger_path=folder / "refused.json",
                )
            except ConfigError as error:
                print(f"{clients} clients, DP ε = 10: refused: {error}")


if __name__ == "__main__":
    main()
