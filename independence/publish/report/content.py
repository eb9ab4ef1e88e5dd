"""The report's words: the at-a-glance block, one card per sign, what would help, the coverage facts.

Everything here is computed numbers turned into words a person reads in seconds; the full sentences
with their intervals and thresholds stay beside them, folded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from independence.analysis.evidence import speaks_to_parts, tagging_sentence, to_see_more
from independence.analysis.sentences import (
    SERIES_LABELS,
    amount,
    feeling_sentence,
    logged_words,
    pace_clause,
    plural,
    shift_words,
    tag_sentences,
    tags_glance_line,
    trend_sentence,
    unattributed_clause,
    waits_for_a_value,
)
from independence.analysis.trends import CONFIDENCE, SHIFT_ALPHA, SeriesTrend
from independence.publish.report.data import ReportData
from independence.signs import SIGNS, MoodLogging, SeriesRule, Sign, counted

VERDICTS = {
    "improving": ("↑", "improving"),
    "declining": ("↓", "declining"),
    "steady": ("→", "no clear change"),
    "insufficient_data": ("…", "not enough data yet"),
    "no_inputs": ("–", "not in your data"),
}
SOURCES = {"observed": "Your entries", "self_rated": "Your check-ins"}
LONG_GAP_DAYS = 7
COMMAND_LINE_HOW = (
    "independence vocabulary lists your tags and takes their meanings; the check-in template is "
    "data/samples/checkin_template.csv"
)
STRONGEST_TAGS = 2
CALLED_WHEN = (
    f"A change is called only when the {CONFIDENCE:.0%} interval of a trend that allows for week-to-week carry-over "
    f"excludes no change (or, at {1 - SHIFT_ALPHA:.1%}, that of a shift in level between your earlier and later "
    "weeks, at once or gradual, that still shows in your last weeks), the change reaches a minimum "
    "size, and your series read together stand out from chance: "
    "a person reads a dozen series at once, and this way at most about one person in ten whose signs did not change "
    "still sees a change somewhere (measured on simulated people)."
)


@dataclass(frozen=True)
class SeriesLine:
    """One series of a sign: verdict (key, arrow, words), full sentence, and its latest value with what the
    series rests on, in words."""

    series: str
    label: str
    verdict: str
    arrow: str
    words: str
    sentence: str
    latest: str


@dataclass(frozen=True)
class SignCard:
    """One sign's card: title, meaning, its series lines, one headline sentence and the rule behind it."""

    key: str
    title: str
    meaning: str
    lines: list[SeriesLine]
    headline: str
    threshold: str

    @property
    def verdict(self) -> str:
        """Return the verdict that colours the card: a called change first, else steady, else not enough data,
        else nothing in the data speaks to it."""
        verdicts = [line.verdict for line in self.lines]
        for verdict in ("declining", "improving", "steady", "insufficient_data"):
            if verdict in verdicts:
                return verdict
        return "no_inputs"

    @property
    def detailed_lines(self) -> list[SeriesLine]:
        """Return the series lines its details spell out: none when nothing speaks to the sign, since the headline
        says just that (a card said it twice, and six such cards filled two pages of a PDF)."""
        return [] if self.verdict == "no_inputs" else self.lines


@dataclass(frozen=True)
class MissingData:
    """A series without a verdict yet: whose, what it has, what would help and how long at the person's pace."""

    title: str
    source: str
    what_helps: str
    has: str
    pace: str = ""
    more_often: bool = False  # at the person's present pace no verdict would come within the window


def has_checkins(data: ReportData) -> bool:
    """Return whether any check-in rating was imported for the window."""
    return any(by["self_rated"].weeks for by in data.judgement.signs.values())


def has_moods_or_tags(data: ReportData) -> bool:
    """Return whether the person logged any mood, or any entry a sign reads, besides check-ins."""
    return bool(data.judgement.coverage["entries"]) or any(by["observed"].weeks for by in data.judgement.signs.values())


def shown_series(data: ReportData) -> list[str]:
    """Return the series the report shows: from entries unless there are only check-ins, and check-ins when any."""
    checkins = has_checkins(data)
    return (["observed"] if has_moods_or_tags(data) or not checkins else []) + (["self_rated"] if checkins else [])


