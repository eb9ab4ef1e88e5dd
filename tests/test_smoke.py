"""Everything imports and every flow loads."""

from __future__ import annotations

import importlib
import pkgutil

import independence


def test_every_module_imports():
    names = [info.name for info in pkgutil.walk_packages(independence.__path__, "independence.")]
    assert {"independence.cli", "independence.ingest.sources.daylio", "independence.warehouse.load"} <= set(names)
    for name in names:
        importlib.import_module(name)


def test_every_flow_loads():
    from prefect import Flow

    flows = {
        "independence_flows.ingest": ("ingest_exports", "ingest-exports"),
        "independence_flows.build": ("build_models", "build-models"),
        "independence_flows.cohort": ("cohort_release_flow", "cohort-release"),
        "independence_flows.weekly": ("weekly_insights", "weekly-insights"),
        "independence_flows.upload": ("upload_report", "upload-report"),
    }
    for module_name, (function, name) in flows.items():
        flow = getattr(importlib.import_module(module_name), function)
        assert isinstance(flow, Flow) and flow.name == name


def test_every_deployment_in_prefect_yaml_points_at_a_loadable_flow():
    import yaml
    from prefect import Flow

    from tests.conftest import REPO

    deployments = yaml.safe_load((REPO / "prefect.yaml").read_text())["deployments"]
    assert deployments, "prefect.yaml declares no deployment"
    for deployment in deployments:
        module_path, name = deployment["entrypoint"].split(":")
        module = importlib.import_module(module_path.removesuffix(".py").replace("/", "."))
        flow = getattr(module, name)
        assert isinstance(flow, Flow)
        assert set(deployment["parameters"]) <= set(flow.parameters.properties)
