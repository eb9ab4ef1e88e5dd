"""Plain-language insight sentences built only from computed numbers: effect, n, interval, never a cause."""

from __future__ import annotations

from independence.analysis.evidence import (
    NEW_INPUTS_WEEKS,
    speaks_to,
    speaks_to_sentence,
    spoken_list,
    tagging_sentence,
)
from independence.analysis.patterns import MIN_VALUES, MIN_VALUES_PER_GROUP, GroupMood, MoodPattern
from independence.analysis.tageffects import MIN_LOGGED_DAYS, MIN_TAG_DAYS, TagEffect
from independence.analysis.trends import CONFIDENCE, SHIFT_ALPHA, SHIFT_SIDE, SeriesTrend, ShiftChange
from independence.signs import SIGNS, MoodLogging, SeriesRule, Sign

FRAMING = (
    "Independence here means support spread across several people and activities and calm when alone, "
    "not needing nobody; turning to your partner for support is healthy. These are patterns in what you "
    "logged, not a diagnosis, and a pattern is not a cause."
)
SERIES_LABELS = {"observed": "from your entries", "self_rated": "your check-in ratings"}
INTERVAL = f"{CONFIDENCE:.0%} interval"
SHIFT_INTERVAL = f"{1 - SHIFT_ALPHA:.1%} interval"
NO_CONFLICTS = ("conflict_calmness", "observed", "no_inputs")


def plural(count: int, noun: str) -> str:
    """Return a count with its noun: '1 day', '3 days', '2 entries'."""
    if count == 1:
        return f"1 {noun}"
    return f"{count} {noun[:-1]}ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou" else f"{count} {noun}s"


def _signed(value: float, digits: int = 2) -> str:
    """Return a number with its sign and a true minus sign, e.g. '+0.05', '−0.30'."""
    return f"{round(value, digits) + 0.0:+.{digits}f}".replace("-", "−")


def _is_share(rule: SeriesRule) -> bool:
    """Return whether the series is a share, spoken of in percentage points."""
    return rule.unit.startswith("share of ")


def number(value: float, rule: SeriesRule, digits: int = 2) -> str:
    """Return a signed number in the series' spoken scale: shares as percentage points ('+12'), others as they are."""
    return _signed(value * 100, max(digits - 2, 0)) if _is_share(rule) else _signed(value, digits)


def amount(value: float, rule: SeriesRule, digits: int = 2) -> str:
    """Return an amount of change in the series' unit: '+0.40 mood points', '+12 percentage points of …'."""
    if _is_share(rule):
        return f"{number(value, rule, digits)} percentage points of {rule.unit.removeprefix('share of ')}"
    unit = "rating points" if rule.unit.startswith("rating points") else rule.unit
    return f"{number(value, rule, digits)} {unit}"


def logged_words(coverage: dict) -> str:
    """Return what a person logged: '412 moments with a mood on 300 days' (and other entries when any)."""
    others = coverage.get("other_entries", 0)
    extra = f", and {plural(others, 'other entry')} (notes, factors, check-ins)" if others else ""
    return f"{plural(coverage['entries'], 'moment')} with a mood on {plural(coverage['days_logged'], 'day')}{extra}"


def coverage_sentence(coverage: dict, window_label: str | None) -> str:
    """Return what the insights are based on, or that there is nothing yet."""
    if not coverage["entries"] and not coverage.get("other_entries"):
        return "There are no entries for this person yet: import an export to get insights."
    return (
        f"Based on {logged_words(coverage)} between {coverage['first_day']} and {coverage['last_day']}; trends "
        f"cover the calendar weeks {window_label}. Days without entries are left out, never filled in, and "
        "people often skip logging on hard days."
    )


def recent_clause(trend: SeriesTrend, rule: SeriesRule) -> str:
    """Return how the last weeks compare with the ones before, when the difference is a clear one; else ''."""
    recent = trend.recent
    if recent is None or recent.verdict == "about the same":
        return ""
    low, high = recent.interval
    return (
        f" The last {recent.weeks} weeks were {recent.verdict} than the {recent.weeks} before: "
        f"{amount(recent.difference, rule)} ({INTERVAL} {number(low, rule)} to {number(high, rule)})."
    )