def formatted_value(value: float | None, rule: SeriesRule) -> str:
    """Return a weekly value in the series' unit, e.g. '+0.20 mood points', '45% of decision entries', '4.0 of 5'."""
    if value is None:
        return "no value yet"
    if rule.unit.startswith("share of "):
        return f"{value:.0%} of {rule.unit.removeprefix('share of ')}"
    if rule.unit.startswith("rating points"):
        return f"{value:.1f} of 5"
    if rule.unit == "mood points":
        return f"{value:+.2f} mood points".replace("-", "−")
    return f"{value:.2f} {rule.unit}"


def shown_verdict(trend: SeriesTrend) -> str:
    """Return the verdict a person reads: the trend's, or 'no_inputs' when nothing in the data speaks to it."""
    return "no_inputs" if trend.no_verdict == "no_inputs" else trend.verdict


def latest_dates(data: ReportData) -> dict[tuple[str, str], str]:
    """Return the date of each series' latest value in the window: its week's start, or for calm in conflict from
    entries, the day of the last episode."""
    found: dict[tuple[str, str], str] = {}
    for row in data.sign_weeks:
        key = row["sign"], row["series"]
        found[key] = max(found.get(key, ""), row["week_start"])
    if data.conflicts:
        found["conflict_calmness", "observed"] = max(row["day"] for row in data.conflicts)
    return found


def latest_words(trend: SeriesTrend, rule: SeriesRule, on: str | None, episodes: bool = False) -> str:
    """Return a series' latest value, dated, and what the whole series rests on: 'Latest week with a value (the
    week of 2026-11-30): 4.0 of 5; in all, n = 44 check-ins in 44 weeks with a value.' (`episodes`: a series of
    conflict episodes, whose latest value is the last episode's)."""
    basis = f"n = {counted(trend.evidence, rule.evidence_noun)} in {plural(trend.weeks, 'week')} with a value"
    if trend.latest is None:
        return f"No week has a value yet ({basis})."
    latest = "Latest episode" if episodes else "Latest week with a value"
    when = f" ({on})" if episodes and on else f" (the week of {on})" if on else ""
    return f"{latest}{when}: {formatted_value(trend.latest, rule)}; in all, {basis}."


def series_line(sign_key: str, series: str, trend: SeriesTrend, on: str | None = None) -> SeriesLine:
    """Return one series' line of a sign card; `on` dates its latest value (`latest_dates`)."""
    rule = SIGNS[sign_key].rule(series)
    verdict = shown_verdict(trend)
    arrow, words = VERDICTS[verdict]
    if verdict == "no_inputs":
        sentence = (
            "Nothing in your data speaks to this: no tag, note phrase or check-in of yours maps to it, so there is "
            "no verdict (what would help is listed once, below the cards)."
        )
    elif verdict == "insufficient_data":
        sentence = (
            f"Not enough data for a trend yet: a trend needs {rule.min_weeks} weeks with a value and "
            f"{rule.min_evidence} {rule.evidence_noun} (what would help is listed once, below the cards)."
            + pace_clause(trend, rule)
        )
    else:
        sentence = trend_sentence(sign_key, series, trend)
    return SeriesLine(
        series=series,
        label=SERIES_LABELS[series],
        verdict=verdict,
        arrow=arrow,
        words=words,
        sentence=sentence,
        latest=latest_words(trend, rule, on, (sign_key, series) == ("conflict_calmness", "observed")),
    )


def series_headline(series: str, trend: SeriesTrend, rule: SeriesRule) -> str:
    """Return one series in a few words: 'Your entries: improving, +1.08 mood points over 48 weeks.'"""
    source = SOURCES[series]
    if trend.called_by == "shift":
        shift = trend.shift
        return f"{source}: {trend.verdict}, {shift_words(shift, 'with a value')}, {amount(shift.difference, rule)}."
    if trend.verdict in ("improving", "declining"):
        return f"{source}: {trend.verdict}, {amount(trend.change, rule)} over {trend.weeks} weeks."
    if trend.reason == "constant":
        return f"{source}: the same value every week."
    if trend.reason == "below_minimum":
        return f"{source}: a small {'rise' if trend.change > 0 else 'fall'}, too small to count as a change."
    if trend.reason == "chance_across_series":
        return (
            f"{source}: no clear change (a {'rise' if trend.change > 0 else 'fall'} that, beside your other series, "
            "chance could give)."
        )
    return f"{source}: no clear change."


