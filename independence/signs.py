"""The six signs of emotional independence: what each measures, its units and the minimums before a claim.

The numbers here are the documented thresholds of docs/method.md: a series needs `min_weeks` weeks
with a value in the window and `min_evidence` entries (or decisions, episodes, check-ins) behind
them before any verdict; a trend must also move by at least `min_change` over the window.
"""

from __future__ import annotations

from dataclasses import dataclass

SERIES = ("observed", "self_rated")


@dataclass(frozen=True)
class SeriesRule:
    """Thresholds and wording for one series of one sign."""

    unit: str
    min_weeks: int
    min_evidence: int
    min_change: float
    evidence_noun: str
    what_helps: str
    value_needs: str = ""  # what a week needs beyond the entries that speak to the sign for a value ('' nothing)
    value_helps: str = ""  # what would help when the entries are there but no week has that yet
    reads_mood: bool = False  # its values are moods (compared, or good ones counted): no mood logged, no value


@dataclass(frozen=True)
class Sign:
    """One sign: its key, title, one-line meaning and the rules of its two series."""

    key: str
    title: str
    meaning: str
    observed: SeriesRule
    self_rated: SeriesRule

    def rule(self, series: str) -> SeriesRule:
        """Return the rule of the `observed` or `self_rated` series."""
        return self.observed if series == "observed" else self.self_rated

    def helps(self, series: str, moods: MoodLogging, waiting_for_a_value: bool = False) -> str:
        """Return what would help a series without a verdict: its rule's words, unless it reads moods and the person
        logged none (then a mood first, or a check-in where their app keeps no mood), or it compares moods with the
        usual one and they log too rarely for one (then moods on more days too); `waiting_for_a_value` when its
        entries are there but no week has a value yet."""
        rule = self.rule(series)
        if moods.logged or not rule.reads_mood:
            words = rule.value_helps if waiting_for_a_value else rule.what_helps
            if moods.rarely and rule.value_needs == USUAL_MOOD and not waiting_for_a_value:
                return (
                    f"{words}, and {USUAL_MOOD_HELPS}: this sign needs {USUAL_MOOD}, rarely there at your pace "
                    f"({moods.rarely} with a mood)"
                )
            return words
        if moods.app_without_mood:
            return (
                f"a mood with your entries, which {moods.app_without_mood} does not keep, so a weekly check-in rating "
                f"of “{self.title}” instead"
            )
        return f"{MOOD_HELPS}, which this sign reads, and {rule.what_helps}"


@dataclass(frozen=True)
class MoodLogging:
    """Whether a person logged any mood at all, and when they did not, the app that keeps none if all their
    entries come from it (Day One has no mood field: logging one there is not possible); when they did, `rarely`
    says how few of the window's days have one ('3 of 364 days') when that is too few for a usual mood, else ''."""

    logged: bool = True
    app_without_mood: str = ""
    rarely: str = ""

    @classmethod
    def of(cls, coverage: dict) -> MoodLogging:
        """Return it from a person's coverage (`entries`: moments with a mood; `apps`: the apps of their entries;
        `in_window`: the window's days and days with a mood). Moods come too rarely for a usual mood when over four
        weeks or more fewer than 7 days in 28 have one: the pace of the whole window, so a person who began last
        week and logs daily is not told to log more."""
        if coverage.get("entries"):
            window = coverage.get("in_window") or {}
            days, moods = window.get("days", 0), window.get("days_with_mood", 0)
            rare = days >= USUAL_MOOD_SPAN and moods * USUAL_MOOD_SPAN < USUAL_MOOD_DAYS * days
            return cls(rarely=f"{moods} of {days} days" if rare else "")
        apps = {app for app in coverage.get("apps", []) if app != "checkin"}
        without = {APPS_WITHOUT_MOOD[app] for app in apps if app in APPS_WITHOUT_MOOD}
        return cls(False, next(iter(without)) if len(without) == len(apps) == 1 else "")


# The apps whose exports keep no mood (../shared/export-formats.md: Day One's entries have no mood field).
APPS_WITHOUT_MOOD = {"dayone": "Day One"}
CHECKIN_TEMPLATE = "data/samples/checkin_template.csv"
MOOD_HELPS = "logging a mood with your entries"


