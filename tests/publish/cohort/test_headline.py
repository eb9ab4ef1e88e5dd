"""The coach's one-sentence headline says what moved, and never 'none' when no average could be shown."""

from __future__ import annotations

from independence.publish.cohort.headline import cohort_headline


def cell(sign: str, series: str, ci95: tuple[float, float] | None) -> dict:
    return {"sign": sign, "series": series, "ci95": ci95, "suppressed": ci95 is None}


def test_a_cohort_whose_every_average_is_hidden_is_told_nothing_can_be_said_not_that_nothing_moved():
    """27 real exports as clients, none logging in the release's weeks, read "rising: none; falling: none"."""
    headline = cohort_headline(
        {"trends": [cell("alone_comfort", "observed", None), cell("alone_comfort", "self_rated", None)]}
    )
    assert headline.startswith("No average trend can be shown this time") and "none" not in headline


def test_the_headline_names_what_rose_and_fell_and_counts_the_averages_hidden():
    trends = [
        cell("alone_comfort", "observed", (0.01, 0.05)),
        cell("conflict_calmness", "self_rated", (-0.09, -0.02)),
        cell("needs_expression", "observed", (-0.01, 0.03)),
        cell("happiness_ownership", "observed", None),
    ]
    assert cohort_headline({"trends": trends}) == (
        "On average across clients, rising: Comfort when alone (entries); falling: Calm in conflict (check-ins) "
        "(95% intervals that exclude no change; 1 of 4 averages hidden)."
    )
    assert cohort_headline({"trends": trends[2:3]}) == (
        "On average across clients, rising: none; falling: none (95% intervals that exclude no change)."
    )
