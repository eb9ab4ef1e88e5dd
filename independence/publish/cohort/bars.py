"""The coach's verdict bars: per sign and source, how many clients' own trends land in each verdict.

Drawn in HTML, not a chart: every segment carries its count as text, and hidden counts are one visible
"hidden" segment (their total is published already: the cell's clients less the shown counts).
"""

from __future__ import annotations

from dataclasses import dataclass

from independence.signs import SIGNS

SOURCES = {"observed": "entries", "self_rated": "check-ins"}
VERDICT_LABELS = {
    "improving": "improving",
    "steady": "steady",
    "declining": "declining",
    "insufficient_data": "too short to tell",
}
NO_DATA_LABELS = {"observed": "no entries of this kind", "self_rated": "no check-ins"}


@dataclass(frozen=True)
class Segment:
    """One part of a bar: a verdict (or 'hidden'), its label, its clients and its share of the bar in percent."""

    verdict: str
    label: str
    clients: int
    percent: float


@dataclass(frozen=True)
class VerdictBar:
    """One sign and source: the clients it covers and its segments (None when the whole cell is hidden)."""

    sign: str
    title: str
    source: str
    clients: int | None
    segments: list[Segment] | None


def verdict_label(verdict: str, series: str) -> str:
    """Return a verdict's words on the coach's page ('no check-ins' for a check-in series without data)."""
    return NO_DATA_LABELS[series] if verdict == "no_data" else VERDICT_LABELS[verdict]


def verdict_bars(verdicts: list[dict]) -> list[VerdictBar]:
    """Return the bars of a release's verdict cells, in sign order, entries before check-ins."""
    bars = []
    for cell in verdicts:
        title, source = SIGNS[cell["sign"]].title, SOURCES[cell["series"]]
        if cell["suppressed"] or not cell["clients"]:
            bars.append(VerdictBar(cell["sign"], title, source, None, None))
            continue
        total = cell["clients"]
        shown = {name: count["clients"] for name, count in cell["counts"].items() if not count["suppressed"]}
        hidden = [name for name, count in cell["counts"].items() if count["suppressed"]]
        segments = [
            Segment(name, verdict_label(name, cell["series"]), clients, 100 * clients / total)
            for name, clients in shown.items()
            if clients
        ]
        if hidden:
            rest = max(total - sum(shown.values()), 0)
            names = " or ".join(verdict_label(name, cell["series"]) for name in hidden)
            segments.append(Segment("hidden", f"hidden ({names})", rest, 100 * rest / total))
        bars.append(VerdictBar(cell["sign"], title, source, total, segments))
    return bars
