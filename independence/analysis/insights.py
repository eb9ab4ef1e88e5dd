"""Each person's judgement from the rows they are handed: six signs, conflicts, apart vs together, tag effects.

The rows come from `warehouse.marts` (read for many people at once); every user's series are judged in one
vectorised pass, so a whole cohort costs little more than one person.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass

import numpy as np
from scipy import special

from independence.analysis.evidence import SeriesInputs, reasoned, series_inputs, speaks_to, tagging_change
from independence.analysis.moments import MomentComparison, moment_comparisons
from independence.analysis.sentences import insight_sentences
from independence.analysis.skips import skip_pattern, weekly_levels, weekly_means
from independence.analysis.tageffects import TagEffect, tag_effects, user_seed
from independence.analysis.trends import SeriesPoints, SeriesTrend, person_gated, series_trends
from independence.signs import RECOVERY_RULE, SERIES, SIGNS, MoodLogging, SeriesRule
from independence.warehouse.marts import Rows, Window
from independence.warehouse.moments import MarkedMoment

RESPONSES = ("calm", "reactive", "mixed", "not_recorded")


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
        weekly=False,
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


def conflict_summary(rows: list[tuple], recovery: SeriesTrend, unattributed: int = 0, entries: int = 0) -> dict:
    """Return conflict episodes in the window: count, medians, responses and the recovery-time trend, how many
    conflict entries with a mood it holds (`entries`: an episode is one with a usual mood to compare with), and
    how many notes spoke of a conflict without saying it was with the partner (`notes_unattributed`, not counted)."""
    responses = {name: sum(row[4] == name for row in rows) for name in RESPONSES}
    judged = responses["calm"] + responses["reactive"]
    return {
        "episodes": len(rows),
        "conflict_entries": max(entries, len(rows)),
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
    """Return every tested tag effect on one user's daily mood (days and tag days inside the window); words for
    the feeling itself (flagged `feeling` by the warehouse) are not tested: 'Sad' goes with lower mood because it
    names it."""
    if not days:
        return []
    first_day = days[0][0]
    mood = np.array([np.nan if value is None else value for _, value in days], dtype=float)
    by_tag: dict[str, np.ndarray] = {}
    for tag, day, feeling in tags:
        if first_day <= day <= days[-1][0] and not feeling:
            by_tag.setdefault(tag, np.zeros(len(mood), dtype=bool))[(day - first_day).days] = True
    return tag_effects(mood, by_tag, user_seed(user))


def feeling_words(days: list[tuple], tags: list[tuple]) -> list[str]:
    """Return the person's words for the feeling itself on days inside the window, most days first: what
    `_tag_effects` leaves untested."""
    if not days:
        return []
    counts = Counter(tag for tag, day, feeling in tags if feeling and days[0][0] <= day <= days[-1][0])
    return [tag for tag, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def in_window(window: Window | None, days: list[tuple], tags: list[tuple]) -> dict:
    """Return what the entries' window holds, as the report reads it: its `days` (from the week the person began,
    when later), the `days_with_mood` and the `tags` on those days that are not words for the feeling itself: why
    no tag could be tested, and whether moods come often enough for a usual mood (`signs.MoodLogging`)."""
    moods = {day for day, mood in days if mood is not None}
    return {
        "days": (window.last_week - window.shown_first_week).days + 7 if window else 0,
        "days_with_mood": len(moods),
        "tags": len({tag for tag, day, feeling in tags if day in moods and not feeling}),
    }


@dataclass(frozen=True)
class UserJudgement:
    """One user's computed results over their windows: coverage, trends, conflicts, apart, tested tag effects,
    and each moment they marked with its signs before and after.

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
    moments: list[MomentComparison] = dataclasses.field(default_factory=list)

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
            "moments": [moment.as_json() for moment in self.moments],
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
        """Return the tag effects that stood out: past the false-discovery control, with an interval that excludes no
        difference (`TagEffect.stood_out`)."""
        return [effect for effect in self.tested if effect.stood_out]


