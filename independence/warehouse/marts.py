"""Every query on the marts, per person and in bulk: the one place the other layers get their rows from.

Analysis judges the rows it is handed, publish renders what it is handed, and use cases (pipelines) fetch
the rows here and pass them on. Each function reads many people at once (one query per mart, never one per
person), filtered to the people asked for before anything else, and only rows inside each person's window.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import duckdb

from independence.signs import SERIES

EXCERPTS_PER_SIDE = 3
Rows = dict[str, dict[str, list]]  # query name -> user -> that user's rows


@dataclass(frozen=True)
class Window:
    """The calendar weeks a verdict covers: `weeks` Mondays ending with the user's last week with data.

    Week numbers count from `first_week` however late the person began; `first_data_week` (the Monday of their
    first entry of any kind) is where the weeks they can have logged begin, and what a report shows.
    """

    first_week: dt.date
    last_week: dt.date
    weeks: int
    first_data_week: dt.date | None = None

    @property
    def shown_first_week(self) -> dt.date:
        """Return the first week a person reads the window from: its own, or the week they began when later (a
        person who started three weeks ago is not shown a year of weeks they could not have logged)."""
        return max(self.first_week, self.first_data_week or self.first_week)

    def label(self) -> str:
        """Return the window as the person reads it, in ISO weeks, e.g. '2026-W19 to 2026-W44' (or '2026-W06')."""
        if self.shown_first_week == self.last_week:
            return f"{self.last_week:%G-W%V}"
        return f"{self.shown_first_week:%G-W%V} to {self.last_week:%G-W%V}"

    def week_number(self, week_start: dt.date) -> int:
        """Return a Monday's week number counted from the window's first week."""
        return (week_start - self.first_week).days // 7

    def position(self, moment: dt.datetime) -> float:
        """Return a moment's place in weeks from the window's start (fractional: 1.5 is Thursday noon of week 1)."""
        return (moment - dt.datetime.combine(self.first_week, dt.time())).total_seconds() / (7 * 86400)


def _by_user(con: duckdb.DuckDBPyConnection, sql: str, parameters: list) -> dict[str, list[tuple]]:
    """Run a query whose first column is user_id (ordered by it); return the other columns' rows per user."""
    rows = con.execute(sql, parameters).fetchall()
    return {user: [row[1:] for row in group] for user, group in itertools.groupby(rows, key=lambda row: row[0])}


def coverages(con: duckdb.DuckDBPyConnection, users: list[str]) -> dict[str, dict]:
    """Return per user what they logged: first and last day, moments with a mood, days with one, other rows.

    `entries` counts the moments a person logged a mood: apps that export one row per factor (Bearable)
    or entries without a mood (journals, check-ins) add to `other_entries` instead. First and last day
    and the weeks with data cover every entry, since the signs also read tags of entries without a mood.
    `imports` counts the files whose entries are in use, `apps` names the apps they came from ('daylio', 'dayone',
    'checkin'). Judging adds `tagging_change` (see `evidence`).
    """
    found = _by_user(
        con,
        """select user_id, min(logged_on), max(logged_on),
                  count(*) filter (where mood_score is not null),
                  count(distinct logged_on) filter (where mood_score is not null),
                  count(*) filter (where mood_score is null),
                  count(distinct week_start),
                  count(distinct import_id),
                  list_sort(list(distinct source_app))
           from int_entries_current where list_contains(?, user_id) group by user_id order by user_id""",
        [users],
    )
    empty = (None, None, 0, 0, 0, 0, 0, [])
    coverage = {}
    for user in users:
        first, last, entries, days, others, weeks, imports, apps = found.get(user, [empty])[0]
        coverage[user] = {
            "first_day": first.isoformat() if first else None,
            "last_day": last.isoformat() if last else None,
            "entries": entries,
            "days_logged": days,
            "other_entries": others,
            "weeks_with_data": weeks,
            "imports": imports,
            "apps": apps,
        }
    return coverage


def series_windows(con: duckdb.DuckDBPyConnection, users: list[str], weeks: int) -> dict[str, dict[str, Window | None]]:
    """Return per user the window of each series: `weeks` calendar weeks ending with the week of their last entry
    (`observed`: every entry but check-ins) or last check-in (`self_rated`), None without any.

    Check-ins that begin after the moods end (or the other way round) then each get a window of their own.
    """
    found = _by_user(
        con,
        """select user_id, max(week_start) filter (where source_app <> 'checkin'),
                  max(week_start) filter (where source_app = 'checkin'), min(week_start)
           from int_entries_current where list_contains(?, user_id) group by user_id order by user_id""",
        [users],
    )
    windows = {}
    for user in users:
        *lasts, first = found.get(user, [(None, None, None)])[0]
        windows[user] = {
            series: Window(last - dt.timedelta(weeks=weeks - 1), last, weeks, first) if last else None
            for series, last in zip(SERIES, lasts, strict=True)
        }
    return windows


