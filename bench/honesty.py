"""Print false-alarm and power rates of every series for the engaged and the typical persona profile.

Usage: python -m bench.honesty [PERSONAS]   (default 200 null + 200 planted per profile)
The figures are recorded in docs/method.md.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from dev.honesty import measured_rates
from dev.synth_cohort import STRONG_REACTOR, TYPICAL


def main(personas: int) -> None:
    """Measure and print the rates for both profiles."""
    profiles = (
        ("engaged (defaults); conflict cohort: strong reactor", {}, STRONG_REACTOR),
        ("engaged (defaults) for every cohort", {}, {}),
        ("typical for every cohort", TYPICAL, {}),
    )
    for name, profile, conflict_profile in profiles:
        with tempfile.TemporaryDirectory() as scratch:
            started = time.perf_counter()
            rates = measured_rates(Path(scratch) / "warehouse.duckdb", personas, profile, conflict_profile)
            seconds = time.perf_counter() - started
        print(f"\n## {name}: {personas} personas per cohort (null, apart_gap, conflict_drop), {seconds:.1f} s")
        print("share improving / declining per series and cohort")
        print(f"{'series':<36}" + "".join(f"{kind:>22}" for kind in rates))
        for series in sorted(rates["null"].verdicts):
            cells = [f"{r.share(series, 'improving'):.1%} / {r.share(series, 'declining'):.1%}" for r in rates.values()]
            print(f"{series:<36}" + "".join(f"{cell:>22}" for cell in cells))
        for kind in rates:
            r = rates[kind]
            print(
                f"tag effects ({kind}): {r.tags_reported} reported, {r.tags_unplanted} not planted "
                f"({r.unplanted_share():.1%}); personas with any: {r.personas_with_unplanted_tag / r.personas:.1%}"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
