"""The Prefect build flow, run against a real temporary Prefect API."""

from __future__ import annotations

import json

from tests.conftest import REPO, count_rows

SAMPLES = REPO / "data" / "samples"


def test_build_flow_runs_transforms_then_stores_every_users_insights(prefect_api, db_path):
    from independence.pipelines.demo import demo_imports
    from independence_flows.build import build_insights

    demo_imports(db_path)
    result = build_insights(db_path=str(db_path), weeks=12)
    assert result["models"] > 10 and result["users"] == 1 and result["users_with_insights"] == 1
    assert result["window_weeks"] == 12
    assert count_rows(db_path, "select count(*) from builds") == 1
    stored = count_rows(db_path, "select insights from user_insights where user_id = 'demo' and window_weeks = 12")
    assert json.loads(stored)["signs"]["time_apart_comfort"]["observed"]["weeks"] <= 12
