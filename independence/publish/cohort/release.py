"""The coach's release: JSON of cells built from at least k consenting clients, audited, optionally noisy.

Every aggregate object carries `clients` (how many clients it is built from) and `suppressed`;
a suppressed one has every value, `clients` included, set to null. Weeks are ISO weeks; no id,
date, note, tag or mood label of a client is ever part of a release.
"""

from __future__ import annotations

import math

from independence.errors import ConfigError
from independence.publish.cohort.audit import isolates_fewer_than
from independence.publish.cohort.cellbook import CellBook, ReleaseOptions, counts_cell, is_weekly, mean_cell
from independence.publish.cohort.clients import ClientData
from independence.publish.cohort.ledger import Ledger
from independence.publish.cohort.noise import clients_needed, count_half_width, mean_half_width, noisy_counts
from independence.publish.cohort.pseudonyms import pseudonym
from independence.signs import SERIES, SIGNS

MIN_K = 3
# a client with no value of a series in the window is "no_data" (for check-ins: never did one), not "too short"
VERDICTS = ("improving", "steady", "declining", "insufficient_data", "no_data")
ENTRY_BINS = (("0", 0, 0), ("1-3", 1, 3), ("4-7", 4, 7), ("8-14", 8, 14), ("15+", 15, 10**9))
# Plausible range of one client's weekly value, by unit; DP clamps every contribution to it.
UNIT_BOUNDS = {
    "mood points": (-4.0, 4.0),
    "share of decision entries": (0.0, 1.0),
    "share of good-mood entries": (0.0, 1.0),
    "entries per described day": (0.0, 3.0),
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
    """Return per sign and series how many clients' own trends improve, hold, decline, are too short, or lack data."""
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


def trajectories(data: ClientData, consented: list[str], book: CellBook, key: bytes) -> tuple[list[dict], int]:
    """Return the weekly values of clients who agreed to be followed, under keyed pseudonyms (no notes, no tags),
    and how many values were withheld.

    Each shown value is a cell too: it is audited against every number published before from this
    warehouse and in this release, with the values already shown, and withheld when it would complete a
    difference that singles someone out ("an earlier mean x 5 minus four trajectories"). The book then
    records only the values shown.
    """
    shown: dict[str, list[dict]] = {user: [] for user in consented}
    accepted: dict[str, set[str]] = {}
    withheld = 0
    for (week, sign, series), by_user in sorted(data.values.items()):
        cell = f"week/{week:%G-W%V}/{sign}/{series}"
        sets = [*book.ledger.published(cell), *([frozenset(book.cells[cell])] if cell in book.cells else [])]
        for user in sorted(set(consented) & by_user.keys()):
            known = book.ledger.known(cell) | book.hashed(accepted.get(cell, set()) | {user})
            if isolates_fewer_than(sets, known, book.options.k):
                withheld += 1
                continue
            accepted.setdefault(cell, set()).add(user)
            point = {"week": f"{week:%G-W%V}", "sign": sign, "series": series, "value": round(by_user[user], 3)}
            shown[user].append(point)
    book.known_now = accepted
    followed = [{"client": pseudonym(key, user), "weeks": points} for user, points in shown.items()]
    return sorted(followed, key=lambda item: item["client"]), withheld


def trajectory_cells(data: ClientData, followed: list[str]) -> dict[str, set[str]]:
    """Return, per weekly cell, the followed clients whose own value of it a trajectory shows."""
    known: dict[str, set[str]] = {}
    for (week, sign, series), by_user in data.values.items():
        shown = {user for user in followed if user in by_user}
        if shown:
            known[f"week/{week:%G-W%V}/{sign}/{series}"] = shown
    return known


def _week_of(cell: str) -> str:
    """Return the ISO week of a weekly cell ('week/2026-W10/…' or 'engagement/2026-W10/…')."""
    return cell.split("/")[1]


def withheld_cells(book: CellBook) -> frozenset[str]:
    """Return the cells shown before that this release must not show again, chosen so they do not point.

    When the audit holds back a weekly cell shown before (a client left, or another cohort's numbers
    would combine with it), hiding just that cell would tell which weeks the client logged. So every
    week shown before, up to the last week held back, is withheld: the weeks as a block. Likewise one
    summary held back (a trend, a verdict count, the bins) withholds every summary shown before, so the
    hidden ones do not tell which signs the client had. Weeks never shown before are checked as usual.
    """
    weekly = [cell for cell in book.held_back if is_weekly(cell)]
    through = max((_week_of(cell) for cell in weekly), default=None)
    withheld = {cell for cell in book.republished if is_weekly(cell) and through and _week_of(cell) <= through}
    if any(not is_weekly(cell) for cell in book.held_back):
        withheld |= {cell for cell in book.republished if not is_weekly(cell)}
    return frozenset(withheld)


def swamped(data: ClientData, options: ReleaseOptions) -> list[str]:
    """Return, for each part whose noise would be larger than what it measures, why and what it would need.

    A mean is swamped when its 95% noise interval is wider than the unit's whole range even with every
    consenting client behind it; a count when its noise interval is wider than the number of clients.
    """
    if options.epsilon is None:
        return []
    clients = max(len(data.users), 1)
    problems = []
    weekly = _epsilon(options, "weekly", max(len(data.weeks), 1) * len(SIGNS) * len(SERIES))
    for unit, (low, high) in UNIT_BOUNDS.items():
        half = mean_half_width((low, high), weekly, clients)
        if half > (high - low) / 2:
            needed = clients_needed((low, high), weekly)
            problems.append(
                f"weekly means in {unit} would be off by up to ±{half:,.1f} on a scale of {high - low:g} with all "
                f"{clients} clients behind each; they would need about {needed:,} clients per week"
            )
            break
    for part, queries in (("verdicts", len(SIGNS) * len(SERIES)), ("logging", max(len(data.weeks), 1))):
        half = count_half_width(_epsilon(options, part, queries))
        if half > clients / 2:
            problems.append(
                f"{'verdict' if part == 'verdicts' else 'logging'} counts would be off by up to ±{half:,.0f} "
                f"clients out of {clients}; they would need a cohort of about {math.ceil(2 * half):,} clients"
            )
    return problems


def _sections(data: ClientData, options: ReleaseOptions, book: CellBook, followed: list[str], key: bytes) -> dict:
    """Return the release's aggregate sections (and trajectories when asked), deciding every cell in the book."""
    everyone = {"clients": set(data.users)}
    content = {
        "clients": counts_cell(book, "clients", {}, everyone, _epsilon(options, "clients", 1))["counts"]["clients"],
        "weekly_signs": weekly_signs(data, book),
        "verdicts": verdicts(data, book),
        "engagement": engagement(data, book),
        "trends": trends(data, book),
    }
    if options.trajectories:
        content["trajectories"], content["trajectory_values_withheld"] = trajectories(data, followed, book, key)
    return content


def release(
    data: ClientData, options: ReleaseOptions, ledger: Ledger, key: bytes, followed: list[str]
) -> tuple[dict, dict]:
    """Return the release JSON and its ledger entry (ε, each published cell's and each shown trajectory's clients).

    Exact releases are decided twice: a first pass finds the cells the audit holds back against earlier
    releases; the second withholds, with them, everything that would point at whom they concern.
    A release whose noise would swamp its numbers is refused.
    """
    if options.k < MIN_K:
        raise ValueError(f"k must be at least {MIN_K}")
    if problems := swamped(data, options):
        scope = f"{len(data.users)} clients and {len(data.weeks)} weeks"
        raise ConfigError(
            f"--dp-epsilon {options.epsilon:g} over {scope} would publish noise, not numbers: "
            + "; ".join(problems)
            + ". Use a larger ε, fewer --weeks, or a larger cohort."
        )
    known = trajectory_cells(data, followed) if options.trajectories else {}
    book = CellBook(options, ledger, key, known, population=len(data.users))
    sections = _sections(data, options, book, followed, key)
    withheld = withheld_cells(book) if options.epsilon is None else frozenset()
    if withheld:
        book = CellBook(options, ledger, key, known, withheld, population=len(data.users))
        sections = _sections(data, options, book, followed, key)
    spent = ledger.epsilon_spent(book.hashed(set(data.users)))
    withheld_values = sections.pop("trajectory_values_withheld", 0)
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
            "clients": sections.pop("clients"),
            "withheld": withheld_summary(withheld),
            "trajectory_values_withheld": trajectory_summary(withheld_values) if options.trajectories else None,
            "differential_privacy": None
            if options.epsilon is None
            else {
                "epsilon": options.epsilon,
                "clients_cumulative_epsilon": round(spent + options.epsilon, 6),
            },
        },
        **sections,
    }
    entry = {
        "coach": options.coach,
        "cohort": options.cohort,
        "week": content["release"]["week"],
        "epsilon": options.epsilon or 0.0,
        "cells": book.cells,
        "known": book.known_entry(),
    }
    return content, entry


def withheld_summary(withheld: frozenset[str]) -> dict | None:
    """Return what the release withheld and why, for the coach (None when nothing was)."""
    if not withheld:
        return None
    weeks = sorted({_week_of(cell) for cell in withheld if is_weekly(cell)})
    return {
        "through_week": weeks[-1] if weeks else None,
        "summaries": any(not is_weekly(cell) for cell in withheld),
        "cells": len(withheld),
        "why": (
            "the clients behind numbers shown in an earlier release changed (someone left, or another cohort's "
            "release overlaps), so showing them again would let a difference single someone out; they are "
            "withheld together, so the hidden ones do not tell whose weeks or signs they were"
        ),
    }


def trajectory_summary(withheld: int) -> dict:
    """Return how many of the followed clients' values were withheld and why."""
    return {
        "values": withheld,
        "why": (
            "each value a followed client agreed to show is checked against every number published before; a value "
            "that would complete a difference singling out someone else (an earlier mean of a few clients, less the "
            "others' shown values) is withheld"
        )
        if withheld
        else None,
    }
