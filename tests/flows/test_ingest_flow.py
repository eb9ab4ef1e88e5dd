"""The Prefect ingest flow, run against a real temporary Prefect API."""

from __future__ import annotations

import pytest

from tests.conftest import REPO, held_by_another_process
from tests.helpers import count_rows

SAMPLES = REPO / "data" / "samples"


def test_flow_imports_every_file_and_reports_the_summaries(prefect_api, db_path):
    from independence_flows.ingest import ingest_exports

    daylio = next(SAMPLES.glob("daylio_export_*.csv"))
    summaries = ingest_exports(
        files=[str(daylio), str(SAMPLES / "checkins.csv")],
        user_id="demo",
        db_path=str(db_path),
        moods_path=str(SAMPLES / "moods.toml"),
    )
    assert [s["source"] for s in summaries] == ["daylio", "checkin"]
    assert count_rows(db_path, "select count(*) from entries") == sum(s["entries_added"] for s in summaries) > 0


def test_flow_keeps_going_past_a_bad_file_and_ends_failed(prefect_api, db_path, tmp_path, fixtures):
    from independence_flows.ingest import ingest_exports

    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    state = ingest_exports(
        files=[str(empty), str(fixtures / "daylio" / "era_2020.csv")],
        user_id="ana",
        db_path=str(db_path),
        return_state=True,
    )
    assert state.is_failed()
    with pytest.raises(RuntimeError, match=r"(?s)1 of 2 exports not imported:\n\S*empty.csv: the file is empty"):
        state.result()
    assert count_rows(db_path, "select count(*) from entries") == 2


def test_load_waits_for_a_warehouse_held_by_another_process(prefect_api, db_path, fixtures):
    import time

    from independence_flows.ingest import ingest_exports

    with held_by_another_process(db_path, 3):
        started = time.monotonic()
        summaries = ingest_exports(
            files=[str(fixtures / "daylio" / "era_2020.csv")], user_id="ana", db_path=str(db_path)
        )
    assert summaries[0]["entries_added"] == 2
    assert time.monotonic() - started > 1.5, "the load should have waited for the other process"


def test_the_deployment_reads_obsidian_notes_with_the_persons_front_matter_keys(prefect_api, db_path, tmp_path):
    import yaml

    from independence_flows.ingest import ingest_exports

    deployment = next(
        d for d in yaml.safe_load((REPO / "prefect.yaml").read_text())["deployments"] if d["name"] == "ingest-exports"
    )
    assert "front_matter_path" in deployment["parameters"]
    note = tmp_path / "2026-05-16.md"
    note.write_text("---\nStimmung: 4\nSchlagworte: [gym, friends]\n---\nClimbed.\n", encoding="utf-8")
    keys = tmp_path / "keys.toml"
    keys.write_text('mood = "Stimmung"\ntags = "Schlagworte"\n', encoding="utf-8")
    summaries = ingest_exports(files=[str(note)], user_id="ana", db_path=str(db_path), front_matter_path=str(keys))
    assert (summaries[0]["source"], summaries[0]["entries_added"]) == ("obsidian", 1)
    assert count_rows(db_path, "select mood_score from entries") == 4.0
    assert count_rows(db_path, "select string_agg(tag, ',' order by tag) from entry_tags") == "friends,gym"
