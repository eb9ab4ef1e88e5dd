"""Kill -9 at random moments of an import, a build and a report write: the warehouse and the files stay whole.

The moments are drawn from a seeded generator across each command's measured run time, so every run
kills at the same spread of points (early parsing, staging, the load transaction, the build, the write).
docs/reliability.md records the figures.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time

import duckdb

from dev.synth import write_bulk_daylio
from independence.warehouse import Warehouse
from independence.warehouse.checks import failed_checks
from tests.helpers import CLI

KILLS = 3
ROWS = 10_000


def environment() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key != "INDEPENDENCE_DB"}


def timed(command: list[str]) -> float:
    """Return how long the command takes to finish on its own (it must succeed)."""
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, env=environment(), timeout=300)
    assert result.returncode == 0, result.stderr
    return time.monotonic() - started


def killed_after(command: list[str], seconds: float) -> bool:
    """Run the command and SIGKILL it after `seconds`; return whether it was still running then."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment())
    try:
        process.wait(timeout=seconds)
        return False
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True


def contents(db) -> dict[str, int]:
    """Return the row count of every table of the warehouse (it must open)."""
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [name for (name,) in con.execute("select table_name from information_schema.tables").fetchall()]
        return {table: con.execute(f"select count(*) from {table}").fetchall()[0][0] for table in tables}


def test_imports_builds_and_report_writes_survive_kill_9_at_random_moments(tmp_path):
    draw = random.Random(19)
    db = tmp_path / "warehouse.duckdb"
    exports = [write_bulk_daylio(tmp_path / f"{n}.csv", ROWS, n) for n in range(KILLS + 1)]
    ingest = [str(CLI), "ingest", "--user", "ana", "--db", str(db)]
    taken = timed([*ingest, str(exports[0])])
    state, pending = contents(db), exports[1:]
    for _ in range(KILLS):
        killed_after([*ingest, str(pending[0])], draw.uniform(0.1, taken))
        now = contents(db)
        if now != state:  # killed after its commit, while the process was ending: the whole import is there
            assert now["imports"] == state["imports"] + 1 and now["entries"] > state["entries"]
            pending = pending[1:]
        state = now
        with Warehouse(db).writing() as con:
            assert failed_checks(con) == {}, "no half-import: every check of the warehouse passes"
    for export in pending:
        timed([*ingest, str(export)])
    after_import = contents(db)
    assert after_import["imports"] == KILLS + 1

    build = [str(CLI), "build", "--db", str(db)]
    taken = timed(build)
    builds = contents(db)["builds"]
    for _ in range(KILLS):
        killed_after(build, draw.uniform(0.1, taken))
        now = contents(db)
        assert now["entries"] == after_import["entries"] and now["builds"] >= builds
    timed(build)

    out = tmp_path / "reports" / "ana.html"
    report = [str(CLI), "report", "--user", "ana", "--db", str(db), "--out", str(out)]
    taken = timed(report)
    written = out.read_bytes()
    for _ in range(KILLS):
        killed_after(report, draw.uniform(0.1, taken))
        assert out.read_bytes().rstrip().endswith(b"</html>"), "the report is the old one or the new one, whole"
    timed(report)
    assert out.read_bytes().rstrip().endswith(b"</html>") and len(out.read_bytes()) > len(written) / 2
    leftovers = [path.name for path in out.parent.iterdir() if path.name.startswith(".")]
    assert leftovers == [], "the next write removes what a killed one left"
