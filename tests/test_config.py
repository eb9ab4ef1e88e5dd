"""Configuration is read in one place: every INDEPENDENCE_* variable is known, typed, or refused by name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from independence.config import DEFAULT_WEEKS, ENVIRONMENT, settings
from independence.errors import ConfigError
from tests.conftest import REPO


def test_defaults_without_any_variable():
    configured = settings({})
    assert configured.db_path == Path("data/warehouse.duckdb") and configured.lock_wait_seconds == 300
    assert configured.max_upload_mb == 50 and configured.space_days == 30 and DEFAULT_WEEKS == 52


def test_every_variable_is_read_into_its_typed_setting():
    configured = settings(
        {
            "INDEPENDENCE_DB": "/tmp/x.duckdb",
            "INDEPENDENCE_LOCK_WAIT": "2.5",
            "INDEPENDENCE_MAX_UPLOAD_MB": "3",
            "INDEPENDENCE_UPLOADS_PER_HOUR": "7",
            "INDEPENDENCE_SPACE_DAYS": "2",
            "INDEPENDENCE_TIMEZONE": "Europe/Berlin",
        }
    )
    assert configured.db_path == Path("/tmp/x.duckdb") and configured.lock_wait_seconds == 2.5
    assert (configured.max_upload_mb, configured.uploads_per_hour, configured.space_days) == (3, 7, 2)
    assert configured.timezone == "Europe/Berlin"


def test_a_misspelt_variable_is_an_error_naming_the_right_one():
    with pytest.raises(ConfigError, match="INDEPENDENCE_DBB is not a setting.*did you mean INDEPENDENCE_DB"):
        settings({"INDEPENDENCE_DBB": "x.duckdb"})


def test_a_malformed_value_names_its_variable():
    with pytest.raises(ConfigError, match="INDEPENDENCE_LOCK_WAIT='soon' is not a number"):
        settings({"INDEPENDENCE_LOCK_WAIT": "soon"})
    with pytest.raises(ConfigError, match="INDEPENDENCE_SPACE_DAYS='1.5' is not a whole number"):
        settings({"INDEPENDENCE_SPACE_DAYS": "1.5"})


def test_no_other_module_reads_the_environment_for_a_setting():
    readers = [
        str(path.relative_to(REPO))
        for root in ("independence", "flows")
        for path in (REPO / root).rglob("*.py")
        if re.search(
            r"os\.environ\.get\(\s*[\"']INDEPENDENCE_|os\.environ\[[\"']INDEPENDENCE_\w+[\"']\](?!\s*=)|getenv\(",
            path.read_text(),
        )
    ]
    assert readers == []


def test_the_readme_documents_every_variable():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert [name for name in ENVIRONMENT if name not in readme] == []