def sign_headline(sign_key: str, trends: dict[str, SeriesTrend], series: list[str]) -> str:
    """Return a sign's one sentence: each judged series in a few words, that nothing in the data speaks to it,
    or that there is not enough data yet."""
    judged = [name for name in series if trends[name].verdict != "insufficient_data"]
    if all(trends[name].no_verdict == "no_inputs" for name in series):
        return (
            "Nothing in your data speaks to this yet, so there is no verdict: none of your tags, notes or check-ins "
            "maps to it (what would help is listed below the cards)."
        )
    if not judged:
        return "Not enough data for a verdict yet (what would help is listed once, below the cards)."
    return " ".join(series_headline(name, trends[name], SIGNS[sign_key].rule(name)) for name in judged)


# What each shown series measures, as a card explains it: a check-in-only report says nothing of entries.
MEANINGS = {
    "observed": "{meaning}",
    "self_rated": "Your check-ins: your own weekly rating of “{title}”, 1 (low) to 5 (high).",
}


def threshold_sentence(sign: Sign, shown: list[str]) -> str:
    """Return when a change is called for the series shown: entries' minimums, check-ins', or both."""
    called = (
        f"A change is called only when the {CONFIDENCE:.0%} interval of its trend (or, at {1 - SHIFT_ALPHA:.1%}, that "
        "of a shift in level between your earlier and later weeks, at once or gradual) excludes no change and it "
        "reaches"
    )
    rule, rated = sign.observed, sign.self_rated
    if shown == ["self_rated"]:
        return (
            f"{called} {rated.min_change:g} rating points across the window; a verdict needs {rated.min_weeks} weeks "
            f"and {rated.min_evidence} {rated.evidence_noun}."
        )
    checkins = f" (check-ins: {rated.min_change:g} rating points)" if "self_rated" in shown else ""
    return (
        f"{called} {rule.min_change:g} {rule.unit} across the window{checkins}; a verdict needs {rule.min_weeks} "
        f"weeks and {rule.min_evidence} {rule.evidence_noun}."
    )


def sign_cards(data: ReportData) -> list[SignCard]:
    """Return the six sign cards in their documented order; check-in lines only when check-ins exist."""
    shown, dated = shown_series(data), latest_dates(data)
    cards = []
    for key, sign in SIGNS.items():
        trends = data.judgement.signs[key]
        cards.append(
            SignCard(
                key=key,
                title=sign.title,
                meaning=" ".join(MEANINGS[series].format(meaning=sign.meaning, title=sign.title) for series in shown),
                lines=[series_line(key, series, trends[series], dated.get((key, series))) for series in shown],
                headline=sign_headline(key, trends, shown),
                threshold=threshold_sentence(sign, shown),
            )
        )
    return cards


def missing_data(data: ReportData) -> list[MissingData]:
    """Return every shown series with inputs but no verdict yet, with what would help and how long at the person's
    pace (series nothing speaks to are `silent_signs`)."""
    shown, moods = shown_series(data), MoodLogging.of(data.judgement.coverage)
    missing = []
    for key, sign in SIGNS.items():
        for series in shown:
            trend = data.judgement.signs[key][series]
            if trend.no_verdict == "too_little_yet":
                rule = sign.rule(series)
                has = (
                    f"{plural(trend.weeks, 'week')} with a value, {counted(trend.evidence, rule.evidence_noun)} in them"
                )
                needs = f"a trend needs {rule.min_weeks} weeks and {rule.min_evidence} {rule.evidence_noun}"
                pace = pace_clause(trend, rule).strip()
                more_often = trend.weeks_needed is None
                helps = sign.helps(series, moods, waits_for_a_value(trend, rule))
                missing.append(MissingData(sign.title, SOURCES[series], helps, f"{has}; {needs}", pace, more_often))
    return missing


