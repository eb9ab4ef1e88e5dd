"""Entry point for notebooks: a warehouse opened read-only, its data as pandas DataFrames, a report rendered.

    from independence import api

    warehouse = api.open_warehouse("data/demo/warehouse.duckdb")
    warehouse.people()                  # one row per person: entries, moods, days, first and last day
    warehouse.entries("demo")           # one row per current entry, tags joined; notes with with_notes=True
    warehouse.weekly_signs("demo")      # one row per ISO week, sign and series (entries or check-ins)
    warehouse.insights("demo")          # one row per sign and series: verdict, slope, interval, change, shift
    warehouse.vocabulary("demo")        # one row per tag: entries, mood with and without, meaning, suggestion
    warehouse.report("demo", "r.html")  # the person's report, written where you say
    api.release_frames("data/cohort/Robin-2026-W49.json")  # a coach's published release, as frames

Every call opens its own read-only connection and closes it, so the warehouse's writer (an import, the
weekly run) is never held up for longer than one query. Frames come from DuckDB straight into pandas.
Cohort numbers come only from published releases: a new release goes through `independence cohort`,
whose ledger checks it against every earlier one — the API cannot bypass that.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from independence.analysis.transforms import build_is_current
from independence.config import DEFAULT_WEEKS
from independence.errors import WarehouseStaleError
from independence.pipelines.insights import user_insights
from independence.pipelines.reports import assembled_report
from independence.pipelines.vocabulary import person_tag_meanings
from independence.warehouse import Warehouse, marts
from independence.warehouse.users import validated_user_id

STALE = (
    "the warehouse has imports newer than its last build, or was built by another version of the models: run "
    "`independence build` for current numbers"
)


@dataclass(frozen=True)
class WarehouseView:
    """A warehouse file read through read-only connections; each method returns one DataFrame."""

    path: Path

    @contextmanager
    def _reading(self, stale: str = "warn") -> Iterator[duckdb.DuckDBPyConnection]:
        """Yield a read-only connection; models older than an import are warned of, or with stale='refuse' refused."""
        with Warehouse(self.path).reading() as con:
            if not build_is_current(con):
                if stale == "refuse":  # a report from half-built models could mislead
                    raise WarehouseStaleError(f"{self.path}: {STALE}")
                warnings.warn(STALE, stacklevel=4)
            yield con

    def people(self) -> pd.DataFrame:
        """Return one row per person, counted as their report counts (current entries: an edited entry's
        old version, superseded by a later export, is not counted): user_id, entries, moments with a mood,
        days with a mood, first_day, last_day."""
        with self._reading() as con:
            return marts.people_table(con)

    def entries(self, user: str, with_notes: bool = False, with_superseded: bool = False) -> pd.DataFrame:
        """Return a person's current entries, oldest first, with their tags as a list; note text only when asked.

        An entry edited in the app and exported again is one current entry: its older versions are left out,
        as the report leaves them out. `with_superseded=True` returns every stored version, with a `current`
        column saying which one counts.
        """
        user = validated_user_id(user)
        with self._reading() as con:
            return marts.entries_table(con, user, with_notes, with_superseded)

    def weekly_signs(self, user: str) -> pd.DataFrame:
        """Return a person's weekly sign values: week_start, iso_week, sign, series, value, evidence."""
        user = validated_user_id(user)
        with self._reading() as con:
            return marts.weekly_signs_table(con, user)

    def insights(self, user: str, weeks: int = DEFAULT_WEEKS) -> pd.DataFrame:
        """Return a person's trend verdicts over their last `weeks` weeks: one row per sign and series."""
        user = validated_user_id(user)
        with self._reading() as con:
            result = user_insights(con, user, weeks)
        rows = [
            {
                "sign": sign,
                "series": series,
                "verdict": trend["verdict"],
                "slope_per_week": trend["slope_per_week"],
                "interval_low": trend["interval"][0] if trend["interval"] else None,
                "interval_high": trend["interval"][1] if trend["interval"] else None,
                "p_value": trend["p_value"],
                "change": trend["change"],
                "weeks": trend["weeks"],
                "no_verdict": trend["no_verdict"],
                "weeks_needed": trend["weeks_needed"],
                "called_by": trend["called_by"],
                **_shift_columns(trend["shift"]),
            }
            for sign, by_series in result["signs"].items()
            for series, trend in by_series.items()
        ]
        return pd.DataFrame(rows)

    def vocabulary(self, user: str) -> pd.DataFrame:
        """Return every tag a person used, most used first: entries, mood with and without it, its meaning now and
        whose meaning it is, and a suggestion where one can be made (`independence vocabulary --json`)."""
        user = validated_user_id(user)
        with self._reading() as con:
            return pd.DataFrame([meaning.as_json() for meaning in person_tag_meanings(con, user)])

    def report(self, user: str, out: Path | str, weeks: int = DEFAULT_WEEKS, fmt: str = "html") -> Path:
        """Write a person's report (html, pdf or png) to `out` and return its path; nothing is stored."""
        user = validated_user_id(user)
        with self._reading(stale="refuse") as con:
            return assembled_report(con, user, out=Path(out), fmt=fmt, weeks=weeks).path


def _shift_columns(shift: dict | None) -> dict:
    """Return a trend's shift in level as frame columns (None without one): a change called by the shift
    (`called_by` 'shift') reads its numbers here, not in the slope's."""
    shift = shift or {}
    interval = shift.get("interval") or (None, None)
    return {
        "shift_form": shift.get("form"),
        "shift_difference": shift.get("difference"),
        "shift_interval_low": interval[0],
        "shift_interval_high": interval[1],
        "shift_p_value": shift.get("p_value"),
    }


def open_warehouse(path: Path | str | None = None) -> WarehouseView:
    """Return a read-only view of the warehouse (INDEPENDENCE_DB, else data/warehouse.duckdb, by default)."""
    warehouse = Warehouse(path)
    with warehouse.reading():  # a missing file is refused now, with its plain message
        pass
    return WarehouseView(warehouse.path)


def release_frames(release_json: Path | str) -> dict[str, pd.DataFrame]:
    """Return a published coach release as frames: weekly_signs, trends, verdicts (one row per verdict), engagement.

    Hidden cells stay in the frames with `suppressed` true and empty values, as the release has them.
    """
    content = json.loads(Path(release_json).read_text(encoding="utf-8"))
    weekly = pd.DataFrame(content["weekly_signs"])
    verdicts = pd.DataFrame(
        [
            {"sign": cell["sign"], "series": cell["series"], "verdict": name, **count}
            for cell in content["verdicts"]
            for name, count in cell["counts"].items()
        ]
    )
    engagement = pd.DataFrame(
        [
            {
                "week": week["week"],
                "share_logging": week["share_logging"],
                **{f"{name}_clients": count["clients"] for name, count in week["counts"].items()},
            }
            for week in content["engagement"]["weeks"]
        ]
    )
    return {
        "weekly_signs": weekly,
        "trends": pd.DataFrame(content["trends"]),
        "verdicts": verdicts,
        "engagement": engagement,
    }
