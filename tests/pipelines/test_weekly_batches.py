"""A weekly batch reads its people's content at once; its reports are the ones each person gets alone."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from independence.pipelines import weekly
from independence.publish.report import report_bytes
from independence.warehouse import Warehouse
from independence.warehouse.copies import removed_snapshot
from independence.warehouse.runs import DueReport

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def snapshot(demo_db, tmp_path):
    """Return a snapshot of the demo warehouse, as the weekly run takes one; closed and removed after."""
    copy = shutil.copy(demo_db, tmp_path / "snapshot.duckdb")
    yield copy
    removed_snapshot(copy)


def test_a_batchs_report_is_the_report_read_alone(demo_db, snapshot, tmp_path):
    (outcome,) = weekly.rendered_batch(snapshot, [DueReport("demo", 1)], "2026-W48", TODAY, tmp_path, 52)
    with Warehouse(demo_db).reading() as con:
        alone = report_bytes(con, "demo", "html", 52, False, TODAY)
    assert outcome.status == "ok" and (tmp_path / "demo" / "2026-W48.html").read_bytes() == alone


def test_when_the_batched_read_fails_each_person_is_read_alone(snapshot, tmp_path, monkeypatch):
    def failing(*arguments, **options):
        raise RuntimeError("the batched read failed")

    monkeypatch.setattr(weekly, "reports_data", failing)
    outcomes = weekly.rendered_batch(snapshot, [DueReport("demo", 1)], "2026-W48", TODAY, tmp_path, 52)
    assert [outcome.status for outcome in outcomes] == ["ok"]
    assert (tmp_path / "demo" / "2026-W48.html").exists()
