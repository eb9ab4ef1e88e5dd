"""The window a report covers, as the person reads it."""

from __future__ import annotations

import datetime as dt

from independence.warehouse.marts import Window

LAST = dt.date(2026, 2, 2)  # a Monday
YEAR_BEFORE = LAST - dt.timedelta(weeks=51)


def test_a_person_who_began_within_the_window_reads_it_from_their_first_week_and_counts_from_its_own():
    window = Window(YEAR_BEFORE, LAST, 52, LAST - dt.timedelta(weeks=2))
    assert window.shown_first_week == dt.date(2026, 1, 19)
    assert window.label() == "2026-W04 to 2026-W06"
    assert window.week_number(LAST) == 51, "weeks still count from the window's first week"


def test_history_older_than_the_window_leaves_the_window_as_it_is():
    window = Window(YEAR_BEFORE, LAST, 52, dt.date(2020, 1, 6))
    assert window.shown_first_week == YEAR_BEFORE and window.label() == "2025-W07 to 2026-W06"
    assert Window(YEAR_BEFORE, LAST, 52).label() == "2025-W07 to 2026-W06"


def test_a_window_of_one_week_is_named_once():
    assert Window(YEAR_BEFORE, LAST, 52, LAST).label() == "2026-W06"
