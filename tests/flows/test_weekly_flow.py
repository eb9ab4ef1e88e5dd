"""The weekly reports flow, its deployments and `independence schedule`, against real Prefect APIs."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from independence.errors import InsightsError
from tests.conftest import FIXTURES, REPO
from tests.helpers import rows as _rows

USERS = ("ann", "bob", "cy")
WEEK = "2026-W48"


@pytest.fixture
def three_users(tmp_path) -> tuple[Path, Path]:
    """Return a warehouse with three users' sample exports, and a reports folder where bob's folder is a file."""
    from independence.pipelines.demo import sample_files
    from independence.pipelines.imports import imported_export

    db, reports = tmp_path / "warehouse.duckdb", tmp_path / "reports"
    files = sample_files()
    for user in USERS:
        imported_export(files["daylio"], user, db_path=db, moods_path=files["moods"])
    reports.mkdir()
    (reports / "bob").write_text("a stray file where bob's report folder belongs")
    return db, reports


def _weekly(db: Path, reports: Path, **options):
    from independence_flows.weekly import weekly_insights

    flow = weekly_insights
    if "task_runner" in options:
        flow = weekly_insights.with_options(task_runner=options.pop("task_runner"))
    parameters = {"db_path": str(db), "reports_dir": str(reports), "week": WEEK, "retry_delay_seconds": 0}
    return flow(**parameters | options, return_state=True)


def _api_records(state) -> tuple[list, list]:
    """Return the flow run's task runs and artifacts, read back from the Prefect API."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        flow_runs = FlowRunFilter(id=FlowRunFilterId(any_=[state.state_details.flow_run_id]))
        tasks = client.read_task_runs(flow_run_filter=flow_runs)
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[state.state_details.flow_run_id]))
        )
    return tasks, artifacts


def test_a_failing_user_is_retried_then_recorded_while_the_others_get_their_reports(prefect_api, three_users):
    db, reports = three_users
    state = _weekly(db, reports, retries=2)

    assert state.is_failed() and "1 of 3 reports failed" in state.message and "bob" in state.message
    assert sorted(p.relative_to(reports).as_posix() for p in reports.rglob("*.html")) == [
        f"{user}/{name}" for user in ("ann", "cy") for name in (f"{WEEK}.html", "latest.html")
    ]
    runs = _rows(db, "select user_id, iso_week, status, path, error from report_runs order by user_id")
    assert [(user, week, status) for user, week, status, _, _ in runs] == [
        ("ann", WEEK, "ok"),
        ("bob", WEEK, "failed"),
        ("cy", WEEK, "ok"),
    ]
    assert runs[0][3] == str(reports / "ann" / f"{WEEK}.html") and runs[0][4] is None
    assert _rows(db, "select user_id, iso_week from report_digests order by user_id") == [("ann", WEEK), ("cy", WEEK)]
    assert runs[1][3] is None and runs[1][4].startswith("FileExistsError") and str(reports / "bob") in runs[1][4]

    tasks, artifacts = _api_records(state)
    again = [task for task in tasks if task.name.startswith("render again")]
    assert len(again) == 1 and again[0].run_count == 3 and again[0].state.is_failed()
    assert sum(task.name.startswith("render batch") for task in tasks) == 1  # 3 users fit one batch of 50
    (summary,) = [artifact for artifact in artifacts if artifact.key == "weekly-report-summary"]
    assert "| 3 | 2 | 1 |" in summary.data and "| bob | FileExistsError" in summary.data


