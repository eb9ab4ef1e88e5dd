"""Everything one person's report shows, read from the marts for the window their verdicts cover."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from independence.analysis.insights import UserJudgement, judged_users
from independence.analysis.patterns import MoodPattern, part_of_day_pattern, weekday_pattern
from independence.warehouse.digests import ReportDigest, has_digest, previous_digest

EXCERPTS_PER_SIDE = 3


def report_week(today: dt.date) -> str:
    """Return the ISO week a report written on `today` belongs to, e.g. '2026-W48'."""
    return f"{today:%G-W%V}"


@dataclass(frozen=True)
class ReportData:
    """One user's judgement, the chart-ready rows inside its window (dates as ISO strings), the whole history's
    days, the mood patterns, and the digest of their previous report (None for a first report); `remade` when
    a report of the same week was written before (a file added, a run repeated)."""

    judgement: UserJudgement
    week: str
    previous: ReportDigest | None
    remade: bool
    history: list[dict]
    weekday: MoodPattern
    part_of_day: MoodPattern
    daily: list[dict]
    weekly: list[dict]
    sign_weeks: list[dict]
    apart_moods: list[dict]
    apart_weeks: list[dict]
    conflicts: list[dict]
    gaps: list[dict]
    imports: list[dict]
    excerpts: list[dict] | None

    @property
    def user(self) -> str:
        """Return the user id."""
        return self.judgement.user

    @property
    def first_day(self) -> dt.date | None:
        """Return the first day of the window (a Monday), or None without entries."""
        return self.judgement.window.first_week if self.judgement.window else None

    @property
    def last_day(self) -> dt.date | None:
        """Return the last day of the window (a Sunday), or None without entries."""
        return self.judgement.window.last_week + dt.timedelta(days=6) if self.judgement.window else None


def _records(con: duckdb.DuckDBPyConnection, sql: str, parameters: list) -> list[dict]:
    """Return a query's rows as dicts, dates and times as ISO strings."""
    result = con.execute(sql, parameters)
    names = [column[0] for column in result.description]
    rows = result.fetchall()
    return [
        {
            name: value.isoformat() if isinstance(value, dt.date) else value
            for name, value in zip(names, row, strict=True)
        }
        for row in rows
    ]


_QUERIES = {
    "daily": """select day, round(mood_mean, 3) as mood, mood_entries as entries
                from mart_daily_mood where user_id = ? and day between ? and ? order by day""",
    "weekly": """select week_start, iso_week, days_logged, round(mood_mean, 3) as mood,
                        round(mood_low, 3) as mood_low, round(mood_high, 3) as mood_high, run
                 from mart_weekly_mood where user_id = ? and week_start between ? and ? order by week_start""",
    "sign_weeks": """select week_start, sign, series, round(value, 3) as value, evidence
                     from mart_weekly_signs where user_id = ? and week_start between ? and ?
                     order by sign, series, week_start""",
    "apart_moods": """select context, mood_level, sum(entries)::integer as entries,
                             round(sum(entries) / sum(sum(entries)) over (partition by context), 4) as share
                      from mart_apart_together_moods where user_id = ? and week_start between ? and ?
                      group by context, mood_level order by context, mood_level""",
    "apart_weeks": """select week_start, iso_week, round(apart_gap, 3) as gap, entries_apart, entries_together
                      from mart_weekly_apart_together where user_id = ? and week_start between ? and ?
                      order by week_start""",
    "conflicts": """select logged_at_local::date as day, round(drop_points, 2) as drop_points,
                           round(recovery_hours, 1) as recovery_hours, recovery_censored, response
                    from mart_conflict_episodes where user_id = ? and week_start between ? and ?
                    order by logged_at_local""",
    "gaps": """select first_day, last_day, days from mart_logging_gaps
               where user_id = ? and last_day >= ? and first_day <= ? order by first_day""",
    "parts": """select day, part_of_day, mood_mean as mood from mart_part_of_day_mood
                where user_id = ? and day between ? and ? order by day, part_of_day""",
}
_HISTORY = """select day, round(mood_mean, 3) as mood, mood_entries as entries
              from mart_daily_mood where user_id = ? order by day"""
_IMPORTS = """select source_format, file_name, imported_at, rows_read, rows_rejected, entries_current
              from mart_user_imports where user_id = ? order by import_id"""
# The few best and hardest days' words: mood entries inside the window with text, highest and lowest mood.
_EXCERPTS = """with inside as (
    select day, mood_score, excerpt, shortened, logged_at_local from mart_note_excerpts
    where user_id = ? and day between ? and ?
),
ranked as (
    (select 'best' as side, * from inside order by mood_score desc, logged_at_local desc limit ?)
    union all
    (select 'hardest', * from inside order by mood_score, logged_at_local desc limit ?)
)
select side, day, mood_score as mood, excerpt, shortened from ranked order by side, day"""


def report_data(
    con: duckdb.DuckDBPyConnection, user: str, weeks: int, today: dt.date, include_notes: bool = False
) -> ReportData:
    """Return one user's report content over the last `weeks` calendar weeks with data, from the built marts.

    `today` places the report in its ISO week: "since your last report" compares with the person's
    latest report of an earlier week.
    """
    judgement = judged_users(con, [user], weeks)[user]
    rows: dict[str, list[dict]] = {name: [] for name in _QUERIES}
    excerpts = [] if include_notes else None
    if judgement.window:
        first, last = judgement.window.first_week, judgement.window.last_week + dt.timedelta(days=6)
        rows = {name: _records(con, sql, [user, first, last]) for name, sql in _QUERIES.items()}
        if include_notes:
            excerpts = _records(con, _EXCERPTS, [user, first, last, EXCERPTS_PER_SIDE, EXCERPTS_PER_SIDE])
    parts = rows.pop("parts")
    week = report_week(today)
    return ReportData(
        judgement=judgement,
        week=week,
        previous=previous_digest(con, user, week, weeks),
        remade=has_digest(con, user, week, weeks),
        history=_records(con, _HISTORY, [user]),
        weekday=weekday_pattern([(dt.date.fromisoformat(row["day"]), row["mood"]) for row in rows["daily"]]),
        part_of_day=part_of_day_pattern(
            [(dt.date.fromisoformat(row["day"]), row["part_of_day"], row["mood"]) for row in parts]
        ),
        imports=_records(con, _IMPORTS, [user]),
        excerpts=excerpts,
        **rows,
    )
