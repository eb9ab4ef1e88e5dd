"""Benchmark: an upload answered over HTTP against `independence report FILE`, side by side, on a full warehouse.

A warehouse of about ENTRIES synthetic entries is built; then, alternately and RUNS times each:
- the shipped Daylio year uploaded to a real `independence serve` (a separate process, loopback), from the
  POST until the space's page shows the report (each upload a new person, imported beside everyone else);
- `independence report FILE` on the same export, from process start to exit (a throw-away warehouse).
Prints both medians and their ratio (target: the upload no slower than the command, ≤ 1.0x).
Usage: python -m bench.upload [ENTRIES]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.incremental import filled_warehouse
from bench.targets import Figure, recorded
from independence.analysis.transforms import built_warehouse
from independence.config import SAMPLES_DIR
from independence.deployments import free_port
from independence.warehouse import Warehouse

RUNS = 5
TARGET_RATIO = 1.0
DAYLIO = next(SAMPLES_DIR.glob("daylio_export_*.csv"))
MOODS = SAMPLES_DIR / "moods.toml"
COMMAND = Path(sys.executable).with_name("independence")


def served(db: Path, scratch: Path, environment: dict[str, str]) -> tuple[subprocess.Popen, str]:
    """Start `independence serve` on a free port; return the process and its base URL once it answers."""
    port = free_port()
    process = subprocess.Popen(
        [str(COMMAND), "serve", "--port", str(port), "--db", str(db), "--spaces-dir", str(scratch / "spaces"),
         "--reports-dir", str(scratch / "reports")],
        env=environment, cwd=scratch, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/", timeout=1).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the upload page did not start")


def upload_seconds(client: httpx.Client, url: str) -> float:
    """Return the seconds from an upload's POST until its space shows the report."""
    started = time.perf_counter()
    response = client.post(
        url + "/upload",
        files={"file": (DAYLIO.name, DAYLIO.read_bytes())},
        data={"moods": MOODS.read_text(encoding="utf-8")},
        headers={"Origin": url},
    )
    assert response.status_code == 303, response.text[:500]
    space = url + response.headers["location"]
    while "Making your report" in (page := client.get(space)).text:
        time.sleep(0.05)
    assert "The six signs" in page.text, page.text[:500]
    return time.perf_counter() - started


def command_seconds(scratch: Path, environment: dict[str, str]) -> float:
    """Return the seconds `independence report FILE` takes from process start to exit."""
    started = time.perf_counter()
    subprocess.run(
        [str(COMMAND), "report", str(DAYLIO), "--moods", str(MOODS), "--out", str(scratch / "file-report.html")],
        env=environment, cwd=scratch, check=True, capture_output=True,
    )  # fmt: skip
    return time.perf_counter() - started


def main(entries: int) -> None:
    environment = {name: value for name, value in os.environ.items() if not name.startswith("INDEPENDENCE_")}
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        db = scratch / "warehouse.duckdb"
        held = filled_warehouse(db, entries)
        with Warehouse(db).writing() as con:
            built_warehouse(con)
        print(f"warehouse: {held:,} entries, built")
        process, url = served(db, scratch, environment)
        uploads, commands = [], []
        try:
            with httpx.Client(timeout=120) as client:
                upload_seconds(client, url)  # the page's first upload also starts its warm workers
                for _ in range(RUNS):
                    uploads.append(upload_seconds(client, url))
                    commands.append(command_seconds(scratch, environment))
        finally:
            process.terminate()
            process.wait(30)
    upload, command = statistics.median(uploads), statistics.median(commands)
    ratio = upload / command
    print(f"upload -> report over HTTP: median {upload:.2f} s ({', '.join(f'{s:.2f}' for s in uploads)})")
    print(f"independence report FILE:   median {command:.2f} s ({', '.join(f'{s:.2f}' for s in commands)})")
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    print(f"ratio {ratio:.2f}x (target <= {TARGET_RATIO:.1f}x): {verdict}")
    recorded(
        "upload", [Figure(f"upload -> report over HTTP ({entries:,} entries) / report FILE", ratio, TARGET_RATIO, "x")]
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
