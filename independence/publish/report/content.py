"""The report's words: one card per sign and the coverage facts, from computed numbers only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from independence.analysis.sentences import SERIES_LABELS, trend_sentence
from independence.analysis.trends import CONFIDENCE, SeriesTrend
from independence.publish.report.data import ReportData
from independence.signs import SIGNS, SeriesRule

VERDICTS = {
    "improving": ("↑", "improving"),
    "declining": ("↓", "declining"),
    "steady": ("→", "no clear change"),
    "insufficient_data": ("…", "not enough data yet"),
}
LONG_GAP_DAYS = 7


@dataclass(frozen=True)
class SeriesLine:
    """One series of a sign card: verdict words, arrow, latest value and what it rests on."""

    label: str
    verdict: str
    arrow: str
    words: str
    latest: str
    basis: str
    sentence: str


@dataclass(frozen=True)
class SignCard:
    """One sign's card: title, meaning, the series from entries and the self-rated one, and the threshold."""

    key: str
    title: str
    meaning: str
    observed: SeriesLine
    self_rated: SeriesLine
    threshold: str


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


def series_line(sign_key: str, series: str, trend: SeriesTrend) -> SeriesLine:
    """Return one series' line of a sign card."""
    rule = SIGNS[sign_key].rule(series)
    arrow, words = VERDICTS[trend.verdict]
    return SeriesLine(
        label=SERIES_LABELS[series],
        verdict=trend.verdict,
        arrow=arrow,
        words=words,
        latest=formatted_value(trend.latest, rule),
        basis=f"n = {trend.evidence} {rule.evidence_noun} over {trend.weeks} weeks with a value",
        sentence=trend_sentence(sign_key, series, trend),
    )


def sign_cards(data: ReportData) -> list[SignCard]:
    """Return the six sign cards in their documented order."""
    cards = []
    for key, sign in SIGNS.items():
        trends = data.judgement.signs[key]
        rule = sign.observed
        cards.append(
            SignCard(
                key=key,
                title=sign.title,
                meaning=sign.meaning,
                observed=series_line(key, "observed", trends["observed"]),
                self_rated=series_line(key, "self_rated", trends["self_rated"]),
                threshold=(
                    f"A change is called only when the {CONFIDENCE:.0%} interval of its trend excludes no change and "
                    f"it reaches {rule.min_change:g} {rule.unit} across the window; a verdict needs "
                    f"{rule.min_weeks} weeks and {rule.min_evidence} {rule.evidence_noun}."
                ),
            )
        )
    return cards


@dataclass(frozen=True)
class Coverage:
    """What the report rests on: entries, days logged, days in the window, gaps and the imports."""

    entries: int
    days_logged: int
    first_day: str | None
    last_day: str | None
    window_label: str | None
    window_days: int
    window_days_logged: int
    gaps: int
    long_gaps: list[dict]
    imports: list[dict]


def coverage(data: ReportData) -> Coverage:
    """Return the coverage facts of the report: all-time counts and the window's logged days and gaps."""
    facts = data.judgement.coverage
    window = data.judgement.window
    window_days = (data.last_day - data.first_day).days + 1 if window else 0
    return Coverage(
        entries=facts["entries"],
        days_logged=facts["days_logged"],
        first_day=facts["first_day"],
        last_day=facts["last_day"],
        window_label=window.label() if window else None,
        window_days=window_days,
        window_days_logged=sum(row["mood"] is not None for row in data.daily),
        gaps=len(data.gaps),
        long_gaps=[gap for gap in data.gaps if gap["days"] >= LONG_GAP_DAYS],
        imports=data.imports,
    )


def report_week(today: dt.date) -> str:
    """Return the ISO week a report written on `today` belongs to, e.g. '2026-W48'."""
    return f"{today:%G-W%V}"
