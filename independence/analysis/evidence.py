"""What a person's data can and cannot tell: which signs it speaks to, why a series has no verdict, how many
more weeks at their own pace a verdict would need, and whether their tagging habit changed sharply.

A series has `no_inputs` when nothing in the window speaks to it (no tag, phrase or check-in maps to it:
more of the same logging would never help), and `too_little_yet` when inputs exist but not yet enough for
the rule's minimums; then `weeks_needed` estimates the weeks still needed at the person's own rate, or is
None when at that rate the window would never hold enough.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from dataclasses import dataclass

from independence.analysis.trends import SeriesTrend, insufficient, missing_words
from independence.signs import SIGNS, MoodLogging, SeriesRule

TAGGING_CHANGE = 0.2  # a sharp change: the share of moments with a tag moves by 20 percentage points or more
TAGGING_RATIO = 0.5  # ... and the lower share is at most half the higher one
TAGGING_MIN_WEEKS = 8  # ... between at least 8 weeks with moods before and 8 after
NEW_INPUTS_WEEKS = 4  # inputs this recent may lack a value only while a usual mood builds up (four weeks)


@dataclass(frozen=True)
class SeriesInputs:
    """The inputs of one series in a window: entries (or ratings), weeks holding any, the first such week."""

    inputs: int
    weeks: int
    first_week: int | None  # counted from the window's first week


def series_inputs(rows: list[tuple], week_number) -> dict[tuple[str, str], SeriesInputs]:
    """Return each series' inputs from rows (sign, series, week_start, inputs) inside one person's window."""
    found: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for sign, series, week_start, inputs in rows:
        found.setdefault((sign, series), []).append((week_number(week_start), inputs))
    return {
        key: SeriesInputs(sum(n for _, n in weeks), len(weeks), min(week for week, _ in weeks))
        for key, weeks in found.items()
    }


def paced_weeks(inputs: SeriesInputs, window_weeks: int) -> int:
    """Return the weeks a series' pace is read from: from the week of its first input to the window's end."""
    return max(window_weeks - inputs.first_week, 1)


def weeks_needed(trend: SeriesTrend, inputs: SeriesInputs, rule: SeriesRule, window_weeks: int) -> int | None:
    """Return the weeks still needed at the person's own rate before the rule's minimums are met, or None when
    at that rate a window of `window_weeks` would never hold enough (an estimate: it assumes the rate goes on).
    Before any week has a value the rate is read from the inputs, but only while they are new: inputs over more
    than NEW_INPUTS_WEEKS weeks that gave no value at all (conflicts in weeks without a usual mood) never will.
    """
    spanned = paced_weeks(inputs, window_weeks)
    if not trend.weeks and spanned > NEW_INPUTS_WEEKS:  # weeks of inputs and no value: the same logging gives none
        return None
    week_rate = (trend.weeks or inputs.weeks) / spanned
    evidence_rate = (trend.evidence or inputs.inputs) / spanned
    if week_rate * window_weeks < rule.min_weeks or evidence_rate * window_weeks < rule.min_evidence:
        return None
    needed = max((rule.min_weeks - trend.weeks) / week_rate, (rule.min_evidence - trend.evidence) / evidence_rate, 1)
    return math.ceil(needed)


def reasoned(
    trend: SeriesTrend, inputs: SeriesInputs | None, rule: SeriesRule, window_weeks: int, helps: str = ""
) -> SeriesTrend:
    """Return the trend with why it has no verdict (`no_inputs` or `too_little_yet`, and `weeks_needed`); its
    `missing` says `helps` as what would help (`Sign.helps`: a mood first for a person who logged none; without
    it, the rule's words).

    A series nothing speaks to gets no verdict even where its weekly values exist (52 weeks of "0 expressed
    needs" from a person who never tags needs say nothing about them).
    """
    if inputs is None or not inputs.inputs:
        silent = insufficient(trend.weeks, trend.evidence, trend.latest, rule, helps)
        return dataclasses.replace(silent, no_verdict="no_inputs")
    if trend.verdict != "insufficient_data":
        return trend
    return dataclasses.replace(
        trend,
        no_verdict="too_little_yet",
        weeks_needed=weeks_needed(trend, inputs, rule, window_weeks),
        pace_weeks=paced_weeks(inputs, window_weeks),
        missing=missing_words(trend.weeks, trend.evidence, rule, helps),
    )


def speaks_to(signs: dict[str, dict[str, SeriesTrend]]) -> dict:
    """Return which of the six signs the data speaks to (any series with inputs) and which it does not."""
    speaking = [key for key, by in signs.items() if any(trend.no_verdict != "no_inputs" for trend in by.values())]
    return {
        "count": len(speaking),
        "signs": speaking,
        "without_inputs": [key for key in signs if key not in speaking],
    }


HOW_TO_SEE_MORE = "tell us what your tags mean or add weekly check-ins"
# how many of the six signs read moods from the entries, in words ("four")
MOOD_SIGNS = ("no", "one", "two", "three", "four", "five", "all")[sum(s.observed.reads_mood for s in SIGNS.values())]


def spoken_list(words: list[str]) -> str:
    """Return words as a spoken list: 'a', 'a and b', 'a, b and c'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def speaks_to_parts(speaking: dict, imports: int = 1) -> tuple[str, str]:
    """Return what the data speaks to ('Your export speaks to 2 of the six signs (…).') and how the line on what
    would show the rest begins ('To see the others', 'To see them'; '' when it speaks to all six)."""
    subject = "Your exports speak" if imports > 1 else "Your export speaks"
    if speaking["count"] == len(SIGNS):
        return f"{subject} to all six signs.", ""
    if not speaking["count"]:
        return f"{subject} to none of the six signs yet.", "To see them"
    named = spoken_list([SIGNS[key].title for key in speaking["signs"]])
    return f"{subject} to {speaking['count']} of the six signs ({named}).", "To see the others"


def how_to_see_more(moods: MoodLogging) -> str:
    """Return what would show more signs: tags' meanings or check-ins, and a mood first for a person who logged
    none (four of the six read moods from the entries), or check-ins first where their app keeps no mood."""
    if moods.logged:
        return HOW_TO_SEE_MORE
    if moods.app_without_mood:
        return (
            f"add weekly check-ins ({moods.app_without_mood} keeps no mood, and {MOOD_SIGNS} of the six signs read "
            "your moods) or tell us what your tags mean"
        )
    return f"log a mood with your entries ({MOOD_SIGNS} of the six signs read your moods), {HOW_TO_SEE_MORE}"


def to_see_more(lead: str, moods: MoodLogging = MoodLogging()) -> str:
    """Return what would show the other signs, begun with `lead` ('' when there is nothing more to see)."""
    return f"{lead}, {how_to_see_more(moods)}." if lead else ""


def speaks_to_sentence(speaking: dict, imports: int = 1, moods: MoodLogging = MoodLogging()) -> str:
    """Return the one line that says what the data speaks to and what would show the rest."""
    line, lead = speaks_to_parts(speaking, imports)
    return f"{line} {to_see_more(lead, moods)}".strip()


def tagging_change(rows: list[tuple]) -> dict | None:
    """Return the sharpest change in how much a person tags, when it is sharp, else None.

    `rows` are (week_start, mood entries, tagged entries, ...) in week order. The split week maximises the
    difference in the share of moments with a tag between the weeks before and after it (at least
    TAGGING_MIN_WEEKS each side); a difference of TAGGING_CHANGE or more where the lower share is at most
    TAGGING_RATIO of the higher is said, never read as a change in them.
    """
    if len(rows) < 2 * TAGGING_MIN_WEEKS:
        return None
    moods = list(itertools.accumulate(row[1] for row in rows))
    tagged = list(itertools.accumulate(row[2] for row in rows))
    best = None
    for split in range(TAGGING_MIN_WEEKS, len(rows) - TAGGING_MIN_WEEKS + 1):
        before = tagged[split - 1] / moods[split - 1]
        after = (tagged[-1] - tagged[split - 1]) / (moods[-1] - moods[split - 1])
        if best is None or abs(after - before) > abs(best[2] - best[1]):
            best = (rows[split][0], before, after)
    week, before, after = best
    if abs(after - before) < TAGGING_CHANGE or min(before, after) > TAGGING_RATIO * max(before, after):
        return None
    return {"week": f"{week:%G-W%V}", "share_before": round(before, 3), "share_after": round(after, 3)}


def tagging_sentence(change: dict | None) -> str:
    """Return what a sharp change in tagging means for the signs, or '' without one."""
    if change is None:
        return ""
    direction = "less" if change["share_after"] < change["share_before"] else "more"
    return (
        f"You tagged {direction} from {change['week']} on: {change['share_before']:.0%} of your moments with a mood "
        f"carried a tag before, {change['share_after']:.0%} after. Signs read from tags rest on the weeks with "
        "tags, and a change in how much you tag is not read as a change in you."
    )
