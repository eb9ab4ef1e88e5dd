"""The figures with a target: each benchmark records its own, `make bench` ends by printing them all in one table.

A benchmark calls `recorded(bench, figures)`, which writes bench/results/targets-<bench>.json; `python -m
bench.targets` (the `bench-summary` target, last in `make bench`) prints every recorded figure with its target
and its ratio to it. Every target here is an upper bound: met when the ratio is at most 1.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from pathlib import Path

RESULTS = Path(__file__).parent / "results"


@dataclass(frozen=True)
class Figure:
    """One measured figure and the most it may be."""

    name: str
    value: float
    target: float
    unit: str

    @property
    def ratio(self) -> float:
        """Return the figure over its target (met at most 1)."""
        return self.value / self.target


def recorded(bench: str, figures: list[Figure], results: Path = RESULTS) -> Path:
    """Write a benchmark's figures with their targets, and when they were measured; return the file."""
    results.mkdir(exist_ok=True)
    path = results / f"targets-{bench}.json"
    measured = dt.datetime.now(dt.UTC).isoformat(timespec="minutes")
    content = {"bench": bench, "measured": measured, "figures": [asdict(figure) for figure in figures]}
    path.write_text(json.dumps(content, indent=1) + "\n", encoding="utf-8")
    return path


def summary_lines(results: Path = RESULTS) -> list[str]:
    """Return every recorded figure as a table: benchmark, figure, value, target, ratio, met or not."""
    lines = [f"{'bench':<12} {'figure':<64} {'value':>10} {'target':>10} {'ratio':>7}  verdict  measured"]
    for path in sorted(results.glob("targets-*.json")):
        content = json.loads(path.read_text(encoding="utf-8"))
        for data in content["figures"]:
            figure = Figure(**data)
            verdict = "met" if figure.ratio <= 1 else "NOT met"
            lines.append(
                f"{content['bench']:<12} {figure.name:<64} {figure.value:>8.2f} {figure.unit:<1} "
                f"{figure.target:>8.2f} {figure.unit:<1} {figure.ratio:>6.2f}x  {verdict:<7}  {content['measured']}"
            )
    return lines


if __name__ == "__main__":
    print("\n".join(summary_lines()))