def waits_for_a_value(trend: SeriesTrend, rule: SeriesRule) -> bool:
    """Return whether a series has what speaks to it but no week with a value, nor will at this pace: what it lacks
    is what a value needs (`rule.value_needs`), not more of what it rests on."""
    return trend.weeks_needed is None and not trend.weeks and bool(rule.value_needs)


def pace_clause(trend: SeriesTrend, rule: SeriesRule) -> str:
    """Return how long a series without a verdict still needs at the person's own pace, or that it never will."""
    if trend.no_verdict != "too_little_yet":
        return ""
    never = " At your present pace a verdict would not come within the window:"
    if waits_for_a_value(trend, rule):
        return f"{never} the weeks holding what it rests on have no value yet; a value needs {rule.value_needs}."
    if trend.weeks_needed is None:  # what to log is said beside it: here only that it is the logging, not the life
        logged = "rated" if rule.evidence_noun == "check-ins" else "tagged"
        return f"{never} it needs what it rests on {logged} more often than now."
    more = f"about {plural(trend.weeks_needed, 'more week')} of the same logging"
    if trend.pace_weeks is not None and trend.pace_weeks < NEW_INPUTS_WEEKS:  # a beginner's pace: say how new it is
        first = "week" if trend.pace_weeks == 1 else f"{trend.pace_weeks} weeks"
        return f" At the pace of your first {first}, {more}."
    return f" At your present pace, {more}."


def no_inputs_sentence(name: str, sign: Sign, series: str, moods: MoodLogging) -> str:
    """Return what a series nothing in the data speaks to says: no verdict, only what would help."""
    helps = sign.helps(series, moods)
    if series == "self_rated":
        return f"{name}: no check-in rates this, so there is no verdict — {helps} would add one."
    return (
        f"{name}: nothing in your data speaks to this (no tag, note phrase or check-in of yours maps to it), so "
        f"there is no verdict — telling us which of your tags mean it, or {helps}, would."
    )


def shift_words(shift: ShiftChange, counted: str = "") -> str:
    """Return a shift in level in words: 'a step up between your first 18 weeks and your last 20', or for a gradual
    one 'a gradual rise over your first 12 weeks, then held over the 26 after'; `counted` (such as 'with a
    value') follows the first count of weeks."""
    up, first = shift.difference > 0, " ".join(filter(None, (plural(shift.weeks_before, "week"), counted)))
    if shift.gradual:
        direction = "rise" if up else "fall"
        return f"a gradual {direction} over your first {first}, then held over the {shift.weeks_after} after"
    return f"a step {'up' if up else 'down'} between your first {first} and your last {shift.weeks_after}"


