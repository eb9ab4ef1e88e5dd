"""The consent roster: only a current yes lets a client in; bad rows are refused with file, line and problem."""

from __future__ import annotations

import datetime as dt

import pytest

from independence.errors import ConfigError
from independence.publish.cohort.roster import consenting, read_roster

TODAY = dt.date(2026, 11, 27)
HEADER = "user_id,coach,cohort,consent,consent_date,trajectory\n"


def roster(tmp_path, rows: str, header: str = HEADER):
    path = tmp_path / "roster.csv"
    path.write_text(header + rows, encoding="utf-8")
    return path


def test_the_latest_row_decides_and_withdrawal_or_a_future_yes_keeps_a_client_out(tmp_path):
    path = roster(
        tmp_path,
        "ana,Robin,spring,yes,2026-01-10,yes\n"
        "bo,Robin,spring,yes,2026-01-10,no\n"
        "bo,Robin,spring,withdrawn,2026-06-01,no\n"
        "cy,Robin,spring,no,,no\n"
        "di,Robin,autumn,yes,2026-12-24,no\n"
        "ed,Sam,spring,yes,2026-01-10,no\n"
        "fi,Robin,spring,withdrawn,2026-03-01,no\n"
        "fi,Robin,spring,yes,2026-05-01,no\n"
        "gus,Robin,spring,yes,2026-01-10,no\n"
        "gus,Robin,spring,withdrawn,2027-01-01,no\n",
    )
    entries = read_roster(path)
    assert [e.user_id for e in consenting(entries, "Robin", today=TODAY)] == ["ana", "fi"]
    assert [e.user_id for e in consenting(entries, "Robin", "autumn", TODAY)] == []
    assert consenting(entries, "Robin", today=TODAY)[0].trajectory is True


@pytest.mark.parametrize(
    ("rows", "header", "message"),
    [
        (
            "ana,Robin,spring,maybe,2026-01-10,no\n",
            HEADER,
            "roster.csv, line 2: consent must be one of yes, no, withdrawn",
        ),
        ("ana,Robin,spring,yes,10/01/2026,no\n", HEADER, "roster.csv, line 2: consent_date must be YYYY-MM-DD"),
        ("ana,Robin,spring,yes,,no\n", HEADER, "roster.csv, line 2: consent 'yes' needs its consent_date"),
        ("ok,Robin,s,no,,no\n../x,Robin,spring,yes,2026-01-10,no\n", HEADER, "roster.csv, line 3: invalid user id"),
        ("ana,Robin,spring,yes,2026-01-10\n", "user_id,coach,cohort,consent,date\n", "missing ['consent_date']"),
        ("ana,,spring,yes,2026-01-10,no\n", HEADER, "line 2: coach is empty"),
    ],
)
def test_bad_rows_are_refused_naming_file_line_and_problem(tmp_path, rows, header, message):
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]").replace("(", r"\(")):
        read_roster(roster(tmp_path, rows, header))
