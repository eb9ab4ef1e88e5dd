"""Insight JSON per user from the built marts: coverage, six signs, conflicts, apart vs together, tag effects.

Every user's series are read in a few bulk queries and judged in one vectorised pass, so a whole
cohort costs little more than one person.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import duckdb
import numpy as np
from scipy import special

from independence.analysis.evidence import SeriesInputs, reasoned, series_inputs, speaks_to, tagging_change
from independence.analysis.sentences import insight_sentences
from independence.analysis.tageffects import MAX_Q, TagEffect, tag_effects, user_seed
from independence.analysis.trends import SeriesPoints, SeriesTrend, series_trends
from independence.config import DEFAULT_WEEKS
from independence.signs import RECOVERY_RULE, SERIES, SIGNS, SeriesRule

RESPONSES = ("calm", "reactive", "mixed", "not_recorded")


@dataclass(frozen=True)
class Window:
    """The calendar weeks a verdict covers: `weeks` Mondays ending with the user's last week with data."""

    first_week: dt.date
    last_week: dt.date
    weeks: int

    def label(self) -> str:
        """Return the window as ISO weeks, e.g. '2026-W19 to 2026-W44'."""
        return f"{self.first_week:%G-W%V} to {self.last_week:%G-W%V}"

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
    `imports` counts the files whose entries are in use. Judging adds `tagging_change` (see `evidence`).
    """
    found = _by_user(
        con,
        """select user_id, min(logged_on), max(logged_on),
                  count(*) filter (where mood_score is not null),
                  count(distinct logged_on) filter (where mood_score is not null),
                  count(*) filter (where mood_score is null),
                  count(distinct week_start),
                  count(distinct import_id)
           from int_entries_current where list_contains(?, user_id) group by user_id order by user_id""",
        [users],
    )
    empty = (None, None, 0, 0, 0, 0, 0)
    coverage = {}
    for user in users:
        first, last, entries, days, others, weeks, imports = found.get(user, [empty])[0]
        coverage[user] = {
            "first_day": first.isoformat() if first else None,
            "last_day": last.isoformat() if last else None,
            "entries": entries,
            "days_logged": days,
            "other_entries": others,
            "weeks_with_data": weeks,
            "imports": imports,
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
                  max(week_start) filter (where source_app = 'checkin')
           from int_entries_current where list_contains(?, user_id) group by user_id order by user_id""",
        [users],
    )
    windows = {}
    for user in users:
        last_weeks = dict(zip(SERIES, found.get(user, [(None, None)])[0], strict=True))
        windows[user] = {
            series: Window(last - dt.timedelta(weeks=weeks - 1), last, weeks) if last else None
            for series, last in last_weeks.items()
        }
    return windows


def _episode_points(rows: list[tuple], window: Window | None, column: int, rule: SeriesRule) -> SeriesPoints:
    """Return one value per conflict episode at its moment, negated so that higher is better.

    Judging each episode, not weekly medians, keeps every episode's information (column 1: the drop,
    2: the recovery hours).
    """
    return SeriesPoints(
        np.array([window.position(row[-1]) for row in rows], dtype=float) if window else np.array([]),
        np.array([-row[column] for row in rows], dtype=float),
        len(rows),
        rule,
        last_week=window.weeks - 1 if window else None,
    )


# Observed series computed against a trailing baseline carry their own persistence (adjacent weeks
# share most of the baseline), so they are not pooled with the others.
_OWN_PERSISTENCE = {"alone_comfort"}


def _group(user: str, sign: str, series: str) -> str:
    """Return the group whose series share their estimated persistence ('' = judged on its own)."""
    if series == "self_rated":
        return f"{user}/self_rated"
    return "" if sign in _OWN_PERSISTENCE else f"{user}/observed"


