"""Shared fixtures. Prefect's settings are fixed here, before anything imports prefect."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="prefect-home-tests-")
atexit.register(shutil.rmtree, os.environ["PREFECT_HOME"], ignore_errors=True)
os.environ.update(
    {
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "60",
    }
)
os.environ.pop("PREFECT_API_URL", None)
os.environ.pop("INDEPENDENCE_DB", None)

import duckdb  # noqa: E402
import pytest  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def fixtures() -> Path:
    """Return the folder of hand-made synthetic fixtures."""
    return FIXTURES


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Return a path for a fresh warehouse file in the test's own folder."""
    return tmp_path / "warehouse.duckdb"


@pytest.fixture(scope="session")
def prefect_api():
    """Run a real temporary Prefect API for the whole session, shared by every flow test."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield


@contextmanager
def held_by_another_process(db: Path, seconds: float) -> Iterator[subprocess.Popen]:
    """Create the warehouse, then hold it open for writing in another process for `seconds`.

    Yields once the other process holds it; when the block ends that process is gone (killed if needed).
    """
    from independence.warehouse import Warehouse

    with Warehouse(db).writing():
        pass
    script = (
        "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); "
        "time.sleep(float(sys.argv[2]))"
    )
    holder = subprocess.Popen([sys.executable, "-c", script, str(db), str(seconds)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        holder.kill()
        holder.wait()


def table_snapshot(db: Path) -> dict[str, list[tuple]]:
    """Return every row of every canonical table, sorted, to compare a warehouse before and after."""
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            table: sorted(con.execute(f"select * from {table}").fetchall(), key=repr)
            for table in ("imports", "entries", "entry_tags", "entry_measures", "rejected_rows", "schema_version")
        }


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """Return a built warehouse holding the demo persona's shipped samples (one year, with check-ins)."""
    from independence.analysis.transforms import built_warehouse
    from independence.pipelines.demo import demo_imports
    from independence.warehouse import Warehouse

    db = tmp_path_factory.mktemp("demo") / "warehouse.duckdb"
    demo_imports(db)
    with Warehouse(db).writing() as con:
        built_warehouse(con)
    return db


@pytest.fixture(scope="module")
def browser():
    """Return Debian's chromium driven by Playwright, shared by one test module (its tests skip without it)."""
    from playwright.sync_api import sync_playwright

    from tests.publish.report.conftest import CHROMIUM

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()
