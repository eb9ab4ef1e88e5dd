"""Uploads as Prefect flow runs when an API is configured, and expiry enforced by the weekly flow."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from tests.web.conftest import PAGE, reported, user_rows
from tests.web.spaces import TOKEN_PATH


def test_with_a_prefect_api_an_upload_is_a_flow_run_whose_parameters_hold_no_token(prefect_api, settings):
    from fastapi.testclient import TestClient
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName

    from independence.web.app import create_app

    with TestClient(create_app(replace(settings, use_prefect=True)), base_url=PAGE) as client:
        location, report = reported(client)
    assert "Your independence report" in report.text
    with get_client(sync_client=True) as prefect:
        runs = prefect.read_flow_runs(flow_filter=FlowFilter(name=FlowFilterName(any_=["upload-report"])))
    token = TOKEN_PATH.fullmatch(location)[1]
    ours = [run for run in runs if run.parameters["db_path"] == str(settings.db_path)]
    assert len(ours) == 1 and ours[0].state.is_completed()
    assert token not in str(ours[0].parameters) and settings.spaces_dir.as_posix() in ours[0].parameters["space_folder"]


def test_the_weekly_flow_deletes_expired_spaces_with_all_their_data(prefect_api, settings, client):
    from independence.pipelines.spaces import found_space, space_user, updated_space
    from independence_flows.weekly import weekly_insights

    expiring, _ = reported(client)
    staying, _ = reported(client)
    token = TOKEN_PATH.fullmatch(expiring)[1]
    past = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)).isoformat(timespec="seconds")
    updated_space(found_space(settings.spaces_dir, token), expires_at=past)
    assert client.get(expiring).status_code == 404  # expired is gone for the page at once
    assert sum(user_rows(settings.db_path, space_user(token)).values()) > 0  # until the weekly run deletes it

    result = weekly_insights(
        db_path=str(settings.db_path), reports_dir=str(settings.reports_dir), spaces_dir=str(settings.spaces_dir)
    )
    assert result["written"] == 1  # the staying user's weekly report
    assert not any(user_rows(settings.db_path, space_user(token)).values())
    assert len([folder for folder in settings.spaces_dir.iterdir() if folder.is_dir()]) == 1
    assert "Your independence report" in client.get(staying).text