def trend_sentence(sign_key: str, series: str, trend: SeriesTrend, moods: MoodLogging = MoodLogging()) -> str:
    """Return one sentence on one series: its verdict with the numbers behind it, or what is missing.

    The numbers always agree with the verdict: a change is called only when the interval excludes no
    change and the change reaches the minimum; otherwise the sentence says which of the two is missing.
    A series nothing speaks to says so and what would help, never "not enough data yet".
    """
    sign, rule = SIGNS[sign_key], SIGNS[sign_key].rule(series)
    name = f"{sign.title} ({SERIES_LABELS[series]})"
    if trend.no_verdict == "no_inputs":
        return no_inputs_sentence(name, sign, series, moods)
    if trend.verdict == "insufficient_data":
        return f"{name}: not enough data for a trend yet — {trend.missing}.{pace_clause(trend, rule)}"
    if trend.reason == "constant":
        return f"{name}: the same value in all {trend.weeks} weeks with a value, so there is no change to describe."
    low, high = trend.interval
    bounds = f"{number(low, rule, 3)} to {number(high, rule, 3)}"
    slope = f"{amount(trend.slope_per_week, rule, 3)} per week ({INTERVAL} {bounds})"
    across = f"{amount(trend.change, rule)} across {trend.weeks} weeks with a value"
    recent = recent_clause(trend, rule)
    logged = "ratings" if series == "self_rated" else "entries"
    if trend.called_by == "shift":
        shift = trend.shift
        return (
            f"{name} is {trend.verdict}: {shift_words(shift, 'with a value')}, {amount(shift.difference, rule)} "
            f"({SHIFT_INTERVAL} {number(shift.interval[0], rule)} to {number(shift.interval[1], rule)}, allowing for "
            f"the search for the shape and the week it fits best), more than your {logged} vary by chance, and your "
            f"last {SHIFT_SIDE} weeks with a value still average {amount(shift.ends_difference, rule)} against your "
            f"first {SHIFT_SIDE}. The straight line through all your weeks is less clear: {slope}. This describes "
            f"your {logged} over time, not what caused the change.{recent}"
        )
    if trend.verdict in ("improving", "declining"):
        return (
            f"{name} is {trend.verdict}: {slope}, {across}. This describes your "
            f"{logged} over time, not what caused the change.{recent}"
        )
    if trend.reason == "chance_across_series":
        direction = "rise" if trend.change > 0 else "fall"
        return (
            f"{name}: no clear change once all your series are read together — a {direction} of {slope}, "
            f"{across}. On its own it would count, but across all your series together nothing stands out from "
            f"what chance gives someone whose signs did not change.{recent}"
        )
    if trend.reason == "below_minimum":
        direction = "rise" if trend.change > 0 else "fall"
        return (
            f"{name}: a small {direction} — {slope}, {across}, less than the {amount(rule.min_change, rule)} "
            f"that counts as a change.{recent}"
        )
    return f"{name}: no clear change — {slope}: the interval includes no change. Steady is a normal result.{recent}"


def episodes_needed(conflicts: dict, calm: SeriesTrend | None) -> str:
    """Return, for calm in conflict judged steady for want of data, how many more episodes a call would need."""
    rule = SIGNS["conflict_calmness"].observed
    weeks = calm.weeks_to_call(rule.min_change) if calm else None
    if weeks is None or weeks > 520:
        return ""
    spanned = max(calm.span[1] - calm.span[0], 1.0)
    episodes = round(conflicts["episodes"] / spanned * weeks)
    return (
        f" The trend so far, {amount(calm.slope_per_week, rule, 3)} a week, cannot yet be told from ordinary ups "
        f"and downs (no clear change): if it went on, about {weeks:.0f} more weeks (some "
        f"{plural(episodes, 'more episode')}) would be needed before it could be called a change."
    )


def median_drop_words(conflicts: dict) -> str:
    """Return the median drop at a conflict with a verb its sign agrees with: 'mood fell a median 1.15 points below
    your usual level', 'mood rose a median 0.07 points above …', 'mood stayed at your usual level (median)'."""
    drop = conflicts["median_drop_points"]
    if round(drop, 2) == 0:
        return "mood stayed at your usual level (median)"
    if drop > 0:
        return f"mood fell a median {drop:.2f} points below your usual level"
    return f"mood rose a median {-drop:.2f} points above your usual level"


