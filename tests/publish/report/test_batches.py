"""Reading a batch of people's report content at once gives each exactly what they get when read alone."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from dev.synth_cohort import CohortSpec, cohort_frames, loaded_cohort
from independence.analysis.transforms import built_warehouse
from independence.pipelines.reports import report_content, report_contents
from independence.warehouse import Warehouse
from independence.warehouse.digests import ReportDigest, saved_digests

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def people_db(demo_db, tmp_path_factory):
    """The demo persona (notes, check-ins, conflicts) and five cohort personas, with earlier digests for two."""
    db = tmp_path_factory.mktemp("batch") / "warehouse.duckdb"
    shutil.copy(demo_db, db)
    with Warehouse(db).writing() as con:
        loaded_cohort(
            con, cohort_frames(CohortSpec(personas=5, seed=3, weeks=20, prefix="c", last_day=dt.date(2026, 10, 11)))
        )
        built_warehouse(con)
        users = [user for (user,) in con.execute("select distinct user_id from entries order by 1").fetchall()]
        written = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
        saved_digests(
            con,
            [
                ReportDigest("demo", "2026-W44", 26, written, {"verdicts": {"alone_comfort/observed": "steady"}}),
                ReportDigest(users[1], "2026-W48", 26, written, {"verdicts": {}}),  # this week: made again
            ],
        )
    return db, users


@pytest.mark.parametrize("include_notes", [False, True])
def test_each_person_of_a_batch_gets_what_they_get_alone(people_db, include_notes):
    db, users = people_db
    with Warehouse(db).reading() as con:
        together = report_contents(con, [*users, "nobody"], 26, TODAY, include_notes)
        for user in [*users, "nobody"]:
            assert together[user] == report_content(con, user, 26, TODAY, include_notes), user
    assert len(users) == 6
    assert together["demo"].previous.iso_week == "2026-W44" and not together["demo"].remade
    assert together[users[1]].remade and together[users[1]].previous is None
    assert together["nobody"].judgement.window is None and together["nobody"].history == []
    if include_notes:
        sides = [excerpt["side"] for excerpt in together["demo"].excerpts]
        assert sides.count("best") == 3 and sides.count("hardest") == 3
        assert all(together[user].excerpts == [] for user in users if user != "demo")
    else:
        assert all(together[user].excerpts is None for user in users)


def test_the_batch_keeps_each_persons_own_window_and_rows(people_db):
    db, users = people_db
    with Warehouse(db).reading() as con:
        together = report_contents(con, users, 26, TODAY)
    for user in users:
        data = together[user]
        assert data.daily, user
        assert all(data.first_day.isoformat() <= row["day"] <= data.last_day.isoformat() for row in data.daily)
        assert {row["day"] for row in data.daily} <= {row["day"] for row in data.history}
    assert together["demo"].first_day != together[users[0]].first_day  # the cohort ends on another day
