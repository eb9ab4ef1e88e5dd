"""What a report says in a few numbers (its digest, stored per person and week) and what changed since the last one.

The digest holds verdicts, latest values, counts and tag names — never notes — so a later report can
say what moved and what is new without re-reading an old file.
"""

from __future__ import annotations

import datetime as dt

from independence.analysis.sentences import SERIES_LABELS, plural
from independence.publish.report.content import VERDICTS, shown_verdict
from independence.publish.report.data import ReportData
from independence.signs import SIGNS
from independence.warehouse.digests import ReportDigest


def report_digest(data: ReportData) -> dict:
    """Return what this report says: coverage counts, each series' verdict and latest value, the reported tags."""
    facts = data.judgement.coverage
    return {
        "last_day": facts["last_day"],
        "entries": facts["entries"],
        "days_logged": facts["days_logged"],
        "signs": {
            key: {series: {"verdict": shown_verdict(trend), "latest": trend.latest} for series, trend in by.items()}
            for key, by in data.judgement.signs.items()
        },
        "tags": {effect.tag: round(effect.mood_difference, 3) for effect in data.judgement.reported_tags()},
        "weekday": data.weekday.verdict,
        "part_of_day": data.part_of_day.verdict,
    }


def digest_record(data: ReportData, weeks: int) -> ReportDigest:
    """Return this report's digest as it is stored: person, ISO week, window, time written."""
    return ReportDigest(data.user, data.week, weeks, dt.datetime.now(dt.UTC), report_digest(data))


def _new_data(before: dict, now: dict) -> str:
    """Return what was logged since the last report, in moments with a mood and days."""
    moments, days = now["entries"] - before["entries"], now["days_logged"] - before["days_logged"]
    if moments > 0:
        return (
            f"{plural(moments, 'new moment')} with a mood, on {plural(max(days, 0), 'more day')}; your latest "
            f"entry is from {now['last_day']}."
        )
    if moments < 0:
        return f"{plural(-moments, 'moment')} with a mood fewer than then: entries were replaced or deleted since."
    return "No new moments with a mood since then, so the verdicts rest on the same entries."


def _moved(before: dict, now: dict) -> list[str]:
    """Return each series whose verdict changed: 'Time apart (from your entries): no clear change → improving.'"""
    lines = []
    for key, sign in SIGNS.items():
        for series, label in SERIES_LABELS.items():
            was = before["signs"].get(key, {}).get(series, {}).get("verdict")
            is_now = now["signs"][key][series]["verdict"]
            if was and was != is_now:
                lines.append(f"{sign.title} ({label}): {VERDICTS[was][1]} → {VERDICTS[is_now][1]}.")
    return lines


def _tags(before: dict, now: dict) -> list[str]:
    """Return tag associations that are new since the last report, and those that no longer stand out."""
    lines = [
        f"New: days with ‘{tag}’ went with {'higher' if difference > 0 else 'lower'} mood."
        for tag, difference in now["tags"].items()
        if tag not in before.get("tags", {})
    ]
    lines += [f"‘{tag}’ no longer stands out." for tag in before.get("tags", {}) if tag not in now["tags"]]
    return lines


def changes_since(previous: ReportDigest | None, now: dict, remade: bool = False) -> list[str]:
    """Return what changed since the previous report: new data, verdicts that moved, tags new or gone.

    Without a previous report, one line says this is the first (and, when this week's was `remade`, that
    changes are told week to week); with one where no verdict moved, a line says so rather than leaving
    the reader to compare.
    """
    if previous is None and remade:
        return [
            "This is your first report here, made again this week: from next week on, this part says what "
            "changed since the week before."
        ]
    if previous is None:
        return ["This is your first report here: the next one will say what changed since this one."]
    before = previous.digest
    moved, tags = _moved(before, now), _tags(before, now)
    lines = [_new_data(before, now), *moved, *tags]
    if not moved:
        lines.append("No verdict changed: every sign reads as it did then.")
    return lines