def test_runs_are_incremental_and_a_repeat_of_the_week_is_a_no_op_unless_forced(prefect_api, three_users):
    from independence.pipelines.imports import imported_export

    db, reports = three_users
    (reports / "bob").unlink()
    assert _weekly(db, reports).is_completed()
    written = {path: path.stat().st_mtime_ns for path in reports.rglob("*.html")}
    assert len(written) == 6

    again = _weekly(db, reports)
    assert again.result() == {"week": WEEK, "due": 0, "written": 0, "failed": 0, "seconds": pytest.approx(0, abs=5)}
    assert {path: path.stat().st_mtime_ns for path in reports.rglob("*.html")} == written
    assert _rows(db, "select count(*) from report_runs") == [(3,)]

    imported_export(FIXTURES / "daylio" / "era_2020.csv", "cy", db_path=db)
    assert _weekly(db, reports).result()["written"] == 1
    assert _rows(db, "select user_id from report_runs order by finished_at desc limit 1") == [("cy",)]
    changed = [path.relative_to(reports).as_posix() for path in written if path.stat().st_mtime_ns != written[path]]
    assert sorted(changed) == [f"cy/{WEEK}.html", "cy/latest.html"]

    assert _weekly(db, reports, force=True).result()["written"] == 3
    assert _rows(db, "select count(*) from report_runs") == [(7,)]


def test_the_dask_runner_takes_the_same_path_in_worker_processes(prefect_api, three_users):
    from independence_flows.weekly import task_runner_named

    db, reports = three_users
    state = _weekly(db, reports, retries=0, batch_size=1, task_runner=task_runner_named("dask", workers=2))
    assert state.is_failed() and "1 of 3 reports failed" in state.message
    assert _rows(db, "select user_id, status from report_runs order by user_id") == [
        ("ann", "ok"),
        ("bob", "failed"),
        ("cy", "ok"),
    ]
    assert (reports / "cy" / f"{WEEK}.html").read_text().startswith("<!doctype html>")
    tasks, _ = _api_records(state)
    assert sum(task.name.startswith("render batch") for task in tasks) == 3
    assert not list(db.parent.glob(".*snapshot*")), "the snapshot is removed after rendering"


def test_the_deployments_are_declared_once_in_prefect_yaml_and_served_from_it(prefect_api):
    from prefect.flows import load_flow_from_entrypoint

    from independence.deployments import declared_deployments, schedule_timezone, served_deployment_list
    from independence_flows.weekly import task_runner_named

    declared = declared_deployments()
    assert declared == yaml.safe_load((REPO / "prefect.yaml").read_text())["deployments"]
    by_name = {deployment["name"]: deployment for deployment in declared}
    assert {"weekly-insights", "ingest-exports", "build-models", "cohort-release"} <= set(by_name)
    (schedule,) = by_name["weekly-insights"]["schedules"]
    assert schedule["cron"] == "0 7 * * 1" and ZoneInfo(schedule["timezone"])
    for deployment in declared:
        flow = load_flow_from_entrypoint(str(REPO / deployment["entrypoint"]))
        assert set(deployment.get("parameters", {})) <= set(flow.parameters.properties), deployment["name"]

    assert schedule_timezone(None, declared) == schedule["timezone"]
    assert schedule_timezone("America/New_York", declared) == "America/New_York"
    with pytest.raises(InsightsError, match="not an IANA zone"):
        schedule_timezone("Mars/Olympus", declared)

    parameters = {"db_path": "w", "reports_dir": "r", "weeks": 8, "spaces_dir": "s"}
    runner = task_runner_named("threads", workers=3)
    served = {d.name: d for d in served_deployment_list(declared, "America/New_York", parameters, runner)}
    assert set(served) == set(by_name)
    weekly = served["weekly-insights"].schedules[0].schedule
    assert (weekly.cron, weekly.timezone) == (schedule["cron"], "America/New_York")
    assert served["weekly-insights"].parameters == by_name["weekly-insights"]["parameters"] | parameters
    assert served["build-models"].parameters == {"db_path": "w", "full": True}
    assert not served["ingest-exports"].schedules and not served["build-models"].schedules
    assert served["weekly-insights"].description == by_name["weekly-insights"]["description"]


def _next_monday_seven(zone: str) -> dt.datetime:
    now = dt.datetime.now(ZoneInfo(zone))
    monday = (now + dt.timedelta(days=(7 - now.weekday()) % 7)).replace(hour=7, minute=0, second=0, microsecond=0)
    return monday if monday > now else monday + dt.timedelta(days=7)


