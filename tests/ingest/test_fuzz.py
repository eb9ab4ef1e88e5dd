"""The fuzz property: any mutation of any supported export loads, or is refused with the import's own short error.

Seeded and small in `make test` (FUZZ_EXAMPLES per source, 15 by default, the same inputs
every run); `make fuzz` runs many more with a fresh seed. A failing input is written to
test-artifacts/fuzz/ so it can become a regression test.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from independence.errors import ConfigError, ExportError
from independence.ingest.moods import mood_levels
from independence.ingest.options import source_options
from independence.pipelines.imports import imported_export
from tests.conftest import REPO
from tests.ingest.mutations import Seed, mutated_export, seeds

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))
RANDOM = os.environ.get("FUZZ_RANDOM") == "1"
MAX_MESSAGE = 1200  # a message names the file, line and problem; it never carries a whole input value
MAX_SECONDS = 20.0
ARTIFACTS = REPO / "test-artifacts" / "fuzz"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz") / "warehouse.duckdb"


@pytest.mark.parametrize("seed", seeds(), ids=lambda seed: seed.name)
def test_a_mutated_export_loads_or_is_refused_with_a_short_clear_error(seed: Seed, warehouse, tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    tried = []
    outcomes: Counter[str] = Counter()

    @settings(
        max_examples=EXAMPLES,
        derandomize=not RANDOM,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )
    @given(mutated_export(seed))
    def loads_or_refuses(data: bytes) -> None:
        path = folder / seed.name
        path.write_bytes(data)
        started = time.perf_counter()
        try:
            summary = imported_export(path, "fuzz", db_path=warehouse, moods_path=seed.moods, options=seed.options)
            outcomes["loaded, some rows rejected" if summary.rejected else "loaded whole"] += 1
        except ExportError as error:  # the import's own refusal; any other error (a setting, a busy file) fails
            outcomes["refused with the project's error"] += 1
            assert len(str(error)) <= MAX_MESSAGE, f"{len(str(error))} characters: {str(error)[:300]}"
        except Exception:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            (ARTIFACTS / f"{len(tried)}-{seed.name}").write_bytes(data)
            raise
        finally:
            tried.append(time.perf_counter() - started)
        assert tried[-1] < MAX_SECONDS, f"one import took {tried[-1]:.1f} s"

    loads_or_refuses()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    summary = {"inputs": sum(outcomes.values()), "slowest_seconds": round(max(tried, default=0), 2), **outcomes}
    (ARTIFACTS / f"outcomes-{seed.name}.json").write_text(json.dumps(summary), encoding="utf-8")


@settings(max_examples=EXAMPLES, derandomize=not RANDOM, deadline=None, database=None)
@given(
    depth=st.integers(1, 200_000),
    opener=st.sampled_from(["[", "{a = "]),
    kind=st.sampled_from(["moods", "columns", "front matter"]),
)
def test_an_option_file_nested_at_any_depth_is_read_or_refused_plainly(depth, opener, kind, tmp_path_factory):
    """Option files (`--moods`, `--columns`, `--front-matter`) nested at any depth: read, or a ConfigError."""
    closer = "]" if opener == "[" else "}"
    path = tmp_path_factory.mktemp("option") / "option.toml"
    path.write_text("x = " + opener * depth + "1" + closer * depth + "\n", encoding="utf-8")
    try:
        if kind == "moods":
            mood_levels(path)
        else:
            source_options(5, path if kind == "columns" else None, path if kind == "front matter" else None)
    except ConfigError as error:
        assert str(path) in str(error) and len(str(error)) < 600
