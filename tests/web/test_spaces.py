"""A space holds a person's whole picture: several files, one report, one delete (HTTP, real warehouse)."""

from __future__ import annotations

import re

from tests.web.conftest import DAYLIO, MOODS, settled, uploaded, user_rows
from tests.web.spaces import CHECKINS, glance_sources, later_export, space_of


def added(client, location: str, content: bytes, name: str, moods: str = ""):
    """POST one more file into a space and return its settled page."""
    response = client.post(
        f"{location}/add", files={"file": (name, content)}, data={"moods": moods}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == location, response.text
    return settled(client, location)


def test_an_export_then_check_ins_make_one_report_a_later_export_adds_only_new_and_delete_removes_all(client, settings):
    first = uploaded(client, DAYLIO.read_bytes(), name=DAYLIO.name, moods=MOODS)
    location = first.headers["location"]
    report = settled(client, location).text
    assert glance_sources(report) == ["Your entries"] and "Add your check-ins" in report
    assert f'href="{location}/add"' in report

    report = added(client, location, CHECKINS.read_bytes(), "checkins.csv").text
    assert glance_sources(report) == ["Your entries", "Your check-ins"], "both series in one report"
    space = space_of(settings, location)
    user = space.user
    assert [item["format"].split(" (")[0] for item in space.imports] == ["Daylio CSV", "check-in CSV"]
    entries_before = user_rows(settings.db_path, user)["entries"]
    assert entries_before == sum(item["entries_added"] for item in space.imports)

    content, newer = later_export()
    added(client, location, content, "daylio_export_2026_11_05.csv")
    latest = space_of(settings, location).imports[-1]
    assert latest["entries_added"] == newer and latest["duplicates_skipped"] == space.imports[0]["entries_added"]
    assert user_rows(settings.db_path, user)["entries"] == entries_before + newer

    files = client.get(f"{location}/add").text
    assert files.count("<strong>") >= 3 and f"{newer} new entries" in files and "already here" in files
    assert 'action="/r/' in files and 'href="/checkin-template.csv" download' in files

    assert client.post(f"{location}/delete").status_code == 200
    assert all(count == 0 for count in user_rows(settings.db_path, user).values())
    assert list(settings.spaces_dir.iterdir()) == [] and client.get(location).status_code == 404


def test_a_file_that_cannot_be_added_leaves_the_report_as_it_was_and_says_so(client, settings):
    from independence.pipelines.spaces import updated_space
    from independence.pipelines.uploads import isolated_space_import

    location = uploaded(client, DAYLIO.read_bytes(), moods=MOODS).headers["location"]
    settled(client, location)
    report = space_of(settings, location).report_path.read_bytes()
    refused = client.post(f"{location}/add", files={"file": ("x.csv", b"when,how\n1,2\n")}, follow_redirects=False)
    assert refused.status_code == 400 and "Back to my report" in refused.text and f"{location}/add" in refused.text
    assert len(space_of(settings, location).imports) == 1, "a file refused at the door is not recorded"

    space = updated_space(space_of(settings, location), status="queued", file_name="checkins.csv")
    space.upload_path.write_bytes(CHECKINS.read_bytes())
    ended = isolated_space_import(space, settings.db_path, 26, memory_mb=40)  # the import runs out of memory
    assert ended.status == "done" and ended.imports[-1]["file_name"] == "checkins.csv"
    assert "more memory" in ended.imports[-1]["failed"] and not space.upload_path.exists()
    assert space.report_path.read_bytes() == report, "the report is as it was"
    page = client.get(location).text
    notice = re.search(r'<p class="space-notice" role="alert">(.*?)</p>', page, re.S)[1]
    assert "checkins.csv was not added" in notice and "Your report is as it was" in notice
    assert "Your independence report" in page and "more memory" in client.get(f"{location}/add").text


def test_adding_while_an_import_runs_waits_and_the_template_and_icon_are_served(client, settings):
    from independence.pipelines.spaces import updated_space

    location = uploaded(client, DAYLIO.read_bytes(), moods=MOODS).headers["location"]
    settled(client, location)
    updated_space(space_of(settings, location), status="working")
    busy = client.post(f"{location}/add", files={"file": ("c.csv", CHECKINS.read_bytes())}, follow_redirects=False)
    assert busy.status_code == 409 and "still being imported" in busy.text
    assert client.get(f"{location}/add", follow_redirects=False).status_code == 303

    template = client.get("/checkin-template.csv")
    assert template.status_code == 200 and template.headers["content-type"].startswith("text/csv")
    assert "attachment" in template.headers["content-disposition"]
    assert template.text.splitlines()[0].split(",")[1:7] == [
        "alone_comfort", "decision_confidence", "time_apart_comfort",
        "needs_expression", "conflict_calmness", "happiness_ownership",
    ]  # fmt: skip
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/svg+xml" and b"<svg" in icon.content


def test_a_space_written_by_an_older_version_still_opens(client, settings):
    import json

    location = uploaded(client, DAYLIO.read_bytes(), moods=MOODS).headers["location"]
    settled(client, location)
    state_file = space_of(settings, location).folder / "space.json"
    state = json.loads(state_file.read_text(encoding="utf-8"))
    state["summary"] = {"entries_added": 512}  # a field earlier versions stored, now derived from `imports`
    state_file.write_text(json.dumps(state), encoding="utf-8")
    assert space_of(settings, location).last_import["entries_added"] == 512
    assert "Your independence report" in client.get(location).text
