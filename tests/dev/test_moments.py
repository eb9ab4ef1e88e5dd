"""False alarms and power of "before and after a moment" on simulated people (dev/moments.py): the table of
docs/method.md is what the simulation gives today, number for number, and its promises hold.

People rate the six signs weekly in whole points, a shared "how the week went" factor and each sign's own ups and
downs behind every rating, 30% of weeks skipped and 20% more in weeks that went badly; the moment falls between a
quarter and three quarters of the way through. 1,000 people per row.
"""

from __future__ import annotations

import re

import pytest

from dev.moments import rates_table
from tests.conftest import REPO

METHOD = (REPO / "docs" / "method.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def table() -> list[str]:
    return rates_table()


def rows(table: list[str]) -> list[dict[str, str]]:
    header = [cell.strip() for cell in table[0].strip("|").split("|")]
    return [dict(zip(header, (cell.strip() for cell in row.strip("|").split("|")), strict=True)) for row in table[2:]]


def percent(cell: str) -> float:
    return float(cell.rstrip("%")) / 100


def test_the_moments_table_of_docs_method_is_what_the_simulation_gives(table):
    documented = re.search(r"<!-- dev.moments.rates_table -->\n(.*?)\n<!-- end -->", METHOD, re.S).group(1)
    assert documented.split("\n") == table


def test_when_nothing_changes_at_most_one_person_in_ten_reads_a_change_and_each_sign_at_most_five_percent(table):
    for row in rows(table):
        assert percent(row["unchanged signs called"]) <= 0.05, row
        assert percent(row["read the wrong way"]) == 0, row
        if row["step at the moment (3 of 6 signs)"] == "none":
            assert percent(row["people with any false call"]) <= 0.10, row


def test_a_step_of_one_and_a_half_points_at_the_moment_is_found(table):
    found = {(row["weeks"], row["step at the moment (3 of 6 signs)"]): row["found"] for row in rows(table)}
    for step in ("+1.5", "-1.5"):
        assert percent(found[("26", step)]) >= 0.45 and percent(found[("52", step)]) >= 0.75