# what a mood compared with the person's usual one needs (the weekly baseline of the transforms)
USUAL_MOOD_DAYS, USUAL_MOOD_SPAN = 7, 28
USUAL_MOOD = f"your usual mood to compare with ({USUAL_MOOD_DAYS} days with a mood in the four weeks before)"
USUAL_MOOD_HELPS = "logging a mood on more days"


def counted(count: int, nouns: str) -> str:
    """Return a count with a plural noun phrase made singular for one: '1 entry tagged alone', '3 check-ins'."""
    if count != 1:
        return f"{count} {nouns}"
    words = nouns.split(" ")
    for index, word in enumerate(words):
        if word.endswith("ies") or (word.endswith("s") and not word.endswith("ss")):
            words[index] = word[:-3] + "y" if word.endswith("ies") else word[:-1]
            break
    return f"1 {' '.join(words)}"


def _self_rated(title: str) -> SeriesRule:
    """Return the self-rated rule shared by all signs: weekly mean check-in rating, 1..5."""
    return SeriesRule(
        unit="rating points (1-5)",
        min_weeks=8,
        min_evidence=8,
        min_change=0.5,
        evidence_noun="check-ins",
        what_helps=f"a weekly check-in rating of “{title}” (the check-in template: {CHECKIN_TEMPLATE})",
    )


SIGNS: dict[str, Sign] = {
    sign.key: sign
    for sign in (
        Sign(
            "alone_comfort",
            "Comfort when alone",
            "How your mood on entries tagged alone compares with your usual mood (previous four weeks).",
            SeriesRule(
                "mood points",
                8,
                20,
                0.25,
                "entries tagged alone",
                "tagging entries when you are alone",
                USUAL_MOOD,
                USUAL_MOOD_HELPS,
                reads_mood=True,
            ),
            _self_rated("Comfort when alone"),
        ),
        Sign(
            "decision_confidence",
            "Confident decisions",
            "Of the entries about decisions, the share where you decided for yourself rather than second-guessing.",
            SeriesRule(
                "share of decision entries",
                8,
                15,
                0.15,
                "decision entries",
                "tagging 'made a decision' or 'second-guessing' when they happen",
            ),
            _self_rated("Confident decisions"),
        ),
        Sign(
            "time_apart_comfort",
            "Time apart",
            "Your mood when apart from your partner (alone or apart) minus your mood when together.",
            SeriesRule(
                "mood points",
                8,
                30,
                0.25,
                "entries apart or together",
                "tagging entries both when you are with your partner and when you are apart",
                "entries with a mood both apart and together in the same week",
                "tagging entries with a mood both apart and together in the same weeks",
                reads_mood=True,
            ),
            _self_rated("Time apart"),
        ),
        Sign(
            "needs_expression",
            "Expressing needs",
            "How often you noted expressing a need or a boundary, per day you logged with a tag or a note.",
            SeriesRule(
                "entries per described day",
                8,
                5,
                0.1,
                "entries noting expressed needs",
                "tagging 'said no', 'set a boundary' or 'asked for what I need' when you do",
            ),
            _self_rated("Expressing needs"),
        ),
        Sign(
            "conflict_calmness",
            "Calm in conflict",
            "How far your mood drops below your usual level at a conflict, sign flipped (closer to 0 = calmer).",
            SeriesRule(
                "mood points",
                8,
                10,
                0.25,
                "conflict episodes",
                "tagging arguments and how you responded ('talked it through', 'yelled')",
                USUAL_MOOD,
                USUAL_MOOD_HELPS,
                reads_mood=True,
            ),
            _self_rated("Calm in conflict"),
        ),
        Sign(
            "happiness_ownership",
            "Owning your happiness",
            "Of your good-mood entries (4 or 5) tied to something you tagged (your partner, your own activities, "
            "friends, family, self-care), the share tied to your own activities, friends, family or self-care "
            "without your partner.",
            SeriesRule(
                "share of good-mood entries",
                8,
                20,
                0.1,
                "good-mood entries tied to a tagged activity or person",
                "tagging what you were doing on good days and who with (your partner, friends, hobbies, self-care)",
                reads_mood=True,
            ),
            _self_rated("Owning your happiness"),
        ),
    )
}

# The companion of conflict_calmness: weekly median hours to recover, judged as "faster" (negated hours).
RECOVERY_RULE = SeriesRule(
    "hours",
    8,
    10,
    6.0,
    "conflict episodes",
    "tagging arguments when they happen",
    USUAL_MOOD,
    USUAL_MOOD_HELPS,
    reads_mood=True,
)
