"""The upload page under hostile requests: other hosts, cross-site forms, slow bodies, content-only detection."""

from __future__ import annotations

import os
import socket
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from tests.web.conftest import reported, uploaded

NOTE = b"""---
mood: 4
date: 2026-05-17
tags: [walk, friends]
---
A long walk with friends, then a quiet evening on my own.
"""


def stored_spaces(settings) -> list[Path]:
    return [path for path in settings.spaces_dir.glob("*") if path.is_dir()]


def test_another_host_name_is_refused_before_anything_is_read(client, settings):
    page = client.get("/", headers={"host": "evil.example"})
    assert page.status_code == 400 and "answers only at its own address" in page.text
    posted = client.post(
        "/upload", files={"file": ("a.csv", b"x")}, headers={"host": "rebound.example:8000"}, follow_redirects=False
    )
    assert posted.status_code == 400 and stored_spaces(settings) == []
    assert client.get("/", headers={"host": "127.0.0.1:8000"}).status_code == 200


def test_a_form_sent_from_another_site_is_refused_and_one_from_the_page_is_taken(client, settings):
    for origin in ("https://evil.example", "null", "http://localhost.evil.example"):
        refused = client.post(
            "/upload", files={"file": ("a.csv", NOTE)}, headers={"origin": origin}, follow_redirects=False
        )
        assert refused.status_code == 403 and "only be sent from this page" in refused.text, origin
    referred = client.post(
        "/upload",
        files={"file": ("a.csv", NOTE)},
        headers={"referer": "https://evil.example/x"},
        follow_redirects=False,
    )
    assert referred.status_code == 403 and stored_spaces(settings) == []
    for site in ("cross-site", "same-site"):  # what a browser says of a form on another site, whatever its Origin
        headers = {"sec-fetch-site": site, "origin": "http://localhost:8000"}
        posted = client.post("/upload", files={"file": ("a.csv", NOTE)}, headers=headers, follow_redirects=False)
        assert posted.status_code == 403, site
    assert stored_spaces(settings) == []
    other_port = client.post(  # the page answers at http://localhost (port 80): another port is another site
        "/upload", files={"file": ("n.md", NOTE)}, headers={"origin": "http://localhost:8000"}, follow_redirects=False
    )
    assert other_port.status_code == 403
    taken = client.post(
        "/upload", files={"file": ("n.md", NOTE)}, headers={"origin": "http://localhost"}, follow_redirects=False
    )
    assert taken.status_code == 303
    # the page's own form in a browser: Origin is "null" under its no-referrer policy, Sec-Fetch-Site tells
    own = {"sec-fetch-site": "same-origin", "origin": "null"}
    posted = client.post("/upload", files={"file": ("n.md", NOTE)}, headers=own, follow_redirects=False)
    assert posted.status_code == 303


def test_a_single_note_is_recognised_by_its_content_whatever_its_name(client):
    for name in ("2026-05-17.md", "note", "upload.txt"):
        location, page = reported(client, NOTE, moods="", name=name)
        assert "Your independence report" in page.text, (name, page.text[:400])


def test_a_body_that_stops_arriving_is_dropped_after_the_read_timeout(settings, tmp_path):
    import threading

    import uvicorn

    from independence.deployments import free_port
    from independence.web.app import create_app

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(replace(settings, read_timeout_seconds=1.0)), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as slow:
            slow.sendall(
                b"POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                b"Content-Length: 100000\r\n\r\n--b\r\n"
            )
            started = time.monotonic()
            answer = slow.recv(4096)
            waited = time.monotonic() - started
        assert answer.startswith(b"HTTP/1.1 408"), answer[:80]
        assert waited < 8, waited
        assert stored_spaces(settings) == []
    finally:
        server.should_exit = True
        thread.join(30)


def test_staging_left_by_a_killed_import_is_removed_when_the_page_starts(settings):
    from fastapi.testclient import TestClient

    from independence.web.app import create_app
    from tests.web.conftest import PAGE

    dead = 2**22 + 12345  # beyond pid_max on this machine: no process has it
    while True:
        try:
            os.kill(dead, 0)
        except ProcessLookupError:
            break
        dead += 1
    orphan = Path(tempfile.mkdtemp(prefix=f"independence-stage-{dead}-"))
    (orphan / "rows-00000.parquet").write_bytes(b"note text")
    with TestClient(create_app(settings), base_url=PAGE) as client:
        assert client.get("/").status_code == 200
    assert not orphan.exists()


def test_uploads_without_an_origin_header_still_work(client):
    """Programs (curl, scripts) send no Origin; only a page in a browser does, and it is checked."""
    response = uploaded(client, NOTE, name="note.md")
    assert response.status_code == 303