def _sign_points(
    user: str, rows: list[tuple], episodes: list[tuple], windows: dict[str, Window | None]
) -> list[SeriesPoints]:
    """Return the 12 series (sign x series, in SIGNS order) of one user from their rows inside each series' window.

    A person's weekly series of one kind (check-in ratings, or values from entries) share one estimate of
    how persistent their weekly ups and downs are (group); calm in conflict from entries is judged per
    episode, on its own.
    """
    by_series: dict[tuple[str, str], list[tuple]] = {}
    for row in rows:
        by_series.setdefault((row[0], row[1]), []).append(row)
    points = []
    for key, sign in SIGNS.items():
        for series in SERIES:
            window = windows[series]
            if (key, series) == ("conflict_calmness", "observed"):
                points.append(_episode_points(episodes, window, 1, sign.observed))
                continue
            chosen = by_series.get((key, series), [])
            evidence = sum(row[4] for row in chosen)
            if key == "needs_expression" and series == "observed":
                evidence = round(sum(row[3] * row[4] for row in chosen))
            points.append(
                SeriesPoints(
                    np.array([window.week_number(row[2]) for row in chosen] if window else [], dtype=float),
                    np.array([row[3] for row in chosen], dtype=float),
                    int(evidence),
                    sign.rule(series),
                    _group(user, key, series),
                    window.weeks - 1 if window else None,
                    shared_noise=series == "self_rated",
                )
            )
    return points


def _hours(faster: float | None) -> float | None:
    """Return a slope of negated hours ("faster") back in hours per week (never -0.0)."""
    return None if faster is None else -faster + 0.0


def conflict_summary(rows: list[tuple], recovery: SeriesTrend, unattributed: int = 0) -> dict:
    """Return conflict episodes in the window: count, medians, responses and the recovery-time trend, and how
    many notes spoke of a conflict without saying it was with the partner (`notes_unattributed`, not counted)."""
    responses = {name: sum(row[4] == name for row in rows) for name in RESPONSES}
    judged = responses["calm"] + responses["reactive"]
    return {
        "episodes": len(rows),
        "median_recovery_hours": round(float(np.median([r[2] for r in rows])), 1) if rows else None,
        "median_drop_points": round(float(np.median([r[1] for r in rows])), 2) if rows else None,
        "recoveries_censored_at_7_days": sum(bool(row[3]) for row in rows),
        "responses": responses,
        "calm_share": round(responses["calm"] / judged, 3) if judged else None,
        "notes_unattributed": unattributed,
        "recovery_trend": {
            "verdict": recovery.verdict,
            "hours_per_week": _hours(recovery.slope_per_week),
            "interval": sorted(_hours(bound) for bound in recovery.interval) if recovery.interval else None,
            "p_value": recovery.p_value,
            "weeks": recovery.weeks,
        },
    }


def apart_summary(rows: list[tuple]) -> dict:
    """Return mean mood apart from and together with the partner over the window's weeks, with counts."""
    apart_n = sum(row[2] for row in rows)
    together_n = sum(row[4] for row in rows)
    apart = sum(row[1] * row[2] for row in rows if row[2]) / apart_n if apart_n else None
    together = sum(row[3] * row[4] for row in rows if row[4]) / together_n if together_n else None
    return {
        "mood_apart": round(apart, 2) if apart is not None else None,
        "mood_together": round(together, 2) if together is not None else None,
        "difference": round(apart - together, 2) if apart is not None and together is not None else None,
        "entries_apart": int(apart_n),
        "entries_together": int(together_n),
        "weeks_with_both": sum(row[2] > 0 and row[4] > 0 for row in rows),
        "weekly_gap": weekly_gap(rows),
    }


MIN_GAP_WEEKS = 4


def weekly_gap(rows: list[tuple]) -> dict | None:
    """Return the mean of the weekly gaps (mood apart minus together, in weeks holding both) with its 95% Student-t
    interval over those weeks, or None under MIN_GAP_WEEKS such weeks (`scipy.special`: importing `scipy.stats`
    costs every command 0.7 s).

    Entries of one week share that week's circumstances, so the interval counts weeks, not entries.
    """
    gaps = np.array([row[1] - row[3] for row in rows if row[2] and row[4]], dtype=float)
    if len(gaps) < MIN_GAP_WEEKS:
        return None
    mean = float(gaps.mean())
    half = float(special.stdtrit(len(gaps) - 1, 0.975) * gaps.std(ddof=1) / np.sqrt(len(gaps)))
    return {"weeks": len(gaps), "mean": round(mean, 2), "interval": [round(mean - half, 2), round(mean + half, 2)]}


