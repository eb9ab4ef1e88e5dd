"""The trend rule on simulated people whose signs change in every shape (dev/shapes.py): the tables of
docs/method.md are what the simulation gives today, number for number, and the promises hold.

The simulations are seeded, so a change to the rule that moves any number fails here until docs/method.md
is regenerated (`python -m dev.shapes`) and the new numbers are read.
"""

from __future__ import annotations

import re

import pytest

from dev.shapes import ShapeSpec, rates_table, shape_rates, skipping_table
from tests.conftest import REPO

METHOD = (REPO / "docs" / "method.md").read_text(encoding="utf-8")


def documented(name: str) -> list[str]:
    """Return the table docs/method.md prints between the markers of one generating function."""
    return re.search(rf"<!-- {re.escape(name)} -->\n(.*?)\n<!-- end -->", METHOD, re.S).group(1).split("\n")


@pytest.fixture(scope="module")
def shapes() -> list[str]:
    return rates_table()


def test_the_shape_table_of_docs_method_is_what_the_simulation_gives(shapes):
    assert documented("dev.shapes.rates_table") == shapes


def test_the_skipping_table_of_docs_method_is_what_the_simulation_gives():
    assert documented("dev.shapes.skipping_table") == skipping_table()


def cells(table: list[str]) -> list[dict[str, str]]:
    header = [cell.strip() for cell in table[0].strip("|").split("|")]
    return [dict(zip(header, (cell.strip() for cell in row.strip("|").split("|")), strict=True)) for row in table[2:]]


def percent(cell: str) -> float:
    return float(cell.rstrip("%")) / 100


def test_the_promises_hold_in_every_row(shapes):
    rows = cells(shapes)
    assert len(rows) == 14
    for row in rows:
        assert percent(row["unchanged series called"]) <= 0.05, row
        if row["shape (3 of 6 signs, 1.5 points)"] == "dip":  # any call is against the truth: no change start to end
            assert percent(row["against the truth"]) <= 0.02, row
        else:  # never the wrong way
            assert percent(row["against the truth"]) <= 0.005, row
        assert percent(row["unchanged called improving"]) <= 0.05, row
        if row["shape (3 of 6 signs, 1.5 points)"] == "none":
            assert percent(row["people with a false call"]) <= 0.10, row


def test_without_the_gate_a_person_reads_chance_changes_far_more_often(monkeypatch):
    from independence.analysis import trends

    gated = shape_rates(ShapeSpec(people=400, seed=9)).people_with_a_false_call
    monkeypatch.setattr(trends, "PERSON_GATE", 1.0)
    ungated = shape_rates(ShapeSpec(people=400, seed=9)).people_with_a_false_call
    assert gated <= 0.10 < 0.15 <= ungated
