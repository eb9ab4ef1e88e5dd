"""Writers queue: four `independence ingest` and a `build` started at once into one warehouse all succeed."""

from __future__ import annotations

import json
import os
import subprocess

import duckdb

from dev.synth import write_bulk_daylio
from tests.helpers import CLI

USERS = ["ana", "ben", "cy", "dee"]
ROWS = 40_000  # each import takes a second or two, so the five commands overlap


def test_four_imports_and_a_build_at_once_all_succeed_with_exact_totals(tmp_path):
    db = tmp_path / "warehouse.duckdb"
    environment = {key: value for key, value in os.environ.items() if key != "INDEPENDENCE_DB"}
    exports = {user: write_bulk_daylio(tmp_path / f"{user}.csv", ROWS, seed=n) for n, user in enumerate(USERS)}
    commands = [
        [str(CLI), "ingest", str(path), "--user", user, "--db", str(db), "--json"] for user, path in exports.items()
    ]
    commands.append([str(CLI), "build", "--db", str(db)])
    started = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment)
        for command in commands
    ]
    finished = [process.communicate(timeout=300) for process in started]
    for process, (out, err) in zip(started, finished, strict=True):
        assert process.returncode == 0, err
        assert "Traceback" not in err
    added = {json.loads(out)["user"]: json.loads(out)["entries_added"] for out, _ in finished[:4]}
    assert all(count > 0 for count in added.values()), added
    with duckdb.connect(str(db), read_only=True) as con:
        stored = dict(con.execute("select user_id, count(*) from entries group by user_id").fetchall())
    assert stored == added, (stored, added)
    assert all(count > 0.9 * ROWS for count in stored.values())