def conflict_sentence(conflicts: dict, calm: SeriesTrend | None = None) -> str:
    """Return the conflict episodes in the window: drop, recovery and responses, or that none were tagged.

    With the calm-in-conflict trend, a steady one adds how many more episodes a call would need.
    """
    waiting = conflicts.get("conflict_entries", 0) - conflicts["episodes"]
    needs = SIGNS["conflict_calmness"].observed.value_needs
    if not conflicts["episodes"] and waiting:
        return (
            f"This window holds {plural(waiting, 'conflict entry')} with your partner and a mood, but no episode "
            f"to read yet: an episode needs {needs}." + unattributed_clause(conflicts)
        )
    if not conflicts["episodes"]:
        return "No conflicts with your partner were logged in this window, so there is nothing to say about them." + (
            unattributed_clause(conflicts)
        )
    without = f" {plural(waiting, 'more conflict entry')} had no usual mood to compare with." if waiting else ""
    responses = conflicts["responses"]
    judged = responses["calm"] + responses["reactive"]
    response = (
        f"; {responses['calm']} of {judged} episodes with a recorded calm or reactive response were calm"
        if judged
        else "; no response (calm or reactive) was tagged"
    )
    return (
        f"{plural(conflicts['episodes'], 'conflict episode')} in the window: {median_drop_words(conflicts)} and was "
        f"back within half a point after a median {conflicts['median_recovery_hours']:.0f} hours (at most 7 days "
        f"counted){response}.{without}" + episodes_needed(conflicts, calm) + unattributed_clause(conflicts)
    )


def unattributed_clause(conflicts: dict) -> str:
    """Return, when notes spoke of a conflict without naming the partner, that they were not counted and why."""
    count = conflicts.get("notes_unattributed", 0)
    if not count:
        return ""
    one = count == 1
    return (
        f" {plural(count, 'note')} with a mood speak{'s' if one else ''} of an argument or a fight without saying it "
        f"was with your partner, so {'it is not read as a conflict' if one else 'they are not read as conflicts'} "
        f"with them; if your partner's name is in {'it' if one else 'them'}, telling us the name (on Your words, or "
        f"with independence vocabulary --partner-name NAME) counts {'it' if one else 'them'}."
    )


MIN_APART_ENTRIES = 5


def apart_sentence(apart: dict) -> str:
    """Return mood apart vs together with counts, or what is missing to compare them (fewer than
    MIN_APART_ENTRIES entries on either side is too few to state a difference)."""
    if apart["difference"] is None or min(apart["entries_apart"], apart["entries_together"]) < MIN_APART_ENTRIES:
        return (
            f"Mood apart from and together with your partner cannot be compared yet "
            f"({plural(apart['entries_apart'], 'entry')} apart, {apart['entries_together']} together; a comparison "
            f"needs at least {MIN_APART_ENTRIES} of each): tagging both kinds of moments would help."
        )
    direction = "higher" if apart["difference"] > 0 else "lower" if apart["difference"] < 0 else "the same"
    gap = f"{abs(apart['difference']):.2f} points {direction}" if direction != "the same" else "the same"
    return (
        f"Apart from your partner your mood averaged {apart['mood_apart']:.2f} "
        f"(n = {plural(apart['entries_apart'], 'entry')}), together {apart['mood_together']:.2f} "
        f"(n = {apart['entries_together']}): {gap} when apart." + weekly_gap_clause(apart.get("weekly_gap"))
    )


def weekly_gap_clause(weekly: dict | None) -> str:
    """Return how sure the difference is, week by week: the mean weekly gap with its interval, or that too few
    weeks hold both to tell."""
    if weekly is None:
        return " Too few weeks hold entries both apart and together to say how sure that difference is."
    low, high = weekly["interval"]
    sure = "which includes no difference" if low <= 0 <= high else "which excludes no difference"
    return (
        f" Week by week ({plural(weekly['weeks'], 'week')} with both), the gap averaged {_signed(weekly['mean'])} "
        f"(95% interval {_signed(low)} to {_signed(high)}, {sure})."
    )


FEELING_WORDS_SHOWN = 3


def feeling_sentence(feelings: list[str]) -> str:
    """Return why the person's words for the feeling itself are not compared with their mood ('' without any)."""
    if not feelings:
        return ""
    named = ", ".join(f"‘{word}’" for word in feelings[:FEELING_WORDS_SHOWN])
    more = len(feelings) - FEELING_WORDS_SHOWN
    listed = f"{named} and {more} more" if more > 0 else named
    return (
        f"Your words for the feeling itself ({listed}) describe your mood rather than what went with it, so they "
        "are not compared with it."
    )


