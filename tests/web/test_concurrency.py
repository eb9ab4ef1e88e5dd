"""Twenty uploads at once while a weekly run works on the same warehouse from another process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import httpx

from tests.web.conftest import DAYLIO, MOODS

UPLOADS = 20
EARLY_USERS = 120  # one person per render task: the run renders for ~9 s, past the first upload's import


def test_twenty_simultaneous_uploads_and_a_weekly_run_all_succeed_with_every_entry_once(
    live_server, settings, tmp_path
):
    from independence.pipelines.imports import imported_export

    (tmp_path / "moods.toml").write_text(MOODS)
    for number in range(EARLY_USERS):  # the weekly run has reports to render while uploads arrive
        imported_export(DAYLIO, f"early-{number}", db_path=settings.db_path, moods_path=tmp_path / "moods.toml")
    per_upload = imported_export(DAYLIO, "x", db_path=tmp_path / "ref.duckdb", moods_path=tmp_path / "moods.toml")

    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_API")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    weekly = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("independence")),
            "weekly",
            "--db",
            str(settings.db_path),
            "--reports-dir",
            str(settings.reports_dir),
            "--retries",
            "0",
            "--batch-size",
            "1",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )

    def upload(number: int) -> str:
        with httpx.Client(base_url=live_server, timeout=120, follow_redirects=True) as client:
            response = client.post(
                "/upload", files={"file": (f"daylio-{number}.csv", DAYLIO.read_bytes())}, data={"moods": MOODS}
            )
            assert response.status_code == 200 and "/r/" in str(response.url), response.text[:500]
            deadline = time.monotonic() + 300
            while "Making your report" in response.text and time.monotonic() < deadline:
                time.sleep(0.5)
                response = client.get(response.url.path)
            assert "Your independence report" in response.text, response.text[:500]
            return response.url.path

    deadline = time.monotonic() + 120  # start uploading once the weekly run is rendering
    while not list(settings.reports_dir.glob("early-*/*.html")) and weekly.poll() is None:
        assert time.monotonic() < deadline, "the weekly run wrote no report"
        time.sleep(0.1)
    with ThreadPoolExecutor(UPLOADS) as pool:
        spaces = list(pool.map(upload, range(UPLOADS)))
    output, _ = weekly.communicate(timeout=300)
    assert weekly.returncode == 0, output
    assert re.search(r"reports? written for", output), output

    assert len(set(spaces)) == UPLOADS
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        per_user = con.execute(
            "select user_id, count(*), count(distinct entry_id) from entries group by user_id"
        ).fetchall()
        web_users = [row for row in per_user if row[0].startswith("web-")]
        assert len(web_users) == UPLOADS
        assert all(total == distinct == per_upload.entries_added for _, total, distinct in per_user)
        assert con.execute("select count(*) from imports where user_id like 'web-%'").fetchall() == [(UPLOADS,)]
        assert con.execute("select count(*) from report_runs where status = 'ok'").fetchall() == [(EARLY_USERS,)]
        first_upload, rendering = con.execute(
            """select (select min(started_at) from imports where user_id like 'web-%'),
                      [min(started_at), max(finished_at)]
               from report_runs"""
        ).fetchall()[0]
    assert first_upload < rendering[1], f"no report rendered after the first upload began ({first_upload}): {rendering}"
