"""Plain-language insight sentences built only from computed numbers: effect, n, interval, never a cause."""

from __future__ import annotations

from independence.analysis.tageffects import MAX_Q, TagEffect
from independence.analysis.trends import ALPHA, SeriesTrend
from independence.signs import SIGNS

FRAMING = (
    "Independence here means support spread across several people and activities and calm when alone, "
    "not needing nobody; turning to your partner for support is healthy. These are patterns in what you "
    "logged, not a diagnosis, and a pattern is not a cause."
)
SERIES_LABELS = {"observed": "from your entries", "self_rated": "your check-in ratings"}
TIE_HINTS = {
    "observed": "more weeks of entries would help",
    "self_rated": "rating in half points (allowed in check-ins) would help",
}


def _signed(value: float, digits: int = 2) -> str:
    """Return a number with its sign and a true minus sign, e.g. '+0.05', '−0.30'."""
    return f"{value:+.{digits}f}".replace("-", "−")


def coverage_sentence(coverage: dict, window_label: str | None) -> str:
    """Return what the insights are based on, or that there is nothing yet."""
    if not coverage["entries"]:
        return "There are no entries for this person yet: import an export to get insights."
    return (
        f"Based on {coverage['entries']} entries on {coverage['days_logged']} days between {coverage['first_day']} "
        f"and {coverage['last_day']}; trends cover the calendar weeks {window_label}. Days without entries are "
        "left out, never filled in, and people often skip logging on hard days."
    )


def trend_sentence(sign_key: str, series: str, trend: SeriesTrend) -> str:
    """Return one sentence on one series: its verdict with slope, interval, change and weeks, or what is missing."""
    sign, rule = SIGNS[sign_key], SIGNS[sign_key].rule(series)
    name = f"{sign.title} ({SERIES_LABELS[series]})"
    if trend.verdict == "insufficient_data":
        return f"{name}: not enough data for a trend yet — {trend.missing}."
    numbers = (
        f"{_signed(trend.slope_per_week, 3)} {rule.unit} per week (95% interval {_signed(trend.ci95[0], 3)} to "
        f"{_signed(trend.ci95[1], 3)}) over {trend.weeks} weeks with a value, trend test p = {trend.p_value:.3f}"
    )
    if trend.verdict == "steady" and trend.p_value < ALPHA and trend.rank_direction:
        return borderline_sentence(name, series, trend, numbers)
    if trend.verdict == "steady":
        return f"{name}: no clear change — {numbers}. Steady is a normal result."
    return (
        f"{name} is {trend.verdict}: about {numbers}; a change of {_signed(trend.change)} {rule.unit} across the "
        "window. This describes your entries over time, not what caused the change."
    )


def borderline_sentence(name: str, series: str, trend: SeriesTrend, numbers: str) -> str:
    """Return why a series whose trend test is significant is still not called a change."""
    hint = TIE_HINTS[series]
    direction = "rise" if trend.rank_direction > 0 else "fall"
    if trend.slope_per_week == 0:
        return (
            f"{name}: later weeks tend to {direction} (trend test p = {trend.p_value:.3f}), but so many weeks share "
            f"the same value that the size of the change cannot be estimated, so it is not called a change; {hint}."
        )
    if trend.ci95[0] <= 0 <= trend.ci95[1]:
        reason = "the 95% interval still includes no change"
    else:
        reason = f"the change of {_signed(trend.change)} across the window is below the minimum that counts"
    return f"{name}: a possible {direction} — {numbers}; {reason}, so it is not called a change yet."


def conflict_sentence(conflicts: dict) -> str:
    """Return the conflict episodes in the window: drop, recovery and responses, or that none were tagged."""
    if not conflicts["episodes"]:
        return "No conflicts were tagged in this window, so there is nothing to say about them."
    responses = conflicts["responses"]
    judged = responses["calm"] + responses["reactive"]
    response = (
        f"; {responses['calm']} of {judged} episodes with a recorded calm or reactive response were calm"
        if judged
        else "; no response (calm or reactive) was tagged"
    )
    return (
        f"{conflicts['episodes']} conflict episode(s) in the window: mood fell a median "
        f"{conflicts['median_drop_points']:.2f} points below your usual level and was back within half a point "
        f"after a median {conflicts['median_recovery_hours']:.0f} hours (at most 7 days counted){response}."
    )


def apart_sentence(apart: dict) -> str:
    """Return mood apart vs together with counts, or what is missing to compare them."""
    if apart["difference"] is None:
        return (
            f"Mood apart from and together with your partner cannot be compared yet ({apart['entries_apart']} "
            f"entries apart, {apart['entries_together']} together): tagging both kinds of moments would help."
        )
    direction = "higher" if apart["difference"] > 0 else "lower" if apart["difference"] < 0 else "the same"
    gap = f"{abs(apart['difference']):.2f} points {direction}" if direction != "the same" else "the same"
    return (
        f"Apart from your partner your mood averaged {apart['mood_apart']:.2f} (n = {apart['entries_apart']} "
        f"entries), together {apart['mood_together']:.2f} (n = {apart['entries_together']}): {gap} when apart."
    )


def tag_sentences(tested: list[TagEffect]) -> list[str]:
    """Return one sentence per tag effect with q < 0.1, or an explicit 'nothing stood out'."""
    kept = [effect for effect in tested if effect.q_value < MAX_Q]
    if not kept:
        return [
            f"No tag stood out from ordinary day-to-day ups and downs ({len(tested)} tag(s) with enough days were "
            "tested); nothing to report is a normal result."
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
    sentences = [coverage_sentence(coverage, window_label)]
    no_checkins = all(by_series["self_rated"].weeks == 0 for by_series in signs.values())
    for key, by_series in signs.items():
        sentences += [
            trend_sentence(key, series, trend)
            for series, trend in by_series.items()
            if not (no_checkins and series == "self_rated")
        ]
    if no_checkins:
        sentences.append(
            "There are no check-in ratings, so the six self-rated series are empty: a weekly check-in "
            "(data/samples/checkin_template.csv) would add them beside what your entries show."
        )
    if coverage["entries"]:
        sentences += [conflict_sentence(conflicts), apart_sentence(apart), *tag_sentences(tested)]
    return [*sentences, FRAMING]
