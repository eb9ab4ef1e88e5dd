"""Everything one person's report shows: their judgement and the chart-ready rows of the window it covers, as the
use case hands them over (`pipelines.reports.report_contents` reads and judges them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from independence.analysis.insights import UserJudgement
from independence.analysis.patterns import MoodPattern
from independence.warehouse.digests import ReportDigest


def report_week(today: dt.date) -> str:
    """Return the ISO week a report written on `today` belongs to, e.g. '2026-W48'."""
    return f"{today:%G-W%V}"


@dataclass(frozen=True)
class ReportData:
    """One user's judgement, the chart-ready rows inside its window (dates as ISO strings), the whole history's
    days, the mood patterns, and the digest of their previous report (None for a first report); `remade` when
    a report of the same week was written before (a file added, a run repeated); `suggestions`: their most used
    tags that mean nothing yet but may (see `own_words.suggestion`)."""

    judgement: UserJudgement
    week: str
    previous: ReportDigest | None
    remade: bool
    history: list[dict]
    weekday: MoodPattern
    part_of_day: MoodPattern
    daily: list[dict]
    weekly: list[dict]
    sign_weeks: list[dict]
    apart_moods: list[dict]
    apart_weeks: list[dict]
    conflicts: list[dict]
    gaps: list[dict]
    imports: list[dict]
    excerpts: list[dict] | None
    suggestions: list[dict]

    @property
    def user(self) -> str:
        """Return the user id."""
        return self.judgement.user

    @property
    def first_day(self) -> dt.date | None:
        """Return the first day of the window as the person reads it (a Monday: the week they began, when later
        than the window's), or None without entries."""
        return self.judgement.window.shown_first_week if self.judgement.window else None

    @property
    def last_day(self) -> dt.date | None:
        """Return the last day of the window (a Sunday), or None without entries."""
        return self.judgement.window.last_week + dt.timedelta(days=6) if self.judgement.window else None
