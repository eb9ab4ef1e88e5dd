"""The coach's page and terminal say first what moved across the cohort, in one sentence."""

from __future__ import annotations

from independence.signs import SIGNS


def cohort_headline(content: dict) -> str:
    """Return what moved across the cohort in one sentence: which signs' average trend rose or fell (95%
    intervals that exclude no change), 'none' for either when nothing did."""
    moving: dict[str, list[str]] = {"rising": [], "falling": []}
    for cell in content["trends"]:
        low, high = cell["ci95"] or (0, 0)
        if not cell["suppressed"] and (low > 0 or high < 0):
            source = "check-ins" if cell["series"] == "self_rated" else "entries"
            moving["rising" if low > 0 else "falling"].append(f"{SIGNS[cell['sign']].title} ({source})")
    return (
        "On average across clients, "
        + "; ".join(f"{way}: {', '.join(names) or 'none'}" for way, names in moving.items())
        + " (95% intervals that exclude no change)."
    )
