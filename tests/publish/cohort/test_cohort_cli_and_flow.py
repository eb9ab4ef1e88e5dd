"""`independence cohort`, `independence cohort-demo` and the cohort-release flow, run for real."""

from __future__ import annotations

import json

import duckdb

from tests.helpers import run
from tests.publish.cohort.conftest import KEY, copied_warehouse


def test_the_command_refuses_to_run_without_a_key_and_reads_nothing(practice, tmp_path):
    result = run("cohort", "--roster", str(practice.roster), "--coach", "Robin", "--db", str(practice.db), cwd=tmp_path)
    assert result.returncode == 1 and "needs a secret pseudonym key" in result.stderr
    assert not (tmp_path / "data").exists()


def test_the_command_writes_html_and_json_and_prints_the_release(practice, practice_db, tmp_path):
    out = tmp_path / "robin.html"
    result = run(
        "cohort",
        "--roster",
        str(practice.roster),
        "--coach",
        "Robin",
        "--cohort",
        "spring",
        "--db",
        str(practice_db),
        "--out",
        str(out),
        "--json",
        "--trajectories",
        env={"INDEPENDENCE_PSEUDONYM_KEY": KEY.decode()},
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    content = json.loads(result.stdout)
    assert content == json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert content["release"]["cohort"] == "spring" and content["release"]["clients"]["clients"] >= 5
    assert str(out.resolve()) in result.stderr
    assert KEY.decode() not in out.read_text(encoding="utf-8") + result.stdout + result.stderr


def test_the_cohort_demo_writes_robins_release_from_the_shipped_practice(tmp_path):
    result = run("cohort-demo", "--data-dir", str(tmp_path / "demo"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Robin, release ") and "30 consenting clients, ISO weeks" in lines[0]
    assert lines[1].startswith("Shown: ") and "verdict counts" in lines[1] and "{" not in result.stdout
    assert "Differential privacy: off" in result.stdout
    progress = result.stderr.splitlines()
    assert (
        progress[0] == "Importing the practice: 58 export files of 38 clients"
        and "  58 of 58 files imported" in progress
    )
    assert (tmp_path / "demo" / "robin.html").is_file() and (tmp_path / "demo" / "robin.json").is_file()


def test_the_flow_writes_the_release_under_a_real_prefect_api(prefect_api, practice, tmp_path, monkeypatch):
    from independence_flows.cohort import cohort_release_flow

    monkeypatch.setenv("INDEPENDENCE_PSEUDONYM_KEY", KEY.decode())
    db = copied_warehouse(practice.db, tmp_path)
    result = cohort_release_flow(
        roster=str(practice.roster), coach="Robin", db_path=str(db), out=str(tmp_path / "r.html")
    )
    assert result["clients"] == 30 and (tmp_path / "r.json").is_file()
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select coach from release_ledger").fetchall() == [("Robin",)]


def test_another_key_is_refused_plainly_and_new_ledger_starts_one_saying_what_it_costs(practice, tmp_path):
    db = copied_warehouse(practice.db, tmp_path)
    arguments = ["cohort", "--roster", str(practice.roster), "--coach", "Robin", "--db", str(db)]
    arguments += ["--out", str(tmp_path / "r.html")]
    first = run(*arguments, env={"INDEPENDENCE_PSEUDONYM_KEY": KEY.decode()}, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    other = {"INDEPENDENCE_PSEUDONYM_KEY": "another-key-that-is-long-enough-987654321"}
    refused = run(*arguments, env=other, cwd=tmp_path)
    assert refused.returncode == 1 and "was written with key" in refused.stderr and "--new-ledger" in refused.stderr
    assert "Traceback" not in refused.stderr
    started = run(*arguments, "--new-ledger", env=other, cwd=tmp_path)
    assert started.returncode == 0, started.stderr
    assert "warning: started a new release ledger" in started.stderr and "not checked against those 1" in started.stderr
