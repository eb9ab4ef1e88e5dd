"""The upload page under test: real app, real warehouse file, real spaces folder, in a temporary folder."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import REPO

SAMPLES = REPO / "data" / "samples"
DAYLIO = next(SAMPLES.glob("daylio_export_*.csv"))
MOODS = (SAMPLES / "moods.toml").read_text(encoding="utf-8")


PAGE = "http://localhost"  # the page answers only its allowed hosts (loopback names by default)


@pytest.fixture
def settings(tmp_path):
    from independence.web.settings import WebSettings

    return WebSettings(
        db_path=tmp_path / "warehouse.duckdb",
        spaces_dir=tmp_path / "spaces",
        reports_dir=tmp_path / "reports",
        uploads_per_hour=100,
    )


@pytest.fixture
def client(settings):
    """Return a client of a fresh app; server errors become their error pages, as a browser would see them."""
    from fastapi.testclient import TestClient

    from independence.web.app import create_app

    with TestClient(create_app(settings), base_url=PAGE, raise_server_exceptions=False) as test_client:
        yield test_client


def uploaded(client, content: bytes, name: str = "export.csv", moods: str = "", keep: bool = False):
    """POST an upload and return the response (not followed)."""
    data = {"moods": moods} | ({"keep": "true"} if keep else {})
    return client.post("/upload", files={"file": (name, content)}, data=data, follow_redirects=False)


def settled(client, location: str, seconds: float = 60):
    """Return the space page once it no longer shows progress."""
    deadline = time.monotonic() + seconds
    while True:
        page = client.get(location)
        if "Making your report" not in page.text or time.monotonic() > deadline:
            return page
        time.sleep(0.2)


def reported(client, content: bytes = b"", moods: str = MOODS, **options) -> tuple[str, object]:
    """Upload (the sample by default) and return the space's path and its final page."""
    response = uploaded(client, content or DAYLIO.read_bytes(), moods=moods, **options)
    assert response.status_code == 303, response.text
    return response.headers["location"], settled(client, response.headers["location"])


@contextmanager
def served(settings) -> Iterator[str]:
    """Serve the app with uvicorn, as `independence serve` does, on a free local port in a thread; yield its URL."""
    import uvicorn

    from independence.deployments import free_port
    from independence.web.app import create_app
    from independence.web.serving import server_config

    port = free_port()
    server = uvicorn.Server(server_config(create_app(replace(settings)), "127.0.0.1", port, settings))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


@pytest.fixture
def live_server(settings) -> Iterator[str]:
    """Serve the app with uvicorn on a free local port in a thread; yield its base URL."""
    with served(settings) as url:
        yield url


def user_rows(db: Path, user: str) -> dict[str, int]:
    """Return, for every table of the warehouse, how many rows belong to the user (by user_id or entry)."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        tables = [name for (name,) in con.execute("select table_name from information_schema.tables").fetchall()]
        columns = {
            table: {
                c
                for (c,) in con.execute(
                    "select column_name from information_schema.columns where table_name = ?", [table]
                ).fetchall()
            }
            for table in tables
        }
        counts = {}
        for table in tables:
            if "user_id" in columns[table]:
                counts[table] = con.execute(f"select count(*) from {table} where user_id = ?", [user]).fetchall()[0][0]
        return counts