def _command_line(process) -> list[str]:
    """Return a process's command line, or [] when it has already gone."""
    import psutil

    try:
        return process.cmdline()
    except (psutil.NoSuchProcess, psutil.ZombieProcess):
        return []


def _alive(process) -> bool:
    """Return whether a process still runs (a zombie awaiting its parent does not)."""
    import psutil

    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_schedule_serves_on_a_local_server_creates_next_mondays_run_and_stops_cleanly_on_sigterm(tmp_path):
    import httpx
    import psutil

    zone = "Pacific/Auckland"
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_API")}
    env |= {"PREFECT_HOME": str(tmp_path / "prefect-home"), "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "2"}
    command = [str(Path(sys.executable).with_name("independence")), "schedule", "--timezone", zone]
    process = subprocess.Popen(
        [*command, "--db", str(tmp_path / "w.duckdb")], cwd=tmp_path, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        lines = [process.stdout.readline() for _ in range(3)]
        api = next(word for line in lines for word in line.split() if word.startswith("http")).rstrip(";")
        assert httpx.get(f"{api}/health", timeout=5).json() is True
        family = psutil.Process(process.pid).children(recursive=True)
        assert any("server" in " ".join(_command_line(child)) for child in family)

        expected = _next_monday_seven(zone)
        deadline, scheduled = time.monotonic() + 60, []
        while time.monotonic() < deadline and not scheduled:
            runs = httpx.post(f"{api}/flow_runs/filter", json={"limit": 20}, timeout=5).json()
            scheduled = [dt.datetime.fromisoformat(run["expected_start_time"]) for run in runs]
            time.sleep(1)
        assert min(scheduled) == expected
        assert min(scheduled).astimezone(ZoneInfo(zone)).strftime("%a %H:%M") == "Mon 07:00"

        process.send_signal(signal.SIGTERM)
        assert process.wait(60) == 0
        assert "Stopped." in process.stdout.read()
        psutil.wait_procs(family, timeout=10)
        assert [child.pid for child in family if _alive(child)] == []
        with pytest.raises(httpx.TransportError):
            httpx.get(f"{api}/health", timeout=2)
    finally:
        if process.poll() is None:
            process.kill()


def test_weekly_and_runs_commands_run_the_flow_and_list_its_outcomes(prefect_api, three_users):
    from typer.testing import CliRunner

    from independence.cli import app

    db, reports = three_users
    runner = CliRunner()
    bad = runner.invoke(app, ["weekly", "--db", str(db), "--week", "2026-W54"])
    assert bad.exit_code == 1 and "has no week 54" in str(bad.exception)
    assert runner.invoke(app, ["runs", "--db", str(db)]).output.startswith("No weekly report runs yet")
    assert runner.invoke(app, ["runs", "--db", str(db.with_name("none.duckdb"))]).output.startswith("No weekly")

    command = ["weekly", "--db", str(db), "--reports-dir", str(reports), "--week", WEEK, "--retries", "0"]
    failed = runner.invoke(app, command)
    assert failed.exit_code == 1 and "1 of 3 reports failed" in failed.output
    header, *lines = runner.invoke(app, ["runs", "--db", str(db)]).output.splitlines()
    assert header.split()[:4] == ["finished", "week", "person", "status"]
    listed = {line.split()[3]: line for line in lines[:3]}
    assert sorted(listed) == list(USERS) and all(f" {WEEK} " in line for line in listed.values())
    assert listed["bob"].split()[4:6] == ["FAILED", "FileExistsError:"] and listed["ann"].endswith(f"ann/{WEEK}.html")
    assert listed["ann"].split()[4] == "ok" and header.index("status") == listed["ann"].index(" ok ") + 1

    (reports / "bob").unlink()
    done = runner.invoke(app, command)
    assert done.exit_code == 0, done.output
    assert f"Week {WEEK}: 1 report written for 1 person with new entries" in done.output
    assert done.output.index("Starting the weekly run") < done.output.index(f"Week {WEEK}:")  # no silent wait
    assert (reports / "bob" / f"{WEEK}.html").exists()


def test_dask_workers_record_their_tasks_on_the_runs_own_temporary_server(three_users, tmp_path):
    """Without PREFECT_API_URL each worker used to start a temporary server of its own (6 s each run)."""
    db, reports = three_users
    script = f"""
import sys
from prefect.client.orchestration import get_client
from independence_flows.weekly import task_runner_named, weekly_insights

if __name__ == "__main__":
    flow = weekly_insights.with_options(task_runner=task_runner_named("dask", workers=2))
    state = flow(db_path={str(db)!r}, reports_dir={str(reports)!r}, week="2026-W48", batch_size=1, retries=0,
                 return_state=True)
    with get_client(sync_client=True) as client:
        tasks = client.read_task_runs()
    print(sum(task.name.startswith("render batch") for task in tasks), state.type.value)
"""
    (tmp_path / "run.py").write_text(script)
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("PREFECT_") and key != "DASK_CONFIG"
    } | {
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_LOGGING_LEVEL": "INFO",  # servers say when they start
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
        "PYTHONPATH": str(REPO),
    }
    finished = subprocess.run(
        [sys.executable, str(tmp_path / "run.py")], env=environment, capture_output=True, text=True, timeout=300
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    assert finished.stdout.split()[-2:] == ["3", "FAILED"]  # three batches on this server; bob's folder is a file
    assert (finished.stdout + finished.stderr).count("Starting temporary server on") == 1


def test_a_start_that_ran_out_of_time_and_a_refused_connection_are_told_apart(monkeypatch):
    # a first run once read "did not start in time (120 s)" after 45 s: the connection had failed, not the clock
    from independence.deployments import EPHEMERAL_TIMEOUT, prefect_start_problem

    monkeypatch.setenv(EPHEMERAL_TIMEOUT, "120")
    slow = prefect_start_problem(RuntimeError("Timed out while attempting to connect to ephemeral Prefect API server."))
    refused = prefect_start_problem(OSError("All connection attempts failed"))
    assert "did not start in time (120 s" in slow and "prefect server start" in slow
    assert "could not be reached (OSError: All connection attempts failed)" in refused and "in time" not in refused
    assert prefect_start_problem(ValueError("a bug of ours")) is None


def test_a_one_off_weekly_run_without_a_prefect_server_starts_none_and_records_every_outcome(three_users, tmp_path):
    """Without PREFECT_API_URL, `independence weekly` runs the same steps in this process (no temporary server)."""
    from tests.helpers import run

    db, reports = three_users
    home = tmp_path / "prefect-home"
    environment = {"PREFECT_HOME": str(home), "PREFECT_API_URL": "", "PREFECT_LOGGING_LEVEL": "INFO"}
    command = ["weekly", "--db", str(db), "--reports-dir", str(reports), "--week", WEEK, "--retries", "0"]
    failed = run(*command, env=environment, cwd=tmp_path)
    assert failed.returncode == 1 and "1 of 3 reports failed" in failed.stderr and "Traceback" not in failed.stderr
    assert "Every outcome is in `independence runs`" in failed.stderr
    assert sorted(_rows(db, "select user_id, status from report_runs")) == [
        ("ann", "ok"),
        ("bob", "failed"),
        ("cy", "ok"),
    ]
    assert {run_id.startswith("local-") for (run_id,) in _rows(db, "select distinct flow_run from report_runs")} == {
        True
    }

    (reports / "bob").unlink()
    done = run(*command, env=environment, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"Week {WEEK}: 1 report written for 1 person with new entries" in done.stdout
    assert (reports / "bob" / f"{WEEK}.html").exists() and (reports / "bob" / "latest.html").exists()
    assert _rows(db, "select count(*) from report_digests where user_id = 'bob'") == [(1,)]
    output = failed.stdout + failed.stderr + done.stdout + done.stderr
    assert "temporary server" not in output.lower() and not list(home.rglob("*.db")), "no Prefect server was started"