def judged_users(
    users: list[str],
    coverage: dict[str, dict],
    windows: dict[str, dict[str, Window | None]],
    rows: Rows,
    with_tags: bool = True,
    moments: dict[str, list[MarkedMoment]] | None = None,
) -> dict[str, UserJudgement]:
    """Return each user's trends, conflicts and tag effects from the rows they are handed (`marts.judging_rows`,
    inside each series' window, `marts.series_windows`), with what they logged (`marts.coverages`), and each
    moment they marked (`moments`) compared before and after.

    Every user's series are judged in one vectorised pass. `with_tags=False` skips the tag-effect tests (about
    20 ms a user), for callers that need only trends.
    """

    def inside(name: str, user: str) -> list[tuple]:
        return rows[name].get(user, [])

    coverage = {user: dict(coverage[user]) for user in users}
    points = [
        p for user in users for p in _sign_points(user, inside("signs", user), inside("conflicts", user), windows[user])
    ]
    points += [
        _episode_points(inside("conflicts", user), windows[user]["observed"], 2, RECOVERY_RULE) for user in users
    ]
    judged = series_trends(points)
    per_user = len(SIGNS) * len(SERIES)
    recovery_at = len(users) * per_user
    results = {}
    for number, user in enumerate(users):
        *trends, recovery = person_gated(
            [*judged[number * per_user : (number + 1) * per_user], judged[recovery_at + number]]
        )
        marked = moment_comparisons(
            (moments or {}).get(user, []), points[number * per_user : (number + 1) * per_user], trends, windows[user]
        )
        signs = {key: dict(zip(SERIES, trends[2 * k : 2 * k + 2], strict=True)) for k, key in enumerate(SIGNS)}
        coverage[user]["tagging_change"] = tagging_change(inside("tagging", user))
        coverage[user]["skipping"] = skipping(
            points[number * per_user : (number + 1) * per_user], inside("days", user), windows[user]
        )
        coverage[user]["windows"] = {series: w.label() if w else None for series, w in windows[user].items()}
        coverage[user]["feeling_words"] = feeling_words(inside("days", user), inside("tags", user)) if with_tags else []
        coverage[user]["in_window"] = (
            in_window(windows[user]["observed"], inside("days", user), inside("tags", user)) if with_tags else None
        )
        results[user] = UserJudgement(
            user=user,
            coverage=coverage[user],
            window=windows[user]["observed"] or windows[user]["self_rated"],
            windows=windows[user],
            signs=_reasoned_signs(
                signs, inside("inputs", user), inside("apart", user), windows[user], MoodLogging.of(coverage[user])
            ),
            conflicts=conflict_summary(
                inside("conflicts", user),
                recovery,
                sum(row[3] for row in inside("tagging", user)),
                sum(row[3] for row in inside("inputs", user) if row[:2] == ("conflict_calmness", "observed")),
            ),
            apart=apart_summary(inside("apart", user)),
            tested=_tag_effects(user, inside("days", user), inside("tags", user)) if with_tags else [],
            moments=marked,
        )
    return results


def skipping(points: list[SeriesPoints], days: list[tuple], windows: dict[str, Window | None]) -> dict:
    """Return whether the person skips more weeks after low ones, for their entries (weekly mood) and their
    check-ins (the week's mean rating), each inside its window (`skips.skip_pattern`; null with too few weeks)."""
    found: dict[str, dict | None] = {"observed": None, "self_rated": None}
    entries, checkins = windows["observed"], windows["self_rated"]
    moods = [(day, mood) for day, mood in days if mood is not None]
    if entries is not None and moods:
        weeks = [(day - entries.first_week).days // 7 for day, _ in moods]
        pattern = skip_pattern(*weekly_means(np.array(weeks), np.array([m for _, m in moods])), entries.weeks - 1)
        found["observed"] = pattern.as_json() if pattern else None
    rated = [p for p, series in zip(points, [s for _ in SIGNS for s in SERIES], strict=True) if series == "self_rated"]
    if checkins is not None and any(len(p.values) for p in rated):
        pattern = skip_pattern(*weekly_levels([p for p in rated if len(p.values)]), checkins.weeks - 1)
        found["self_rated"] = pattern.as_json() if pattern else None
    return found


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
    moods: MoodLogging,
) -> dict[str, dict[str, SeriesTrend]]:
    """Return each series' trend with why it has no verdict, from its inputs inside its window (none without), and
    what would help (a mood first where it reads moods and the person logged none)."""
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
                SIGNS[key].helps(series, moods),
            )
            for series, trend in by.items()
        }
        for key, by in signs.items()
    }
