"""The upload page's HTTP interface, against a real app, warehouse file and spaces folder."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile

import duckdb
import pytest
from markupsafe import escape

from tests.web.conftest import DAYLIO, MOODS, PAGE, reported, settled, uploaded, user_rows
from tests.web.spaces import TOKEN_PATH


def _space_user(location: str) -> str:
    from independence.pipelines.spaces import space_user

    return space_user(TOKEN_PATH.fullmatch(location)[1])


def _entries(db, user: str) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select count(*) from entries where user_id = ?", [user]).fetchall()[0][0]


def test_the_home_page_explains_lists_every_app_and_loads_nothing_from_elsewhere(client):
    from independence.web.pages import APPS

    home = client.get("/")
    assert home.status_code == 200
    for name, how, link in APPS:
        assert str(escape(name)) in home.text and str(escape(how)) in home.text
        assert link is None or f'href="{link[0]}" download' in home.text
    assert "Health Auto Export" in home.text and "export.xml" not in home.text
    assert 'enctype="multipart/form-data"' in home.text and 'type="file" id="file" name="file"' in home.text
    assert 'name="moods"' in home.text and 'name="keep"' in home.text and "256-bit" in home.text
    assert not re.search(r'(src|href)="(https?:)?//', home.text)
    policy = home.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert home.headers["x-content-type-options"] == "nosniff" and home.headers["referrer-policy"] == "no-referrer"
    assert client.get("/static/upload.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/web.css").status_code == 200
    assert client.get("/static/..%2Fpyproject.toml").status_code == 404


def test_an_upload_becomes_a_private_report_and_the_file_is_deleted_after_import(client, settings, tmp_path):
    from independence.pipelines.imports import imported_export

    location, report = reported(client)
    assert report.status_code == 200 and "Your independence report" in report.text
    assert f'href="{location}/delete"' in report.text and "/r/this-space" not in report.text
    policy = report.headers["content-security-policy"]
    assert "sha256-" in policy and "connect-src 'none'" in policy and "frame-ancestors 'none'" in policy
    user = _space_user(location)
    (tmp_path / "m.toml").write_text(MOODS)
    expected = imported_export(DAYLIO, "cli", db_path=tmp_path / "cli.duckdb", moods_path=tmp_path / "m.toml")
    assert _entries(settings.db_path, user) == expected.entries_added > 500
    (folder,) = [p for p in settings.spaces_dir.iterdir() if p.is_dir()]
    assert sorted(p.name for p in folder.iterdir()) == ["moods.toml", "report.html", "space.json"]
    assert TOKEN_PATH.fullmatch(location)[1] not in json.dumps([p.name for p in settings.spaces_dir.rglob("*")])

    kept, _ = reported(client, keep=True)
    kept_folder = next(p for p in settings.spaces_dir.iterdir() if p.is_dir() and p != folder)
    assert (kept_folder / "kept" / "01").read_bytes() == DAYLIO.read_bytes()


def test_unmapped_moods_get_a_form_listing_exactly_those_labels_then_the_import_continues(client, settings):
    response = uploaded(client, DAYLIO.read_bytes())
    location = response.headers["location"]
    form = client.get(location)
    assert form.status_code == 200 and "A few moods need a level" in form.text
    labels = re.findall(r'<legend>"([^"]*)"', form.text)
    assert labels == ["rested", "sad", "vaguely ok"]
    assert not settings.db_path.exists() or _entries(settings.db_path, _space_user(location)) == 0

    incomplete = client.post(f"{location}/moods", data={"mood-0": "4"}, follow_redirects=False)
    assert incomplete.status_code == 400 and "2 still open" in incomplete.text
    done = client.post(f"{location}/moods", data={"mood-0": "4", "mood-1": "2", "mood-2": "3"}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == location
    assert "Your independence report" in settled(client, location).text
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        scores = dict(
            con.execute(
                "select distinct lower(mood_raw), mood_score from entries where user_id = ? "
                "and lower(mood_raw) in ('rested', 'sad', 'vaguely ok')",
                [_space_user(location)],
            ).fetchall()
        )
    assert scores == {"rested": 4.0, "sad": 2.0, "vaguely ok": 3.0}


def test_another_token_sees_nothing_and_guessing_gets_404_then_429(client, settings):
    from independence.pipelines.spaces import new_token

    location, _ = reported(client)
    other = uploaded(client, DAYLIO.read_bytes()).headers["location"]
    assert "Your independence report" not in client.get(other).text  # it waits for its own moods
    assert client.get(f"/r/{new_token()}").status_code == 404
    assert client.get("/r/short").status_code == 404
    assert client.get(location[:-1] + ("A" if location[-1] != "A" else "B")).status_code == 404
    assert client.get("/r/").status_code == 404 and client.get("/spaces").status_code == 404
    assert len(TOKEN_PATH.fullmatch(location)[1]) == 43  # 256 random bits, URL-safe base64
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        users = {user for (user,) in con.execute("select distinct user_id from entries").fetchall()}
    assert users == {_space_user(location)} and TOKEN_PATH.fullmatch(location)[1] not in str(users)


def test_guessing_is_rate_limited(settings):
    from dataclasses import replace

    from fastapi.testclient import TestClient

    from independence.pipelines.spaces import new_token
    from independence.web.app import create_app

    with TestClient(create_app(replace(settings, misses_per_hour=5)), base_url=PAGE) as client:
        codes = [client.get(f"/r/{new_token()}").status_code for _ in range(7)]
    assert codes == [404] * 5 + [429] * 2


def test_delete_my_data_removes_every_row_report_and_file_of_that_person_only(client, settings):
    from independence.pipelines.reports import assembled_report

    keeper, _ = reported(client)
    location, report = reported(client, keep=True)
    user, other = _space_user(location), _space_user(keeper)
    with duckdb.connect(str(settings.db_path), read_only=True) as con:  # a weekly report of theirs too
        assembled_report(con, user, today=dt.date(2026, 11, 23), reports_dir=settings.reports_dir)

    assert (settings.reports_dir / user / "2026-W48.html").exists()
    assert sum(user_rows(settings.db_path, user).values()) > 1000

    confirm = client.get(f"{location}/delete")
    assert confirm.status_code == 200 and f'action="{location}/delete"' in confirm.text
    deleted = client.post(f"{location}/delete")
    assert deleted.status_code == 200 and "Your data is deleted" in deleted.text
    assert client.get(location).status_code == 404 and client.post(f"{location}/delete").status_code == 404

    assert user_rows(settings.db_path, user) and not any(user_rows(settings.db_path, user).values())
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        assert con.execute("select count(*) from entry_tags t anti join entries e using (entry_id)").fetchall() == [
            (0,)
        ]
        assert con.execute("select count(*) from rejected_rows r anti join imports i using (import_id)").fetchall() == [
            (0,)
        ]
    assert not (settings.reports_dir / user).exists()
    remaining = [p for p in settings.spaces_dir.iterdir() if p.is_dir()]
    assert len(remaining) == 1 and json.loads((remaining[0] / "space.json").read_text())["user"] == other
    assert sum(user_rows(settings.db_path, other).values()) > 1000
    assert "Your independence report" in client.get(keeper).text


def test_uploads_over_the_limit_get_413_and_nothing_is_written(settings):
    from dataclasses import replace

    from fastapi.testclient import TestClient

    from independence.web.app import create_app

    with TestClient(create_app(replace(settings, max_upload_bytes=1024 * 1024)), base_url=PAGE) as client:
        response = uploaded(client, b"x" * (1024 * 1024 + 10))
        assert response.status_code == 413 and "at most 1 MB" in response.text
    assert not settings.db_path.exists() and list(settings.spaces_dir.iterdir()) == []


def test_a_streamed_upload_without_a_length_is_cut_off_at_the_limit_with_413(settings):
    from dataclasses import replace

    from fastapi.testclient import TestClient

    from independence.web.app import create_app

    def body():
        yield b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n'
        yield from (b"y" * 65536 for _ in range(40))
        yield b"\r\n--xyz--\r\n"

    with TestClient(create_app(replace(settings, max_upload_bytes=1024 * 1024)), base_url=PAGE) as client:
        response = client.post("/upload", content=body(), headers={"content-type": "multipart/form-data; boundary=xyz"})
    assert "content-length" not in response.request.headers
    assert response.status_code == 413 and "at most 1 MB" in response.text
    assert list(settings.spaces_dir.iterdir()) == []


def test_a_60_mb_upload_against_the_default_50_mb_limit_gets_413(tmp_path):
    from fastapi.testclient import TestClient

    from independence.web.app import create_app
    from independence.web.settings import WebSettings

    settings = WebSettings(db_path=tmp_path / "w.duckdb", spaces_dir=tmp_path / "spaces")
    with TestClient(create_app(settings), base_url=PAGE) as client:
        response = uploaded(client, b"date,mood\n" + b"2026-01-01,good\n" * (60 * 1024 * 1024 // 16))
    assert response.status_code == 413 and "at most 50 MB" in response.text
    assert not settings.db_path.exists() and list(settings.spaces_dir.iterdir()) == []


def test_the_upload_rate_limit_answers_429_with_a_page(settings):
    from dataclasses import replace

    from fastapi.testclient import TestClient

    from independence.web.app import create_app

    with TestClient(create_app(replace(settings, uploads_per_hour=2)), base_url=PAGE) as client:
        codes = [uploaded(client, b"").status_code for _ in range(3)]
        third = uploaded(client, b"")
    assert codes == [400, 400, 429] and "Too many uploads" in third.text and "Wait" in third.text


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("entries.json", b"[" + b" " * (50 * 1024 * 1024) + b"]")
    return buffer.getvalue()


HOSTILE_NAME = '../../etc/passwd<script>alert("name")</script>'


@pytest.mark.parametrize(
    ("content", "name", "moods", "status", "says"),
    [
        (b"", "empty.csv", "", 400, "That file is empty"),
        (b"\x00\xff\xfe garbage \x00" * 500, "garbage.csv", "", 400, "not a mood or journal export"),
        (b"when,how\n2026-01-01,fine\n", "other.csv", "", 400, "is not the header of any app the page reads"),
        (_zip_bomb(), "bomb.zip", "", 400, "larger or deeper than any app"),
        (b"root:x:0:0:root:/root:/bin/bash\n", HOSTILE_NAME, "", 400, "This file cannot be read"),
        (DAYLIO.read_bytes(), "daylio.csv", '"rested" = 9', 400, "must map to a number from 1 to 5"),
        (DAYLIO.read_bytes(), "daylio.csv", "this is = not [toml", 400, "not a valid TOML"),
        (DAYLIO.read_bytes(), "daylio.csv", f'"<img src=x onerror=alert(1)>" = 3\n{MOODS}', 303, ""),
    ],
)
def test_every_bad_upload_gets_its_error_page_and_writes_nothing(client, settings, content, name, moods, status, says):
    response = uploaded(client, content, name=name, moods=moods)
    assert response.status_code == status
    if status == 303:
        page = settled(client, response.headers["location"])
        assert "<img src=x" not in page.text and "Your independence report" in page.text
        return
    assert says in response.text and "Traceback" not in response.text and "<script>alert" not in response.text
    message = re.search(r'<p class="message">(.*?)</p>', response.text, re.S)[1]
    assert not re.search(r"--\w|NUL|supported:|refused|KiB", message), message  # no CLI flags, no internals
    assert str(settings.spaces_dir) not in response.text and "/tmp" not in response.text
    assert not settings.db_path.exists() and list(settings.spaces_dir.iterdir()) == []


def test_an_upload_is_recorded_under_the_name_the_person_gave_it_and_a_day_one_journal_keeps_its_name(client, settings):
    """The page keeps every upload as `upload`: its provenance read "upload" and a Day One journal was named so."""
    from tests.conftest import REPO

    journal = (REPO / "tests" / "fixtures" / "dayone" / "Journal.json").read_bytes()
    location, page = reported(client, journal, moods="", name="C:\\Users\\me\\Journal.json")
    assert page.status_code == 200
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        user = _space_user(location)
        assert con.execute("select file_name from imports where user_id = ?", [user]).fetchall() == [("Journal.json",)]
        journals = (
            "select distinct tag from entry_tags join entries using (entry_id) where user_id = ? and tag_group = ?"
        )
        assert con.execute(journals, [user, "journal"]).fetchall() == [("Journal",)]


def test_one_obsidian_note_uploaded_takes_its_day_from_the_name_the_person_gave_it(client, settings):
    """A daily note without a date key is dated by its file name: uploaded, it was "upload" and had no day."""
    from tests.conftest import REPO

    note = (REPO / "tests" / "fixtures" / "obsidian" / "vault" / "2026-05-16.md").read_bytes()
    location, page = reported(client, note, moods="", name="2026-05-16.md")
    assert page.status_code == 200
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        days = "select logged_at_local::date::varchar, note_title from entries where user_id = ?"
        assert con.execute(days, [_space_user(location)]).fetchall() == [("2026-05-16", "2026-05-16")]


def test_a_sent_file_name_keeps_its_last_part_without_control_characters():
    from independence.pipelines.uploads import MAX_NAME, uploaded_name

    assert uploaded_name("C:\\Users\\me\\Journal.json") == "Journal.json"
    assert uploaded_name("../../etc/passwd") == "passwd" and uploaded_name("a/") == ""
    assert uploaded_name("daylio\x00\n\x1b[31m.csv") == "daylio[31m.csv"
    assert uploaded_name("x" * 500) == "x" * MAX_NAME


def test_hostile_mood_labels_and_file_names_are_shown_as_text(client, settings, tmp_path):
    from tests.publish.report.conftest import HEADER, HOSTILE_MOOD, PAYLOADS, hostile_rows

    rows = [HEADER, *hostile_rows(30)]
    content = "\n".join(",".join(json.dumps(cell) for cell in row) for row in rows).encode()
    response = uploaded(client, content, name=PAYLOADS["img"])
    form = client.get(response.headers["location"])
    assert form.status_code == 200 and HOSTILE_MOOD not in form.text
    assert "&lt;svg onload=" in form.text
    done = client.post(f"{response.headers['location']}/moods", data={"mood-0": "5"}, follow_redirects=False)
    words = settled(client, done.headers["location"])  # its hostile tags mean nothing yet: what do they mean?
    assert "what do your tags mean?" in words.text and "&lt;script&gt;" in words.text
    client.post(f"{done.headers['location']}/words", data={"skip": "1"})
    report = client.get(done.headers["location"])
    assert "Your independence report" in report.text
    for page in (words, report):
        for payload in (PAYLOADS["script"], PAYLOADS["img"], HOSTILE_MOOD):
            assert payload not in page.text


def test_a_post_without_a_file_gets_a_page_asking_for_one(client, settings):
    response = client.post("/upload", data={"moods": ""})
    assert response.status_code == 400 and "Choose an export file" in response.text
    assert list(settings.spaces_dir.iterdir()) == []


def test_a_corrupt_space_gets_a_plain_500_page_never_a_stack_trace(client, settings):
    location, _ = reported(client)
    (folder,) = [p for p in settings.spaces_dir.iterdir() if p.is_dir()]
    (folder / "space.json").write_text("{not json")
    page = client.get(location)
    assert page.status_code == 500 and "Something went wrong" in page.text and "Traceback" not in page.text
    assert "JSONDecodeError" not in page.text


def test_a_failed_import_shows_its_error_and_can_be_deleted(client, settings):
    from independence.pipelines.spaces import found_space, updated_space

    location, _ = reported(client)
    token = TOKEN_PATH.fullmatch(location)[1]
    updated_space(found_space(settings.spaces_dir, token), status="failed", error="line 3: no date")
    page = client.get(location)
    assert page.status_code == 422 and "line 3: no date" in page.text and f"{location}/delete" in page.text


def test_after_deleting_not_even_the_warehouse_files_bytes_hold_their_notes(client, settings):
    marker = "QuokkaMarkerZebra"
    lines = ["full_date,date,weekday,time,mood,activities,scales,note_title,note"]
    lines += [f'2026-01-{day:02d},,,20:00,good,alone,,,"{marker} {day} {"words " * 12}"' for day in range(1, 29)]
    location, report = reported(client, "\n".join(lines).encode(), moods="")
    keeper, _ = reported(client)
    assert "Your independence report" in report.text and marker.encode() in settings.db_path.read_bytes()
    assert client.post(f"{location}/delete").status_code == 200
    assert marker.encode() not in settings.db_path.read_bytes()
    assert not list(settings.db_path.parent.glob(".*compact*"))
    assert "Your independence report" in client.get(keeper).text
    assert sum(user_rows(settings.db_path, _space_user(keeper)).values()) > 1000


def test_an_import_a_stopped_server_left_unfinished_resumes_when_the_page_starts_again(settings):
    from fastapi.testclient import TestClient

    from independence.pipelines.spaces import created_space, new_token, updated_space
    from independence.web.app import create_app

    token = new_token()
    space = created_space(settings.spaces_dir, token, "daylio.csv", False, 30)
    space.upload_path.write_bytes(DAYLIO.read_bytes())
    space.moods_path.write_text(MOODS)
    updated_space(space, status="working", step="storing your entries")  # as a killed server left it
    with TestClient(create_app(settings), base_url=PAGE) as client:
        page = settled(client, f"/r/{token}")
    assert "Your independence report" in page.text and not space.upload_path.exists()
