"""The coach's release: JSON of cells built from at least k consenting clients, ledger-checked, optionally noisy.

Every aggregate object carries `clients` (how many clients it is built from) and `suppressed`;
a suppressed one has every value, `clients` included, set to null. Weeks are ISO weeks; no id,
date, note, tag or mood label of a client is ever part of a release.
"""

from __future__ import annotations

from independence.publish.cohort.cellbook import CellBook, ReleaseOptions, counts_cell, mean_cell
from independence.publish.cohort.clients import ClientData
from independence.publish.cohort.ledger import Ledger
from independence.publish.cohort.noise import noisy_counts
from independence.publish.cohort.pseudonyms import pseudonym
from independence.signs import SERIES, SIGNS

MIN_K = 3
VERDICTS = ("improving", "steady", "declining", "insufficient_data")
ENTRY_BINS = (("0", 0, 0), ("1-3", 1, 3), ("4-7", 4, 7), ("8-14", 8, 14), ("15+", 15, 10**9))
# Plausible range of one client's weekly value, by unit; DP clamps every contribution to it.
UNIT_BOUNDS = {
    "mood points": (-4.0, 4.0),
    "share of decision entries": (0.0, 1.0),
    "share of good-mood entries": (0.0, 1.0),
    "entries per logged day": (0.0, 3.0),
    "rating points (1-5)": (1.0, 5.0),
}
# How one release's ε is divided (sequential composition across the parts).
BUDGET = {"weekly": 0.5, "verdicts": 0.2, "clients": 0.025, "logging": 0.075, "bins": 0.05, "trends": 0.15}


def _epsilon(options: ReleaseOptions, part: str, queries: int) -> float | None:
    """Return the ε of one query of a part of the budget, or None without DP."""
    return None if options.epsilon is None else options.epsilon * BUDGET[part] / max(queries, 1)


def weekly_signs(data: ClientData, book: CellBook) -> list[dict]:
    """Return per ISO week, sign and series: clients, mean and 95% interval of the clients' weekly values."""
    epsilon = _epsilon(book.options, "weekly", len(data.weeks) * len(SIGNS) * len(SERIES))
    cells = []
    for week in data.weeks:
        for sign in SIGNS:
            for series in SERIES:
                fields = {"week": f"{week:%G-W%V}", "sign": sign, "series": series}
                cell = f"week/{fields['week']}/{sign}/{series}"
                by_user = data.values.get((week, sign, series), {})
                bounds = UNIT_BOUNDS[SIGNS[sign].rule(series).unit]
                cells.append(mean_cell(book, cell, fields, by_user, bounds, epsilon))
    return cells


def trends(data: ClientData, book: CellBook) -> list[dict]:
    """Return per sign and series the cohort's trend: the mean of the clients' own trend slopes per week."""
    epsilon = _epsilon(book.options, "trends", len(SIGNS) * len(SERIES))
    cells = []
    for sign in SIGNS:
        for series in SERIES:
            unit = SIGNS[sign].rule(series).unit
            low, high = UNIT_BOUNDS[unit]
            fields = {"sign": sign, "series": series, "unit": f"{unit} per week"}
            # a client's slope is clamped to crossing the unit's whole range in half the window
            limit = (high - low) / max(len(data.weeks) / 2, 1)
            by_user = {u: max(min(slope, limit), -limit) for u, slope in data.slopes.get((sign, series), {}).items()}
            cell = mean_cell(book, f"trend/{sign}/{series}", fields, by_user, (-limit, limit), epsilon)
            cells.append(cell)
    return cells


def verdicts(data: ClientData, book: CellBook) -> list[dict]:
    """Return per sign and series how many clients' own trends are improving, steady, declining or too short."""
    epsilon = _epsilon(book.options, "verdicts", len(SIGNS) * len(SERIES))
    cells = []
    for sign in SIGNS:
        for series in SERIES:
            by_user = data.verdicts.get((sign, series), {})
            groups = {name: {u for u, verdict in by_user.items() if verdict == name} for name in VERDICTS}
            cells.append(
                counts_cell(book, f"verdict/{sign}/{series}", {"sign": sign, "series": series}, groups, epsilon)
            )
    return cells