def _tag_effects(user: str, days: list[tuple], tags: list[tuple]) -> list[TagEffect]:
    """Return every tested tag effect on one user's daily mood (days and tag days inside the window)."""
    if not days:
        return []
    first_day = days[0][0]
    mood = np.array([np.nan if value is None else value for _, value in days], dtype=float)
    by_tag: dict[str, np.ndarray] = {}
    for tag, day in tags:
        if first_day <= day <= days[-1][0]:
            by_tag.setdefault(tag, np.zeros(len(mood), dtype=bool))[(day - first_day).days] = True
    return tag_effects(mood, by_tag, user_seed(user))


# Every query keeps only the rows inside each user's windows (`series_windows`, passed in as parameters:
# user, series, first and last week): one for what entries show (`observed`) and one for check-ins
# (`self_rated`). Queries of entries join the `observed` window.
_WINDOWS = """with windows as (
    select unnest(?::varchar[]) as user_id, unnest(?::varchar[]) as series, unnest(?::date[]) as first_week,
           unnest(?::date[]) as last_week
),
entry_windows as (
    select * exclude (series) from windows where series = 'observed'
)
"""
_QUERIES = {
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
    "tags": """select user_id, tag, day from mart_daily_tags join entry_windows using (user_id)
               where day between first_week and last_week + 6 order by user_id""",
    "inputs": """select user_id, sign, series, week_start, inputs
                 from mart_weekly_sign_inputs join windows using (user_id, series)
                 where week_start between first_week and last_week order by user_id, sign, series, week_start""",
    "tagging": """select user_id, week_start, mood_entries, tagged_entries, conflict_notes_unattributed
                  from mart_weekly_tagging
                  join entry_windows using (user_id)
                  where week_start between first_week and last_week order by user_id, week_start""",
}


@dataclass(frozen=True)
class UserJudgement:
    """One user's computed results over their windows: coverage, trends, conflicts, apart, tested tag effects.

    `windows` holds each series' window (see `series_windows`); `window` is the report's own: the entries'
    window, or the check-ins' for a person with nothing else.
    """

    user: str
    coverage: dict
    window: Window | None
    windows: dict[str, Window | None]
    signs: dict[str, dict[str, SeriesTrend]]
    conflicts: dict
    apart: dict
    tested: list[TagEffect]

    @property
    def speaks_to(self) -> dict:
        """Return which of the six signs the person's data speaks to (see `evidence.speaks_to`)."""
        return speaks_to(self.signs)

    def as_json(self, generated_at: str) -> dict:
        """Return the insight JSON object (the keys of `independence insights --json`)."""
        return {
            "user": self.user,
            "generated_at": generated_at,
            "coverage": self.coverage,
            "speaks_to": self.speaks_to,
            "signs": {key: {name: trend.as_json() for name, trend in by.items()} for key, by in self.signs.items()},
            "conflicts": self.conflicts,
            "apart_vs_together": self.apart,
            "tag_effects": [effect.as_json() for effect in self.reported_tags()],
            "insights": insight_sentences(
                self.coverage,
                self.window.label() if self.window else None,
                self.signs,
                self.conflicts,
                self.apart,
                self.tested,
            ),
        }

    def reported_tags(self) -> list[TagEffect]:
        """Return the tag effects that passed the false-discovery control (q below MAX_Q)."""
        return [effect for effect in self.tested if effect.q_value < MAX_Q]


