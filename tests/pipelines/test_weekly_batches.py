"""A weekly batch reads its people's content at once; its reports are the ones each person gets alone."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from independence.pipelines import weekly
from independence.pipelines.reports import report_bytes
from independence.warehouse import Warehouse, marts
from independence.warehouse.copies import removed_snapshot
from independence.warehouse.runs import DueReport
from tests.helpers import rows

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def snapshot(demo_db, tmp_path):
    """Return the snapshot the weekly run takes of (a copy of) the demo warehouse; closed and removed after."""
    taken = weekly.built_snapshot(Path(shutil.copy(demo_db, tmp_path / "warehouse.duckdb")))
    yield taken
    removed_snapshot(taken)


def test_the_snapshot_holds_only_what_renderers_read(snapshot, tmp_path):
    with Warehouse(tmp_path / "warehouse.duckdb").reading() as con:
        expected = marts.report_tables(con)
    assert "report_digests" in expected and "entries" not in expected and "user_signal_terms" not in expected
    assert rows(snapshot, "select table_name from information_schema.tables order by all") == [
        (name,) for name in sorted(expected)
    ]
    assert snapshot.stat().st_size < (tmp_path / "warehouse.duckdb").stat().st_size


def test_a_batchs_report_is_the_report_read_alone(demo_db, snapshot, tmp_path):
    (outcome,) = weekly.rendered_batch(snapshot, [DueReport("demo", 1)], "2026-W48", TODAY, tmp_path, 52)
    with Warehouse(demo_db).reading() as con:
        alone = report_bytes(con, "demo", "html", 52, False, TODAY)
    assert outcome.status == "ok" and (tmp_path / "demo" / "2026-W48.html").read_bytes() == alone


def test_when_the_batched_read_fails_each_person_is_read_alone(snapshot, tmp_path, monkeypatch):
    def failing(*arguments, **options):
        raise RuntimeError("the batched read failed")

    monkeypatch.setattr(weekly, "report_contents", failing)
    outcomes = weekly.rendered_batch(snapshot, [DueReport("demo", 1)], "2026-W48", TODAY, tmp_path, 52)
    assert [outcome.status for outcome in outcomes] == ["ok"]
    assert (tmp_path / "demo" / "2026-W48.html").exists()


def test_the_weekly_run_reads_each_persons_tags_with_their_stored_words(tmp_path):
    from independence.pipelines.imports import imported_export
    from independence.pipelines.vocabulary import WordsChange, person_words
    from tests.conftest import FIXTURES

    db = tmp_path / "warehouse.duckdb"
    imported_export(FIXTURES / "daylio" / "own_words.csv", "sam", db_path=db)
    person_words("sam", db, WordsChange(mapped=(("Sasha time", "with_partner"),)))
    due = weekly.due_users(db)
    assert [person.user for person in due] == ["sam"]
    snapshot = weekly.built_snapshot(db)
    try:
        (outcome,) = weekly.rendered_batch(snapshot, due, "2026-W48", TODAY, tmp_path / "reports", 52)
    finally:
        removed_snapshot(snapshot)
    page = (tmp_path / "reports" / "sam" / "2026-W48.html").read_text(encoding="utf-8")
    assert outcome.status == "ok" and "Apart from your partner your mood averaged" in page
    assert "(n = 60)" in page  # the 60 evenings the person calls "Sasha time" are time together
