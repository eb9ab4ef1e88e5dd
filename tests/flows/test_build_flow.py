"""The Prefect build flow, run against a real temporary Prefect API."""

from __future__ import annotations

from tests.helpers import count_rows


def test_build_flow_rebuilds_every_model_with_its_data_tests(prefect_api, db_path):
    from independence.analysis.transforms import transform_models
    from independence.pipelines.demo import demo_imports
    from independence_flows.build import build_models

    demo_imports(db_path)
    result = build_models(db_path=str(db_path))
    assert result["models"] == len(transform_models()) and result["users"] == 1
    assert count_rows(db_path, "select count(*) from builds") == 1
    assert count_rows(db_path, "select count(*) from mart_weekly_signs where user_id = 'demo'") > 100
    again = build_models(db_path=str(db_path), full=False)  # nobody has a newer import: nobody is rebuilt
    assert again["users"] == 0 and count_rows(db_path, "select count(*) from builds") == 2