def untested_tags_sentence(to_compare: dict) -> str:
    """Return why no tag could be compared with the mood (`to_compare`: `insights.in_window`): none logged, too few
    days with a mood, or no tag on enough of them and missing from enough."""
    if not to_compare["tags"]:
        return "No tags were logged on your days with a mood, so none can be compared with it."
    if to_compare["days_with_mood"] < MIN_LOGGED_DAYS:
        return (
            f"Your tags are compared with your mood once these weeks hold {MIN_LOGGED_DAYS} days with a mood (they "
            f"hold {to_compare['days_with_mood']}), each tag on at least {MIN_TAG_DAYS} of them and missing from "
            f"{MIN_TAG_DAYS}."
        )
    which = "Your one tag was not" if to_compare["tags"] == 1 else f"None of your {to_compare['tags']} tags was"
    return (
        f"{which} on at least {MIN_TAG_DAYS} of your {to_compare['days_with_mood']} days with a mood and missing from "
        f"{MIN_TAG_DAYS}, which a comparison needs."
    )


def tags_glance_line(tested: list[TagEffect], moods: bool, to_compare: dict | None) -> str:
    """Return the glance's line when no tag stood out: nothing did, or why none could be compared."""
    if not moods:
        return "No moods were logged, so no tag can be compared with mood."
    if tested or to_compare is None:
        return "No tag stood out from ordinary ups and downs."
    if not to_compare["tags"]:
        return "No tags were logged to compare with your mood."
    return "Too few days yet to compare your tags with your mood."


def tag_sentences(tested: list[TagEffect], moods: bool = True, to_compare: dict | None = None) -> list[str]:
    """Return one sentence per tag effect that stood out (`TagEffect.stood_out`), an explicit 'nothing stood out',
    why no tag could be compared (`to_compare`, when none was tested), or without `moods` that no tag can be."""
    kept = [effect for effect in tested if effect.stood_out]
    if not moods:
        return ["No moods were logged, so no tag can be compared with mood."]
    if not tested and to_compare is not None:
        return [untested_tags_sentence(to_compare)]
    if not kept:
        return [
            f"No tag stood out from ordinary day-to-day ups and downs ({plural(len(tested), 'tag')} with enough "
            "days tested); nothing to report is a normal result."
        ]
    return [
        f"On days with '{effect.tag}' your mood averaged {abs(effect.mood_difference):.2f} points "
        f"{'higher' if effect.mood_difference > 0 else 'lower'} (95% interval {_signed(effect.ci95[0])} to "
        f"{_signed(effect.ci95[1])}; {effect.days_with} days with, {effect.days_without} without; "
        f"q = {effect.q_value:.3f}). This is an association, not a cause."
        for effect in kept
    ]


def insight_sentences(
    coverage: dict,
    window_label: str | None,
    signs: dict[str, dict[str, SeriesTrend]],
    conflicts: dict,
    apart: dict,
    tested: list[TagEffect],
) -> list[str]:
    """Return the insight sentences: coverage, each sign's series, conflicts, apart vs together, tags, framing."""
    sentences, moods = [coverage_sentence(coverage, window_label)], MoodLogging.of(coverage)
    if coverage["entries"] or coverage.get("other_entries"):
        sentences.append(speaks_to_sentence(speaks_to(signs), coverage.get("imports", 1), moods))
    if tagging := tagging_sentence(coverage.get("tagging_change")):
        sentences.append(tagging)
    no_checkins = all(by_series["self_rated"].no_verdict == "no_inputs" for by_series in signs.values())
    for key, by_series in signs.items():
        sentences += [
            trend_sentence(key, series, trend, moods)
            + (unattributed_clause(conflicts) if (key, series, trend.no_verdict) == NO_CONFLICTS else "")
            for series, trend in by_series.items()
            if not (no_checkins and series == "self_rated")
        ]
    if no_checkins:
        sentences.append(
            "There are no check-in ratings, so the six self-rated series are empty: a weekly check-in "
            "(data/samples/checkin_template.csv) would add them beside what your entries show."
        )
    if coverage["entries"] or coverage.get("other_entries"):
        calm = signs["conflict_calmness"]["observed"]
        tags = tag_sentences(tested, bool(coverage["entries"]), coverage.get("in_window"))
        sentences += [conflict_sentence(conflicts, calm), apart_sentence(apart), *tags]
        feelings = feeling_sentence(coverage.get("feeling_words", [])) if coverage["entries"] else ""
        sentences += [feelings] if feelings else []
    return [*sentences, FRAMING]