def engagement(data: ClientData, book: CellBook) -> dict:
    """Return per ISO week the clients logging and not logging, and client-weeks binned by entries."""
    epsilon = _epsilon(book.options, "logging", len(data.weeks))
    weeks = []
    for week in data.weeks:
        by_user = data.entries[week]
        groups = {
            "logging": {u for u, n in by_user.items() if n > 0},
            "not_logging": {u for u, n in by_user.items() if n == 0},
        }
        cell = counts_cell(book, f"engagement/{week:%G-W%V}", {"week": f"{week:%G-W%V}"}, groups, epsilon)
        counts = cell["counts"]
        logging, quiet = counts["logging"]["clients"], counts["not_logging"]["clients"]
        share = logging / (logging + quiet) if logging is not None and quiet is not None and logging + quiet else None
        weeks.append({**cell, "share_logging": None if share is None else round(share, 3)})
    bins = {name: set() for name, _, _ in ENTRY_BINS}
    client_weeks = dict.fromkeys(bins, 0)
    for by_user in data.entries.values():
        for user, count in by_user.items():
            name = next(name for name, low, high in ENTRY_BINS if low <= count <= high)
            bins[name].add(user)
            client_weeks[name] += 1
    # half the budget for distinct clients per bin (a client can sit in every bin), half for client-weeks
    # (a client adds one client-week per week of the window)
    epsilon = _epsilon(book.options, "bins", 2)
    binned = counts_cell(book, "entries-per-client-week", {}, bins, epsilon, sensitivity=len(ENTRY_BINS))
    names = list(client_weeks)
    if epsilon is not None:
        noisy = noisy_counts([client_weeks[name] for name in names], max(len(data.weeks), 1), epsilon)
        client_weeks = {name: max(value, 0) for name, value in zip(names, noisy, strict=True)}
    for name, count in binned["counts"].items():
        count["client_weeks"] = None if count["suppressed"] else client_weeks[name]
    return {"weeks": weeks, "entries_per_client_week": binned}


def trajectories(data: ClientData, consented: list[str], key: bytes) -> list[dict]:
    """Return the weekly values of clients who agreed to be followed, under keyed pseudonyms (no notes, no tags)."""
    followed = []
    for user in consented:
        points = [
            {"week": f"{week:%G-W%V}", "sign": sign, "series": series, "value": round(by_user[user], 3)}
            for (week, sign, series), by_user in sorted(data.values.items())
            if user in by_user
        ]
        followed.append({"client": pseudonym(key, user), "weeks": points})
    return sorted(followed, key=lambda item: item["client"])


def release(
    data: ClientData, options: ReleaseOptions, ledger: Ledger, key: bytes, followed: list[str]
) -> tuple[dict, dict]:
    """Return the release JSON and its ledger entry (ε and each published cell's hashed contributors)."""
    if options.k < MIN_K:
        raise ValueError(f"k must be at least {MIN_K}")
    book = CellBook(options, ledger, key)
    everyone = {"clients": set(data.users)}
    clients = counts_cell(book, "clients", {}, everyone, _epsilon(options, "clients", 1))["counts"]["clients"]
    spent = ledger.epsilon_spent(options.coach, options.cohort)
    content = {
        "release": {
            "coach": options.coach,
            "cohort": options.cohort,
            "week": f"{options.today:%G-W%V}",
            "window": {
                "first_week": f"{data.weeks[0]:%G-W%V}",
                "last_week": f"{data.weeks[-1]:%G-W%V}",
                "weeks": len(data.weeks),
            }
            if data.weeks
            else None,
            "k": options.k,
            "clients": clients,
            "differential_privacy": None
            if options.epsilon is None
            else {
                "epsilon": options.epsilon,
                "cumulative_epsilon": round(spent + options.epsilon, 6),
            },
        },
        "weekly_signs": weekly_signs(data, book),
        "verdicts": verdicts(data, book),
        "engagement": engagement(data, book),
        "trends": trends(data, book),
    }
    if options.trajectories:
        content["trajectories"] = trajectories(data, followed, key)
    entry = {
        "coach": options.coach,
        "cohort": options.cohort,
        "week": content["release"]["week"],
        "epsilon": options.epsilon or 0.0,
        "cells": book.cells,
    }
    return content, entry