def report_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Return the tables a report is read from (every query of this module a report makes, the digests and the
    moments the person marked): what a renderers' snapshot holds."""
    marts = [
        name
        for (name,) in con.execute(
            """select table_name from information_schema.tables where table_schema = 'main'
               and table_catalog = current_database() and table_name like 'mart\\_%' escape '\\' order by all"""
        ).fetchall()
    ]
    return [*marts, "int_entries_current", "stg_seed__signal_terms", "report_digests", "user_moments"]


def _window_bounds(windows: dict[str, dict[str, Window | None]], users: list[str]) -> list[list]:
    """Return the query parameters of every series' window: users, series, first and last week."""
    each = [(user, series, w) for user in users for series, w in windows[user].items() if w]
    bounds = [[user for user, _, _ in each], [series for _, series, _ in each]]
    return bounds + [[w.first_week for *_, w in each], [w.last_week for *_, w in each]]


# Every query keeps only the rows inside each user's windows (`series_windows`, passed in as parameters:
# user, series, first and last week): one for what entries show (`observed`) and one for check-ins
# (`self_rated`). Queries of entries join the `observed` window.
_JUDGING_WINDOWS = """with windows as (
    select unnest(?::varchar[]) as user_id, unnest(?::varchar[]) as series, unnest(?::date[]) as first_week,
           unnest(?::date[]) as last_week
),
entry_windows as (
    select * exclude (series) from windows where series = 'observed'
)
"""
_JUDGING_QUERIES = {
    "signs": """select user_id, sign, series, week_start, value, evidence
                from mart_weekly_signs join windows using (user_id, series)
                where week_start between first_week and last_week order by user_id, sign, series, week_start""",
    "conflicts": """select user_id, week_start, drop_points, recovery_hours, recovery_censored, response,
                           logged_at_local
                    from mart_conflict_episodes join entry_windows using (user_id)
                    where week_start between first_week and last_week order by user_id, logged_at_local""",
    "apart": """select user_id, week_start, mood_apart, entries_apart, mood_together, entries_together
                from mart_weekly_apart_together join entry_windows using (user_id)
                where week_start between first_week and last_week order by user_id, week_start""",
    "days": """select user_id, day, mood_mean from mart_daily_mood join entry_windows using (user_id)
               where week_start between first_week and last_week order by user_id, day""",
    "tags": """select user_id, tag, day, feeling from mart_daily_tags join entry_windows using (user_id)
               where day between first_week and last_week + 6 order by user_id""",
    "inputs": """select user_id, sign, series, week_start, inputs
                 from mart_weekly_sign_inputs join windows using (user_id, series)
                 where week_start between first_week and last_week order by user_id, sign, series, week_start""",
    "tagging": """select user_id, week_start, mood_entries, tagged_entries, conflict_notes_unattributed
                  from mart_weekly_tagging
                  join entry_windows using (user_id)
                  where week_start between first_week and last_week order by user_id, week_start""",
}


