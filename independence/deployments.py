"""Entry point for schedules: serve the Prefect deployments, on a local Prefect server when none is configured.

Shutdown order on Ctrl-C or SIGTERM: the runner stops first (Prefect's own handlers end `serve`),
then the server this command started, with its whole process group, so nothing is left behind.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from independence.config import DEPLOYMENTS_FILE
from independence.errors import InsightsError

SERVER_START_SECONDS = 90
SERVER_STOP_SECONDS = 20


def declared_deployments(path: Path = DEPLOYMENTS_FILE) -> list[dict]:
    """Return the deployments prefect.yaml declares (the one declaration; `prefect deploy` reads the same file)."""
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))["deployments"]


def declared_timezone(deployments: list[dict]) -> str:
    """Return the time zone of the first schedule prefect.yaml declares."""
    return next(schedule["timezone"] for d in deployments for schedule in d.get("schedules", []))


def schedule_timezone(configured: str | None, deployments: list[dict]) -> str:
    """Return the schedules' IANA time zone: the one configured (option or setting), else prefect.yaml's."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    zone = configured or declared_timezone(deployments)
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InsightsError(f"time zone {zone!r} is not an IANA zone such as Europe/Berlin") from None
    return zone


def configured_api_url() -> str | None:
    """Return the Prefect API this process is configured to use (env or profile), or None."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def api_is_healthy(api_url: str) -> bool:
    """Return whether the Prefect API at api_url answers its health check."""
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def stopped(process: subprocess.Popen, seconds: float = SERVER_STOP_SECONDS) -> int:
    """Stop a process and its whole process group (SIGTERM, then SIGKILL); return its exit code."""
    for sig, wait in ((signal.SIGTERM, seconds), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            return process.wait(wait)
        except subprocess.TimeoutExpired:
            continue
    return process.wait()


@contextmanager
def local_prefect_server(log_path: Path, port: int | None = None) -> Iterator[tuple[str, int]]:
    """Start `prefect server` on 127.0.0.1 in its own process group; yield its API URL and pid; stop it after."""
    port = port or free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    prefect = Path(sys.executable).with_name("prefect")
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while not api_is_healthy(api_url):
            if process.poll() is not None:
                raise InsightsError(f"the local Prefect server exited with code {process.returncode}; see {log_path}")
            if time.monotonic() > deadline:
                raise InsightsError(
                    f"the local Prefect server did not answer in {SERVER_START_SECONDS} s; see {log_path}"
                )
            time.sleep(0.5)
        yield api_url, process.pid
    finally:
        stopped(process)


EPHEMERAL_TIMEOUT = "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"
EPHEMERAL_DEFAULT_SECONDS = 120  # Prefect's own default (20 s) is too short for a busy 2-core machine


def patient_ephemeral_server() -> None:
    """Give Prefect's temporary server time to start on a busy machine, unless the person set a timeout."""
    os.environ.setdefault(EPHEMERAL_TIMEOUT, str(EPHEMERAL_DEFAULT_SECONDS))


def prefect_start_problem(error: BaseException) -> str | None:
    """Return what to do when `error` is Prefect failing to start or reach its server, else None.

    Only a start that ran out of time is called one (a refused or dropped connection, after however long,
    is said as what it is: the timeout was not the cause).
    """
    text = " ".join(str(error).split())
    lowered = text.lower()
    if "ephemeral" not in lowered and "connect" not in lowered:
        return None
    if isinstance(error, TimeoutError) or "timed out" in lowered or "timeout" in lowered:
        what = f"did not start in time ({os.environ.get(EPHEMERAL_TIMEOUT, '?')} s; the machine may be busy)"
    else:
        what = f"could not be reached ({type(error).__name__}: {text[:160]})"
    return (
        f"Prefect's temporary server {what}. Start a server once and point to it: run `prefect server start` in "
        "another terminal and set PREFECT_API_URL=http://127.0.0.1:4200/api, or raise "
        f"{EPHEMERAL_TIMEOUT}. Nothing was written."
    )


def terminate_as_exit(_signum: int, _frame: object) -> None:
    """Turn SIGTERM into SystemExit, so clean-up runs even before Prefect's runner takes over the signal."""
    raise SystemExit(0)


def entrypoint_flow(entrypoint: str):
    """Return the flow an entrypoint of prefect.yaml names ('flows/independence_flows/weekly.py:weekly_insights'),
    imported from the installed package `independence_flows` (so it works outside a checkout too)."""
    import importlib

    path, name = entrypoint.split(":")
    module = importlib.import_module("independence_flows." + Path(path).stem)
    return getattr(module, name)


def served_deployment_list(deployments: list[dict], timezone: str, parameters: dict, task_runner=None) -> list:
    """Return prefect.yaml's deployments to serve: its schedules in `timezone`, `parameters` over its own where the
    flow takes them, the weekly flow on `task_runner` (threads when None)."""
    from prefect.schedules import Cron

    served = []
    for declared in deployments:
        flow = entrypoint_flow(declared["entrypoint"])
        if task_runner is not None and flow.name == "weekly-insights":
            flow = flow.with_options(task_runner=task_runner)
        accepted = set(flow.parameters.properties)
        served.append(
            flow.to_deployment(
                name=declared["name"],
                description=declared.get("description"),
                parameters=declared.get("parameters", {}) | {k: v for k, v in parameters.items() if k in accepted},
                schedules=[Cron(s["cron"], timezone=timezone) for s in declared.get("schedules", []) if s["active"]],
            )
        )
    return served


def served_deployments(
    deployments: list[dict],
    timezone: str,
    parameters: dict,
    task_runner,
    log_path: Path,
    port: int | None,
    echo: Callable[[str], None],
) -> None:
    """Serve the deployments until stopped, against the configured Prefect API or a local server started here."""
    from contextlib import nullcontext

    api_url = configured_api_url()
    server = local_prefect_server(log_path, port) if api_url is None else nullcontext(None)
    with server as started:
        if started is not None:
            api_url, pid = started
            os.environ["PREFECT_API_URL"] = api_url
            echo(f"Started a local Prefect server (pid {pid}); its log: {log_path}")
        from prefect import serve
        from prefect.settings import PREFECT_API_URL, temporary_settings

        echo(f"Prefect API: {api_url}; runs and schedules in the UI at {api_url.removesuffix('/api')}")
        for declared in deployments:
            for schedule in declared.get("schedules", []):
                echo(f"{declared['name']}: cron {schedule['cron']} in {timezone}.")
        echo("Ctrl-C stops serving (the server after it).")
        with temporary_settings(updates={PREFECT_API_URL: api_url}):
            served = served_deployment_list(deployments, timezone, parameters, task_runner)
            serve(*served, print_starting_message=False)