_PLURAL_GROUPS = {"morning": "mornings", "afternoon": "afternoons", "evening": "evenings", "night": "nights"}


def _group_words(name: str) -> str:
    """Return a group as spoken: 'Saturdays', 'evenings'."""
    return _PLURAL_GROUPS.get(name, f"{name}s")


def _group_numbers(group: GroupMood, unit: str) -> str:
    """Return a group's mean, interval and count: '3.9; 95% interval 3.6 to 4.2; 40 days'."""
    interval = f"; 95% interval {group.interval[0]:.1f} to {group.interval[1]:.1f}" if group.interval else ""
    return f"{group.mean:.1f}{interval}; {group.values} {unit}"


def pattern_sentence(pattern: MoodPattern) -> str:
    """Return what a weekday or time-of-day pattern shows, never more than its test allows."""
    unit = "days" if pattern.kind == "weekday" else "day-parts"
    if pattern.verdict == "too_few":
        if pattern.kind == "part of day" and not pattern.values:
            return (
                "Your entries carry no time of day (or only the noon or midnight an app writes for a whole "
                "day), so there is no time-of-day pattern to show."
            )
        return (
            f"Too few {unit} for a {pattern.kind} pattern yet: at least two "
            f"{'weekdays' if pattern.kind == 'weekday' else 'parts of the day'} need "
            f"{MIN_VALUES_PER_GROUP} {unit} each with a mood, and {MIN_VALUES} in all."
        )
    high, low = pattern.highest, pattern.lowest
    within = "the same week" if pattern.kind == "weekday" else "the same day"
    if pattern.verdict == "differs":
        return (
            f"Your mood differs by {pattern.kind}: highest on {_group_words(high.name)} "
            f"({_group_numbers(high, unit)}), lowest on {_group_words(low.name)} ({_group_numbers(low, unit)})"
            f"{_too_few_to_compare(pattern, unit)}. "
            f"Compared within {within}, this is more than ordinary ups and downs; it is a pattern, not a cause."
        )
    tested = pattern.tested
    compared = sum(group.values for group in tested)
    if f"{low.mean:.1f}" == f"{high.mean:.1f}":
        names = [_group_words(group.name) for group in tested]
        groups = "weekdays" if pattern.kind == "weekday" else "parts of the day"
        spread = f"{spoken_list(names)} both average" if len(names) == 2 else f"all {len(names)} {groups} average"
        spread = f"{spread} about {high.mean:.1f}"
    else:
        spread = (
            f"the means run from {low.mean:.1f} ({_group_words(low.name)}) to {high.mean:.1f} "
            f"({_group_words(high.name)})"
        )
    return (
        f"No {pattern.kind} stands out from ordinary ups and downs: {spread} over {plural(compared, unit[:-1])}"
        f"{_too_few_to_compare(pattern, unit)}."
    )


def _too_few_to_compare(pattern: MoodPattern, unit: str) -> str:
    """Return the groups with a mood too seldom to be compared, said after a pattern's sentence, or ''."""
    few = [group for group in pattern.groups if 0 < group.values < MIN_VALUES_PER_GROUP]
    if not few:
        return ""
    names, counts = spoken_list([_group_words(group.name) for group in few]), spoken_list([str(g.values) for g in few])
    return f"; {names} have too few {unit} to compare ({counts}; each needs {MIN_VALUES_PER_GROUP})"