def missing_line(data: ReportData) -> str:
    """Return how many of the shown verdicts wait for more data and of which kind, as the pace sentences of "What
    would help" say it: more weeks of the same logging, or what they rest on logged more often ('' when
    none waits; a person who logs every day may still tag being alone too rarely for a verdict)."""
    missing, verdicts = missing_data(data), len(SIGNS) * len(shown_series(data))
    if not missing:
        return ""
    often = sum(item.more_often for item in missing)
    same = len(missing) - often
    kinds = {
        "same": f"{'needs' if same == 1 else 'need'} more weeks of the same logging",
        "often": f"{'needs what it rests' if often == 1 else 'need what they rest'} on logged more often than now",
    }
    if same and often:
        both = f"{same} {kinds['same']}, {often} {kinds['often']}"
        return f"{len(missing)} of {verdicts} verdicts wait for more data: {both}"
    return f"{len(missing)} of {verdicts} verdicts {kinds['often'] if often else kinds['same']}"


@dataclass(frozen=True)
class SpeaksTo:
    """What the person's data speaks to: the line read near the top, what would show the rest, the silent signs
    (each with what would help), a sharp change in tagging, conflict notes that named no partner, and their most
    used tags that may say more (`examples`)."""

    line: str
    lead: str
    moods: MoodLogging
    silent: list[MissingData]
    tagging: str
    unattributed: str
    examples: list[str]

    @property
    def silent_line(self) -> str:
        """Return the first words of "What would help" on the silent signs ('' when there are none)."""
        if not self.silent:
            return ""
        which = "any of the six signs" if len(self.silent) == len(SIGNS) else f"{len(self.silent)} of the six signs"
        return f"Nothing in your data speaks to {which} yet, so they get no verdict and no chart."

    @property
    def hint(self) -> str:
        """Return what would show the rest as one sentence ('' when the data speaks to all six signs)."""
        return to_see_more(self.lead, self.moods)

    @property
    def how(self) -> str:
        """Return how to do that without the upload page ('' when there is nothing more to see)."""
        return COMMAND_LINE_HOW if self.lead else ""


def silent_signs(data: ReportData) -> list[MissingData]:
    """Return each sign nothing in the data speaks to (in any shown series), with what would help."""
    silent, moods = [], MoodLogging.of(data.judgement.coverage)
    for key, sign in SIGNS.items():
        trends = data.judgement.signs[key]
        if all(trends[series].no_verdict == "no_inputs" for series in shown_series(data)):
            silent.append(MissingData(sign.title, "", sign.helps("observed", moods), ""))
    return silent


def speaks_to(data: ReportData) -> SpeaksTo:
    """Return what the report says, once and near the top, about what the data can and cannot tell."""
    line, lead = speaks_to_parts(data.judgement.speaks_to, data.judgement.coverage.get("imports", 1))
    unattributed = unattributed_clause(data.judgement.conflicts).strip()
    tagging = tagging_sentence(data.judgement.coverage.get("tagging_change"))
    examples = [
        f"‘{found['tag']}’ ({plural(found['entries'], 'entry')}): {found['why']}." for found in data.suggestions
    ]
    moods = MoodLogging.of(data.judgement.coverage)
    return SpeaksTo(line, lead, moods, silent_signs(data), tagging, unattributed, examples if lead else [])


def source_note(data: ReportData) -> str:
    """Return what the verdicts are read from when one source is missing (empty when both are there)."""
    if not has_checkins(data):
        return "No check-in ratings were imported, so each sign is read from your entries only."
    if not has_moods_or_tags(data):
        return "Only check-in ratings were imported (no moods or tags), so each sign is read from your check-ins."
    return ""


def strongest_tags(data: ReportData) -> list[str]:
    """Return the one or two tag associations with the largest mood difference, in a few words each."""
    reported = sorted(data.judgement.reported_tags(), key=lambda effect: -abs(effect.mood_difference))
    return [
        f"Days with ‘{effect.tag}’ went with {'higher' if effect.mood_difference > 0 else 'lower'} mood: "
        f"{effect.mood_difference:+.2f} points".replace("-", "−")
        + (f" (95% interval {effect.ci95[0]:+.2f} to {effect.ci95[1]:+.2f}).".replace("-", "−") if effect.ci95 else ".")
        for effect in reported[:STRONGEST_TAGS]
    ]