def judged_users(
    con: duckdb.DuckDBPyConnection, users: list[str], weeks: int = DEFAULT_WEEKS, with_tags: bool = True
) -> dict[str, UserJudgement]:
    """Return each user's coverage, trends, conflicts and tag effects over their last `weeks` weeks with data.

    `with_tags=False` skips the tag-effect tests (about 20 ms a user), for callers that need only trends.
    """
    coverage = coverages(con, users)
    windows = series_windows(con, users, weeks)
    each = [(user, series, w) for user in users for series, w in windows[user].items() if w]
    bounds = [[user for user, _, _ in each], [series for _, series, _ in each]]
    bounds += [[w.first_week for *_, w in each], [w.last_week for *_, w in each]]
    rows = {name: _by_user(con, _WINDOWS + sql, bounds) for name, sql in _QUERIES.items()}

    def inside(name: str, user: str) -> list[tuple]:
        return rows[name].get(user, [])

    points = [
        p for user in users for p in _sign_points(user, inside("signs", user), inside("conflicts", user), windows[user])
    ]
    points += [
        _episode_points(inside("conflicts", user), windows[user]["observed"], 2, RECOVERY_RULE) for user in users
    ]
    judged = series_trends(points)
    per_user = len(SIGNS) * len(SERIES)
    results = {}
    for number, user in enumerate(users):
        trends = judged[number * per_user : (number + 1) * per_user]
        signs = {key: dict(zip(SERIES, trends[2 * k : 2 * k + 2], strict=True)) for k, key in enumerate(SIGNS)}
        coverage[user]["tagging_change"] = tagging_change(inside("tagging", user))
        coverage[user]["windows"] = {series: w.label() if w else None for series, w in windows[user].items()}
        results[user] = UserJudgement(
            user=user,
            coverage=coverage[user],
            window=windows[user]["observed"] or windows[user]["self_rated"],
            windows=windows[user],
            signs=_reasoned_signs(signs, inside("inputs", user), inside("apart", user), windows[user]),
            conflicts=conflict_summary(
                inside("conflicts", user),
                judged[len(users) * per_user + number],
                sum(row[3] for row in inside("tagging", user)),
            ),
            apart=apart_summary(inside("apart", user)),
            tested=_tag_effects(user, inside("days", user), inside("tags", user)) if with_tags else [],
        )
    return results


def _apart_inputs(rows: list[tuple], window: Window) -> SeriesInputs | None:
    """Return time apart's inputs: None unless both entries apart and together exist; weeks are those with both."""
    if not any(row[2] for row in rows) or not any(row[4] for row in rows):
        return None
    both = [window.week_number(row[0]) for row in rows if row[2] and row[4]]
    first = min(window.week_number(row[0]) for row in rows if row[2] or row[4])
    return SeriesInputs(sum(row[2] + row[4] for row in rows), len(both), first)


def _reasoned_signs(
    signs: dict[str, dict[str, SeriesTrend]],
    inputs: list[tuple],
    apart: list[tuple],
    windows: dict[str, Window | None],
) -> dict[str, dict[str, SeriesTrend]]:
    """Return each series' trend with why it has no verdict, from its inputs inside its window (none without)."""
    found: dict[tuple[str, str], SeriesInputs | None] = {}
    for series, window in windows.items():
        if window is not None:
            found |= series_inputs([row for row in inputs if row[1] == series], window.week_number)
    if windows["observed"] is not None:
        found[("time_apart_comfort", "observed")] = _apart_inputs(apart, windows["observed"])
    return {
        key: {
            series: reasoned(
                trend,
                found.get((key, series)),
                SIGNS[key].rule(series),
                windows[series].weeks if windows[series] else 0,
            )
            for series, trend in by.items()
        }
        for key, by in signs.items()
    }


def insights_by_user(con: duckdb.DuckDBPyConnection, users: list[str], weeks: int = DEFAULT_WEEKS) -> dict[str, dict]:
    """Return the insight JSON object of each user over their last `weeks` calendar weeks with data."""
    generated_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return {user: judgement.as_json(generated_at) for user, judgement in judged_users(con, users, weeks).items()}


def user_insights(con: duckdb.DuckDBPyConnection, user: str, weeks: int = DEFAULT_WEEKS) -> dict:
    """Return the insight JSON object for one user over the last `weeks` calendar weeks with data."""
    return insights_by_user(con, [user], weeks)[user]
