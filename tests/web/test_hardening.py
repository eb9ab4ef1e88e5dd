"""The upload page, hardening round 2 (issue 33): POSTs only from its own origin (scheme, host and port), no
trust in a forwarded address it did not ask for, a deadline for request headers, and checks that cannot run on."""

from __future__ import annotations

import socket
import time
from dataclasses import replace

import httpx
import pytest

from independence.pipelines.isolated import OutOfMemoryError, TimeLimitError, in_child
from independence.web.serving import server_config
from tests.ingest.mutations import vault_bytes
from tests.web.conftest import reported, served, uploaded


@pytest.mark.parametrize("header", ["origin", "referer"])
@pytest.mark.parametrize("sender", ["http://localhost:8001", "https://localhost", "http://localhost.evil.example"])
def test_a_post_from_another_port_scheme_or_host_is_refused(client, settings, header, sender):
    response = client.post(
        "/upload", files={"file": ("x.csv", b"date\n")}, headers={header: sender + "/page"}, follow_redirects=False
    )
    assert response.status_code == 403 and "Forms can only be sent from this page itself" in response.text
    assert [p for p in settings.spaces_dir.iterdir() if p.is_dir()] == []


def test_a_delete_from_another_port_is_refused_and_deletes_nothing(client):
    location, report = reported(client)
    refused = client.post(f"{location}/delete", headers={"origin": "http://localhost:8001"}, follow_redirects=False)
    assert refused.status_code == 403
    assert "Your independence report" in client.get(location).text
    same = client.post(f"{location}/delete", headers={"origin": "http://localhost"}, follow_redirects=False)
    assert same.status_code == 200 and client.get(location).status_code == 404


def test_a_made_up_forwarded_address_on_each_request_does_not_escape_the_limit(settings):
    with served(replace(settings, misses_per_hour=10)) as url:
        answers = [
            httpx.get(f"{url}/r/{'a' * 43}", headers={"x-forwarded-for": f"10.0.0.{number}"}).status_code
            for number in range(12)
        ]
    assert answers[:10] == [404] * 10 and answers[10:] == [429, 429]


def test_a_forwarded_address_is_believed_only_from_the_configured_proxy(settings):
    plain = server_config(object(), "127.0.0.1", 8000, settings)
    proxied = server_config(object(), "127.0.0.1", 8000, replace(settings, trusted_proxy="10.1.2.3"))
    assert plain.proxy_headers is False
    assert proxied.proxy_headers is True and proxied.forwarded_allow_ips == "10.1.2.3"


def test_fifty_slow_header_sockets_are_closed_and_never_stop_a_page_load(settings):
    with served(replace(settings, header_timeout_seconds=2.0)) as url:
        port = int(url.rsplit(":", 1)[1])
        sockets = []
        for _ in range(50):
            connection = socket.create_connection(("127.0.0.1", port))
            connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            sockets.append(connection)
        started = time.monotonic()
        assert httpx.get(url + "/", timeout=10).status_code == 200
        assert time.monotonic() - started < 2, "a normal page load is not held up"
        time.sleep(1.0)
        for connection in sockets:
            connection.sendall(b"a")  # one more byte: still no end of the headers
        time.sleep(2.5)
        closed = 0
        for connection in sockets:
            connection.settimeout(1)
            try:
                closed += connection.recv(1024) == b""
            except (ConnectionResetError, TimeoutError):
                closed += 0
            connection.close()
    assert closed == 50


def test_a_check_past_its_time_is_stopped_and_the_person_told_plainly(settings):
    from fastapi.testclient import TestClient

    from independence.web.app import create_app
    from tests.web.conftest import PAGE

    notes = {
        f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}-{n}.md": (
            "---\nmood: 4\ntags: [" + ", ".join(f"t{i}" for i in range(95)) + "]\n---\nnote\n"
        ).encode()
        for n in range(3000)
    }  # within the vault's budget of values, and a few seconds to check on this machine
    quick = replace(settings, upload_seconds=1)
    with TestClient(create_app(quick), base_url=PAGE, raise_server_exceptions=False) as patient:
        started = time.monotonic()
        response = uploaded(patient, vault_bytes(notes), name="vault.zip")
        assert time.monotonic() - started < 10
    assert response.status_code == 400 and "took longer than one upload may take" in response.text
    assert [p for p in settings.spaces_dir.iterdir() if p.is_dir()] == []


def test_a_child_past_its_wall_clock_or_cpu_time_is_ended():
    started = time.monotonic()
    with pytest.raises(TimeLimitError):
        in_child(512, sum, range(10**12), seconds=1)
    assert time.monotonic() - started < 6
    assert in_child(512, sum, range(10), seconds=5) == 45


def test_a_command_and_its_import_child_share_one_ceiling():
    from independence.pipelines.isolated import resident_mb, room_beside_this_process

    own = resident_mb()
    assert 20 < own < 20_000
    assert abs(room_beside_this_process(own + 1000) - 1000) <= 5  # the child gets what the command leaves
    assert room_beside_this_process(own) == own // 4  # never less than a quarter: a working child, refused plainly


def _hog_that_spins_when_malloc_fails() -> None:
    """Hold ever more memory; once an allocation fails, spin, as glibc's malloc did at the data cap."""
    held = []
    try:
        while True:
            held.append(b"x" * (8 << 20))
            time.sleep(0.005)
    except MemoryError:
        while True:
            pass


def test_a_child_past_its_memory_is_ended_even_when_malloc_would_spin():
    started = time.monotonic()
    with pytest.raises(OutOfMemoryError, match="needed more than 300 MB"):
        in_child(300, _hog_that_spins_when_malloc_fails)  # no time limit: only the memory watch can end it
    assert time.monotonic() - started < 20