def judging_rows(
    con: duckdb.DuckDBPyConnection, users: list[str], windows: dict[str, dict[str, Window | None]]
) -> Rows:
    """Return what judging reads, per query and user: weekly sign values, conflict episodes, apart and together,
    daily moods and tag days, inputs and tagging, each inside the user's windows (`series_windows`)."""
    bounds = _window_bounds(windows, users)
    return {name: _by_user(con, _JUDGING_WINDOWS + sql, bounds) for name, sql in _JUDGING_QUERIES.items()}


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
_REPORT_WINDOWS = """with windows as (
    select unnest(?::varchar[]) as user_id, unnest(?::date[]) as first_day, unnest(?::date[]) as last_day
),
series_windows as (
    select unnest(?::varchar[]) as user_id, unnest(?::varchar[]) as series, unnest(?::date[]) as first_day,
           unnest(?::date[]) as last_day
)
"""
_REPORT_QUERIES = {
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
                             sum(entries_rounded)::integer as entries_rounded,
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


def report_rows(
    con: duckdb.DuckDBPyConnection,
    users: list[str],
    windows: dict[str, dict[str, Window | None]],
    report_windows: dict[str, Window | None],
    include_notes: bool,
) -> Rows:
    """Return the chart-ready rows of people's reports as dicts, dates as ISO strings, per query and user: inside
    each report's window (`report_windows`, a person's own) and each series' window, plus the whole history of
    daily moods (`history`) and the imports in use (`imports`). Note excerpts only with `include_notes`."""
    windowed = [user for user in users if report_windows[user]]
    shown = [report_windows[user] for user in windowed]
    bounds = [windowed, [w.first_week for w in shown], [w.last_week + dt.timedelta(days=6) for w in shown]]
    series = _window_bounds(windows, users)
    bounds += series[:3] + [[last + dt.timedelta(days=6) for last in series[3]]]
    queries = {name: sql for name, sql in _REPORT_QUERIES.items() if name != "excerpts" or include_notes}
    rows = {name: _records_by_user(con, _REPORT_WINDOWS + sql, bounds) for name, sql in queries.items()}
    rows["history"] = _records_by_user(con, _HISTORY, [users])
    rows["imports"] = _records_by_user(con, _IMPORTS, [users])
    return rows


def cohort_weeks(con: duckdb.DuckDBPyConnection, users: list[str], weeks: int) -> list[dt.date]:
    """Return the Mondays of a cohort's window (the last `weeks` ISO weeks up to the latest in which any of the
    users logged), or [] when none of them has an entry."""
    last = con.execute(
        "select max(week_start) from mart_weekly_engagement where list_contains(?, user_id)", [users]
    ).fetchall()[0][0]
    if last is None:
        return []
    return [last - dt.timedelta(weeks=weeks - 1 - number) for number in range(weeks)]


def cohort_rows(con: duckdb.DuckDBPyConnection, users: list[str], first: dt.date, last: dt.date) -> Rows:
    """Return the users' weekly sign values (`values`: week, sign, series, value) and weekly entries (`entries`:
    week, entries) between two Mondays, filtered to these users before anything else."""
    queries = {
        "values": """select user_id, week_start, sign, series, value from mart_weekly_signs
                     where list_contains(?, user_id) and week_start between ? and ? order by user_id""",
        "entries": """select user_id, week_start, entries from mart_weekly_engagement
                      where list_contains(?, user_id) and week_start between ? and ? order by user_id""",
    }
    return {name: _by_user(con, sql, [users, first, last]) for name, sql in queries.items()}


def known_terms(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Return every normalised default tag and phrase with its signal (from the built seed)."""
    rows = con.execute(
        "select distinct term_key, signal from stg_seed__signal_terms where match in ('tag', 'phrase') order by all"
    ).fetchall()
    return dict(rows)


def user_tag_rows(con: duckdb.DuckDBPyConnection, user: str) -> list[tuple]:
    """Return every tag a person used, most used first: spelling, key, group, entries, days, mood with and without
    it and on how many days, its signal, whose meaning that is and whether it is a journal's or folder's name
    (`mart_user_tags`)."""
    return con.execute(
        """select tag, tag_key, coalesce(tag_group, ''), entries, days, mood_with, mood_without, mood_days_with,
                  mood_days_without, signal, origin, container
           from mart_user_tags where user_id = ? order by entries desc, tag_key""",
        [user],
    ).fetchall()


def unmapped_tag_rows(con: duckdb.DuckDBPyConnection, users: list[str], min_entries: int) -> dict[str, list[tuple]]:
    """Return per person their tags that mean nothing yet, used on at least `min_entries` entries, most used first:
    spelling, key, group, entries (a journal's or folder's name is left out: nothing is suggested for it)."""
    return _by_user(
        con,
        """select user_id, tag, tag_key, coalesce(tag_group, ''), entries from mart_user_tags
           where list_contains(?, user_id) and origin is null and entries >= ? and not container
           order by user_id, entries desc, tag_key""",
        [users, min_entries],
    )


def partner_names(con: duckdb.DuckDBPyConnection, user: str) -> list[str]:
    """Return the names the person gave for their partner (phrases that say a note is about them)."""
    rows = con.execute(
        "select term from user_signal_terms where user_id = ? and match = 'phrase' and signal = 'partner_mention' "
        "order by term",
        [user],
    ).fetchall()
    return [term for (term,) in rows]


def people_table(con: duckdb.DuckDBPyConnection):
    """Return one row per person as a pandas DataFrame, counted as their report counts (current entries):
    user_id, entries, moments with a mood, days with a mood, first_day, last_day."""
    return con.execute(
        """select user_id, count(*) as entries, count(mood_score) as moods,
                  count(distinct logged_on) filter (where mood_score is not null) as days_logged,
                  min(logged_on) as first_day, max(logged_on) as last_day
           from int_entries_current group by user_id order by user_id"""
    ).df()


def entries_table(con: duckdb.DuckDBPyConnection, user: str, with_notes: bool, with_superseded: bool):
    """Return a person's entries as a pandas DataFrame, oldest first, tags as a list; current entries only unless
    `with_superseded` (then a `current` column says which version counts); note text only `with_notes`."""
    notes = ", e.note_title, e.note" if with_notes else ""
    current = ", e.entry_id in (select entry_id from int_entries_current) as current" if with_superseded else ""
    kept = "" if with_superseded else "and e.entry_id in (select entry_id from int_entries_current)"
    return con.execute(
        f"""select e.entry_id, e.logged_at_local, e.tz, e.source, e.mood_raw, e.mood_score{notes},
                   coalesce(list(t.tag order by t.tag) filter (where t.tag is not null), []) as tags{current}
            from entries e left join entry_tags t using (entry_id)
            where e.user_id = ? {kept}
            group by all order by e.logged_at_local, e.entry_id""",
        [user],
    ).df()


def weekly_signs_table(con: duckdb.DuckDBPyConnection, user: str):
    """Return a person's weekly sign values as a pandas DataFrame: week_start, iso_week, sign, series, value,
    evidence."""
    return con.execute(
        """select week_start, iso_week, sign, series, value, evidence from mart_weekly_signs
           where user_id = ? order by week_start, sign, series""",
        [user],
    ).df()
