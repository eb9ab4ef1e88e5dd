"""The coach's page and terminal say first what moved across the cohort, in one sentence."""

from __future__ import annotations

from independence.signs import SIGNS


def cohort_headline(content: dict) -> str:
    """Return what moved across the cohort in one sentence: which signs' average trend rose or fell (95%
    intervals that exclude no change), 'none' for either when nothing did, and how many averages are hidden; when
    every average is hidden (too few clients, or withheld), that nothing can be said, not 'none'."""
    trends = content["trends"]
    shown = [cell for cell in trends if not cell["suppressed"]]
    if not shown:
        return (
            "No average trend can be shown this time (each sign's is hidden), so nothing can be said about what moved."
        )
    moving: dict[str, list[str]] = {"rising": [], "falling": []}
    for cell in shown:
        low, high = cell["ci95"] or (0, 0)
        if low > 0 or high < 0:
            source = "check-ins" if cell["series"] == "self_rated" else "entries"
            moving["rising" if low > 0 else "falling"].append(f"{SIGNS[cell['sign']].title} ({source})")
    hidden = f"; {len(trends) - len(shown)} of {len(trends)} averages hidden" if len(shown) < len(trends) else ""
    return (
        "On average across clients, "
        + "; ".join(f"{way}: {', '.join(names) or 'none'}" for way, names in moving.items())
        + f" (95% intervals that exclude no change{hidden})."
    )
