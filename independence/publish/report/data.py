"""Everything one person's report shows, read from the marts for the window their verdicts cover."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from independence.analysis.insights import UserJudgement, judged_users
from independence.analysis.own_words import suggestions_by_user
from independence.analysis.patterns import MoodPattern, part_of_day_pattern, weekday_pattern
from independence.warehouse.digests import ReportDigest, previous_digests, users_with_digest

EXCERPTS_PER_SIDE = 3


def report_week(today: dt.date) -> str:
    """Return the ISO week a report written on `today` belongs to, e.g. '2026-W48'."""
    return f"{today:%G-W%V}"


@dataclass(frozen=True)
class ReportData:
    """One user's judgement, the chart-ready rows inside its window (dates as ISO strings), the whole history's
    days, the mood patterns, and the digest of their previous report (None for a first report); `remade` when
    a report of the same week was written before (a file added, a run repeated); `suggestions`: their most used
    tags that mean nothing yet but may (see `own_words.suggestion`)."""

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
    suggestions: list[dict]

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


def _iso(value: object) -> object:
    """Return dates and times as ISO strings, anything else as it is."""
    return value.isoformat() if isinstance(value, dt.date) else value


def _records_by_user(con: duckdb.DuckDBPyConnection, sql: str, parameters: list) -> dict[str, list[dict]]:
    """Return a query's rows as dicts per user (its first column, ordered by it), dates and times as ISO strings."""
    result = con.execute(sql, parameters)
    names = [column[0] for column in result.description][1:]
    found: dict[str, list[dict]] = {}
    for row in result.fetchall():
        found.setdefault(row[0], []).append(dict(zip(names, map(_iso, row[1:]), strict=True)))
    return found


# Each person's rows inside their own window: `windows` holds user_id, first and last day per person, and
# `series_windows` the same per series (check-ins may cover other weeks than entries, see `series_windows`).
_WINDOWS = """with windows as (
    select unnest(?::varchar[]) as user_id, unnest(?::date[]) as first_day, unnest(?::date[]) as last_day
),
series_windows as (
    select unnest(?::varchar[]) as user_id, unnest(?::varchar[]) as series, unnest(?::date[]) as first_day,
           unnest(?::date[]) as last_day
)
"""
_QUERIES = {
    "daily": """select user_id, day, round(mood_mean, 3) as mood, mood_entries as entries
                from mart_daily_mood join windows using (user_id)
                where day between first_day and last_day order by user_id, day""",
    "weekly": """select user_id, week_start, iso_week, days_logged, round(mood_mean, 3) as mood,
                        round(mood_low, 3) as mood_low, round(mood_high, 3) as mood_high, run
                 from mart_weekly_mood join windows using (user_id)
                 where week_start between first_day and last_day order by user_id, week_start""",
    "sign_weeks": """select user_id, week_start, sign, series, round(value, 3) as value, evidence
                     from mart_weekly_signs join series_windows using (user_id, series)
                     where week_start between first_day and last_day
                     order by user_id, sign, series, week_start""",
    "apart_moods": """select user_id, context, mood_level, sum(entries)::integer as entries,
                             round(sum(entries) / sum(sum(entries)) over (partition by user_id, context), 4) as share
                      from mart_apart_together_moods join windows using (user_id)
                      where week_start between first_day and last_day
                      group by user_id, context, mood_level order by user_id, context, mood_level""",
    "apart_weeks": """select user_id, week_start, iso_week, round(apart_gap, 3) as gap, entries_apart, entries_together
                      from mart_weekly_apart_together join windows using (user_id)
                      where week_start between first_day and last_day
                      order by user_id, week_start""",
    "conflicts": """select user_id, logged_at_local::date as day, round(drop_points, 2) as drop_points,
                           round(recovery_hours, 1) as recovery_hours, recovery_censored, response
                    from mart_conflict_episodes join windows using (user_id)
                    where week_start between first_day and last_day
                    order by user_id, logged_at_local""",
    "gaps": """select user_id, mart_logging_gaps.first_day, mart_logging_gaps.last_day, days
               from mart_logging_gaps join windows using (user_id)
               where mart_logging_gaps.last_day >= windows.first_day
                 and mart_logging_gaps.first_day <= windows.last_day
               order by user_id, mart_logging_gaps.first_day""",
    "parts": """select user_id, day, part_of_day, mood_mean as mood
                from mart_part_of_day_mood join windows using (user_id)
                where day between first_day and last_day order by user_id, day, part_of_day""",
    # The few best and hardest days' words: mood entries inside the window with text, highest and lowest mood.
    "excerpts": f"""select user_id, side, day, mood_score as mood, excerpt, shortened from (
                       select *,
                              row_number() over (partition by user_id
                                                 order by mood_score desc, logged_at_local desc) as best,
                              row_number() over (partition by user_id
                                                 order by mood_score, logged_at_local desc) as hardest
                       from mart_note_excerpts join windows using (user_id)
                       where day between first_day and last_day
                   ) ranked, (values ('best'), ('hardest')) sides(side)
                   where if(side = 'best', best, hardest) <= {EXCERPTS_PER_SIDE}
                   order by user_id, side, day""",
}
_HISTORY = """select user_id, day, round(mood_mean, 3) as mood, mood_entries as entries
              from mart_daily_mood where list_contains(?, user_id) order by user_id, day"""
