"""The report's "Before and after your moments": each moment the person marked, in one sentence and one table.

The numbers are the judgement's (`analysis.moments`); here they become words: the mean of each side in the
series' unit, the difference with its interval, and what it reads as.
"""

from __future__ import annotations

from dataclasses import dataclass

from independence.analysis.moments import MIN_SIDE_WEEKS, MOMENT_GATE, MOMENT_WEEKS, MomentComparison, SideBySide
from independence.analysis.sentences import SERIES_LABELS, amount, number, plural
from independence.analysis.trends import CONFIDENCE
from independence.publish.report.content import formatted_value
from independence.publish.report.data import ReportData
from independence.signs import SIGNS, SeriesRule

READS = {
    "higher": "higher after",
    "lower": "lower after",
    "no_clear_change": "about the same (the interval includes no change)",
    "below_minimum": "about the same (a difference too small to count)",
    "nothing_stands_out": "about the same (nothing at this moment stood out from your usual ups and downs)",
}
HOW = (
    f"For each moment you marked, each sign's weeks after it (up to {MOMENT_WEEKS}) are set against the weeks "
    f"before it (up to {MOMENT_WEEKS}); the week of the moment itself belongs to neither side, and each side needs "
    f"{MIN_SIDE_WEEKS} weeks with a value. A difference counts when its {CONFIDENCE:.0%} interval, which allows for "
    "week-to-week carry-over, excludes no change, it reaches the sign's minimum, and the moment as a whole stands "
    "out from your usual ups and downs: then about one person in ten or fewer whose signs did not move at a moment "
    f"reads that one did (Simes' test over the moment's signs at {MOMENT_GATE:.2f}). Before and after is not cause "
    "and effect: other things change too."
)


@dataclass(frozen=True)
class MomentRow:
    """One series around one moment, as the table shows it."""

    sign: str
    source: str
    before: str
    after: str
    difference: str
    interval: str
    reads: str
    called: bool


@dataclass(frozen=True)
class MomentView:
    """One moment: its day and words, a sentence that answers first, the table's rows, a note when it lies outside
    the report's weeks."""

    moment_id: int
    day: str
    words: str
    headline: str
    rows: list[MomentRow]
    note: str | None


def _level(value: float, rule: SeriesRule) -> str:
    """Return a side's level in the series' unit, ratings to two decimals like the difference beside them."""
    return f"{value:.2f} of 5" if rule.unit.startswith("rating points") else formatted_value(value, rule)


def _row(side: SideBySide) -> MomentRow:
    """Return one comparison as table cells in its series' unit."""
    rule = SIGNS[side.sign].rule(side.series)
    sign, source = SIGNS[side.sign].title, SERIES_LABELS[side.series]
    if side.missing:
        before, after = (f"{plural(weeks, 'week')} with a value" for weeks in (side.before_weeks, side.after_weeks))
        return MomentRow(
            sign, source, before, after, "–", "–", f"not enough weeks yet: each side needs {MIN_SIDE_WEEKS}", False
        )
    low, high = side.interval
    return MomentRow(
        sign,
        source,
        f"{_level(side.before_level, rule)} ({plural(side.before_weeks, 'week')})",
        f"{_level(side.after_level, rule)} ({plural(side.after_weeks, 'week')})",
        amount(side.difference, rule),
        f"{number(low, rule)} to {number(high, rule)}",
        READS[side.verdict] if side.verdict in READS else READS[side.reason or "no_clear_change"],
        side.verdict in ("higher", "lower"),
    )


def _headline(comparison: MomentComparison) -> str:
    """Return the moment in one sentence: what differed after it, or that nothing did, or what is missing."""
    name = f"“{comparison.moment.words}” ({comparison.moment.on.isoformat()})"
    judged = [side for side in comparison.compared if not side.missing]
    if not judged:
        return (
            f"Around {name} no sign has {MIN_SIDE_WEEKS} weeks with a value on both sides yet, so nothing is compared."
        )
    called = comparison.called
    if not called:
        nothing = (
            "the one comparison of your signs shows no difference"
            if len(judged) == 1
            else f"none of the {len(judged)} comparisons of your signs shows a difference"
        )
        return f"Around {name} {nothing} that counts: beyond your usual ups and downs and at least the sign's minimum."
    said = [
        f"{SIGNS[side.sign].title} ({SERIES_LABELS[side.series]}) {side.verdict}, "
        f"{amount(side.difference, SIGNS[side.sign].rule(side.series))}"
        for side in called
    ]
    rest = len(judged) - len(called)
    others = f"; the other {rest} compared about the same" if rest else ""
    return f"After {name}: {'; '.join(said)}{others}."


def _note(data: ReportData, comparison: MomentComparison) -> str | None:
    """Return a note when the moment lies outside the report's weeks, else None."""
    if data.first_day is None:
        return None
    if comparison.moment.on < data.first_day:
        return f"This moment is before the weeks this report covers (from {data.first_day.isoformat()})."
    if comparison.moment.on > data.last_day:
        return f"This moment is after the weeks this report covers (to {data.last_day.isoformat()})."
    return None


def moment_views(data: ReportData) -> list[MomentView]:
    """Return each moment the person marked, in date order, ready for the page."""
    return [
        MomentView(
            comparison.moment.moment_id,
            comparison.moment.on.isoformat(),
            comparison.moment.words,
            _headline(comparison),
            [_row(side) for side in comparison.compared],
            _note(data, comparison),
        )
        for comparison in data.judgement.moments
    ]
