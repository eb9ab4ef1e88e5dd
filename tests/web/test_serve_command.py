"""`independence serve` as a person starts it: a process that answers on the given port and stops on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx


def test_serve_answers_with_the_upload_page_and_stops_on_sigterm(tmp_path):
    from independence.deployments import free_port

    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_API")}
    command = [str(Path(sys.executable).with_name("independence")), "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--db", str(tmp_path / "w.duckdb"), "--max-upload-mb", "2"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout.readline().startswith(f"Upload page: http://127.0.0.1:{port}/")
        deadline = time.monotonic() + 30
        while True:
            try:
                home = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.2)
        assert home.status_code == 200 and "at most 2 MB" in home.text and "server" not in home.headers
        too_big = httpx.post(f"http://127.0.0.1:{port}/upload", files={"file": ("a.csv", b"x" * 3_000_000)})
        assert too_big.status_code == 413
        assert (tmp_path / "data" / "spaces").is_dir() and not (tmp_path / "w.duckdb").exists()
        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 0
    finally:
        if process.poll() is None:
            process.kill()