_IMPORTS = """select user_id, source_format, file_name, imported_at, rows_read, rows_rejected, entries_current
              from mart_user_imports where list_contains(?, user_id) order by user_id, import_id"""


def report_data(
    con: duckdb.DuckDBPyConnection, user: str, weeks: int, today: dt.date, include_notes: bool = False
) -> ReportData:
    """Return one user's report content over the last `weeks` calendar weeks with data, from the built marts.

    `today` places the report in its ISO week: "since your last report" compares with the person's
    latest report of an earlier week.
    """
    return reports_data(con, [user], weeks, today, include_notes)[user]


def reports_data(
    con: duckdb.DuckDBPyConnection, users: list[str], weeks: int, today: dt.date, include_notes: bool = False
) -> dict[str, ReportData]:
    """Return each user's report content (see `report_data`), read for all of them in one query per mart.

    The queries run once per batch, not once per person, and the verdicts are judged in one vectorised pass.
    """
    judgements = judged_users(con, users, weeks)
    windowed = [user for user in users if judgements[user].window]
    windows = [judgements[user].window for user in windowed]
    bounds = [windowed, [w.first_week for w in windows], [w.last_week + dt.timedelta(days=6) for w in windows]]
    each = [(user, series, w) for user in users for series, w in judgements[user].windows.items() if w]
    bounds += [
        [user for user, _, _ in each],
        [series for _, series, _ in each],
        [w.first_week for _, _, w in each],
        [w.last_week + dt.timedelta(days=6) for _, _, w in each],
    ]
    queries = {name: sql for name, sql in _QUERIES.items() if name != "excerpts" or include_notes}
    rows = {name: _records_by_user(con, _WINDOWS + sql, bounds) for name, sql in queries.items()}
    history, imports = _records_by_user(con, _HISTORY, [users]), _records_by_user(con, _IMPORTS, [users])
    week = report_week(today)
    previous, remade = previous_digests(con, users, week, weeks), users_with_digest(con, users, week, weeks)
    suggestions = suggestions_by_user(con, users)
    found = {}
    for user in users:
        mine = {name: rows[name].get(user, []) for name in _QUERIES if name not in ("parts", "excerpts")}
        parts = rows["parts"].get(user, [])
        found[user] = ReportData(
            judgement=judgements[user],
            week=week,
            previous=previous.get(user),
            remade=user in remade,
            history=history.get(user, []),
            weekday=weekday_pattern([(dt.date.fromisoformat(row["day"]), row["mood"]) for row in mine["daily"]]),
            part_of_day=part_of_day_pattern(
                [(dt.date.fromisoformat(row["day"]), row["part_of_day"], row["mood"]) for row in parts]
            ),
            imports=imports.get(user, []),
            excerpts=rows["excerpts"].get(user, []) if include_notes else None,
            suggestions=suggestions.get(user, []),
            **mine,
        )
    return found