@dataclass(frozen=True)
class Coverage:
    """What the report rests on: moments with a mood, days, other entries, the window's days and gaps, imports."""

    entries: int
    days_logged: int
    other_entries: int
    logged: str
    first_day: str | None
    last_day: str | None
    window_label: str | None
    window_span: str  # 'the weeks 2026-03-02 to 2026-03-15 (2026-W10 to 2026-W11)', '' without a window
    window_days: int
    window_days_logged: int
    gaps: int
    long_gaps: list[dict]
    imports: list[dict]
    windows_note: str = ""

    @property
    def window_moods(self) -> str:
        """Return the window's days with a mood in words: '297 of 364 days with a mood', or that there are none."""
        if not self.entries:
            return "no moods were logged (only other entries)"
        return f"{self.window_days_logged} of {self.window_days} days with a mood"


def tag_lines(data: ReportData) -> list[str]:
    """Return the tag section's sentences: each tag that stood out, that none did, or why none could be compared."""
    judgement = data.judgement
    return tag_sentences(judgement.tested, bool(data.history), judgement.coverage.get("in_window"))


def quiet_tags_line(data: ReportData) -> str:
    """Return the glance's line when no tag stood out: that none did, or why none could be compared."""
    judgement = data.judgement
    return tags_glance_line(judgement.tested, bool(data.history), judgement.coverage.get("in_window"))


def feeling_lines(data: ReportData) -> list[str]:
    """Return, when the person's tags include words for the feeling itself, why those are not compared with mood."""
    words = data.judgement.coverage.get("feeling_words", [])
    return [feeling_sentence(words)] if words and data.history else []


def coverage(data: ReportData) -> Coverage:
    """Return the coverage facts of the report: all-time counts and the window's days with a mood and gaps."""
    facts = data.judgement.coverage
    window = data.judgement.window
    window_days = (data.last_day - data.first_day).days + 1 if window else 0
    return Coverage(
        entries=facts["entries"],
        days_logged=facts["days_logged"],
        other_entries=facts.get("other_entries", 0),
        logged=logged_words(facts),
        first_day=facts["first_day"],
        last_day=facts["last_day"],
        window_label=window.label() if window else None,
        window_span=(
            f"the week{'s' if window_days > 7 else ''} {data.first_day} to {data.last_day} ({window.label()})"
            if window
            else ""
        ),
        window_days=window_days,
        window_days_logged=sum(row["mood"] is not None for row in data.daily),
        gaps=len(data.gaps),
        long_gaps=[gap for gap in data.gaps if gap["days"] >= LONG_GAP_DAYS],
        imports=data.imports,
        windows_note=windows_note(data),
    )


SKIPPED = {"observed": "weeks of entries", "self_rated": "weeks of check-ins"}


def skipping_sentence(data: ReportData) -> str:
    """Return, when the person skips more weeks after low ones, what that means for the verdicts; else ''."""
    parts = [
        f"{SKIPPED[series]} after low weeks ({pattern['after_low']:.0%} of {pattern['low_weeks']} low weeks were "
        f"followed by a skipped week, against {pattern['after_other']:.0%} of the other {pattern['other_weeks']})"
        for series, pattern in data.judgement.coverage.get("skipping", {}).items()
        if pattern and pattern["informative"]
    ]
    if not parts:
        return ""
    return (
        f"You skipped more {' and more '.join(parts)}. The weeks you logged may look better than your weeks were, "
        "so a fall can read smaller than it was and a rise larger."
    )


def windows_note(data: ReportData) -> str:
    """Return, when check-ins cover other weeks than the entries, which weeks each part of the report covers."""
    entries, checkins = data.judgement.windows["observed"], data.judgement.windows["self_rated"]
    if entries is None or checkins is None or entries == checkins:
        return ""
    if checkins.first_week > entries.last_week:
        apart = f"Your check-ins begin after your other entries end ({entries.last_week + dt.timedelta(days=6)})"
    elif entries.first_week > checkins.last_week:
        apart = f"Your check-ins end before your other entries begin ({entries.first_week})"
    else:
        apart = "Your check-ins end in another week than your other entries"
    return (
        f"{apart}, so each is judged over its own weeks: your check-ins over {checkins.label()}, everything else "
        f"over {entries.label()}."
    )
