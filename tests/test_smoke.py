"""Everything imports and every flow loads."""

from __future__ import annotations

import importlib
import pkgutil

import independence


def test_every_module_imports():
    names = [info.name for info in pkgutil.walk_packages(independence.__path__, "independence.")]
    assert {"independence.cli", "independence.sources.daylio", "independence.warehouse.load"} <= set(names)
    for name in names:
        importlib.import_module(name)


def test_every_flow_loads():
    from prefect import Flow

    module = importlib.import_module("flows.ingest")
    assert isinstance(module.ingest_exports, Flow)
    assert module.ingest_exports.name == "ingest-exports"
