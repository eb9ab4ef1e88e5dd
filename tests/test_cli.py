"""The installed `independence` command, run as a person runs it: exit codes, JSON, messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, count_rows

CLI = Path(sys.executable).with_name("independence")
JSON_KEYS = ["user", "source", "file", "rows_read", "entries_added", "duplicates_skipped", "rejected", "rejects"]


def run(*args: str, cwd: Path = REPO, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key != "INDEPENDENCE_DB"} | (env or {})
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, cwd=cwd, env=environment, timeout=120)


def test_help_lists_every_command():
    result = run("--help")
    assert result.returncode == 0
    assert "ingest" in result.stdout and "demo" in result.stdout


def test_ingest_json_prints_one_object_per_file_with_exactly_the_documented_keys(fixtures, db_path):
    result = run(
        "ingest",
        str(fixtures / "daylio" / "era_2021.csv"),
        str(fixtures / "checkin" / "checkins.csv"),
        "--user",
        "ana",
        "--db",
        str(db_path),
        "--json",
    )
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [list(obj) for obj in objects] == [JSON_KEYS, JSON_KEYS]
    assert [(obj["source"], obj["entries_added"], obj["rejected"]) for obj in objects] == [
        ("daylio", 5, 2),
        ("checkin", 3, 4),
    ]
    assert objects[0]["rejects"][0] == {"line": 6, "reason": "cannot read time '25:61'"}


def test_human_summary_names_counts_and_rejected_lines_but_never_note_text(fixtures, db_path):
    result = run("ingest", str(fixtures / "daylio" / "era_2021.csv"), "--user", "ana", "--db", str(db_path))
    assert result.returncode == 0
    assert "entries added 5" in result.stdout and "line 6: cannot read time '25:61'" in result.stdout
    assert "let's talk" not in result.stdout + result.stderr


def test_db_path_can_come_from_the_environment(fixtures, tmp_path):
    db = tmp_path / "from_env.duckdb"
    result = run("ingest", str(fixtures / "daylio" / "era_2020.csv"), "--user", "ana", env={"INDEPENDENCE_DB": str(db)})
    assert result.returncode == 0, result.stderr
    assert count_rows(db, "select count(*) from entries") == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "the file is empty"),
        ("other_app.csv", b"Date,Mood,Notes\n1,2,3\n", "from no supported app"),
        ("garbage.csv", bytes(range(256)) * 4, "binary content"),
        ("missing.csv", None, "no such file"),
    ],
)
def test_files_that_cannot_load_exit_non_zero_with_the_reason(tmp_path, db_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run("ingest", str(path), "--user", "ana", "--db", str(db_path), "--json")
    assert result.returncode == 1
    assert message in result.stderr and str(path) in result.stderr
    assert message in json.loads(result.stdout)["error"]
    assert not db_path.exists() or count_rows(db_path, "select count(*) from entries") == 0


def test_a_bad_file_does_not_stop_the_good_ones_but_the_exit_code_reports_it(fixtures, tmp_path, db_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = run("ingest", str(empty), str(fixtures / "daylio" / "era_2020.csv"), "--user", "ana", "--db", str(db_path))
    assert result.returncode == 1
    assert count_rows(db_path, "select count(*) from entries") == 2


def test_unmapped_moods_explain_how_to_map_them(fixtures, db_path):
    result = run("ingest", str(fixtures / "daylio" / "italian.csv"), "--user", "ana", "--db", str(db_path))
    assert result.returncode == 1
    assert '"ottimo" = 3' in result.stderr and "--moods" in result.stderr and "Traceback" not in result.stderr


def test_a_user_id_with_path_characters_is_refused(fixtures, db_path):
    result = run("ingest", str(fixtures / "daylio" / "era_2020.csv"), "--user", "../etc", "--db", str(db_path))
    assert result.returncode == 1 and "invalid user id" in result.stderr
    assert not db_path.exists()


def test_the_cli_import_never_loads_prefect(fixtures, db_path):
    code = (
        "import sys; from independence.cli import app; "
        f"sys.argv = ['independence', 'ingest', {str(fixtures / 'daylio' / 'era_2020.csv')!r}, "
        f"'--user', 'ana', '--db', {str(db_path)!r}]\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "print('prefect loaded' if 'prefect' in sys.modules else 'prefect not loaded')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.stdout.strip().endswith("prefect not loaded")


def test_demo_loads_the_samples_into_a_fresh_warehouse_and_says_where(tmp_path):
    data_dir = tmp_path / "demo"
    first = run("demo", "--data-dir", str(data_dir))
    second = run("demo", "--data-dir", str(data_dir))
    assert first.returncode == 0, first.stderr
    assert second.stdout == first.stdout.replace(str(first.stdout), str(second.stdout))
    assert "entries added" in first.stdout and f"Warehouse: {data_dir.resolve()}" in first.stdout
    db = data_dir / "warehouse.duckdb"
    assert count_rows(db, "select count(*) from imports") == 2
    assert count_rows(db, "select count(*) from entries where source = 'daylio' and mood_score is null") == 0
