"""Publishing one cell: who may be counted (k, complementary suppression, the audit), exact or noisy.

Every aggregate object carries `clients` (how many clients it is built from) and `suppressed`;
a suppressed one has every value, `clients` included, set to null. An exact cell is published only
when the audit (`audit.isolates_fewer_than`) finds that no combination of it with everything published
before from this warehouse, and with the trajectories shown, speaks of fewer than k clients.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from independence.config import COHORT_WEEKS
from independence.publish.cohort.audit import isolates_fewer_than
from independence.publish.cohort.cells import mean_interval, protected_groups
from independence.publish.cohort.ledger import Ledger, client_hash
from independence.publish.cohort.noise import noisy_counts, noisy_mean

WEEKLY = ("week/", "engagement/")  # cells of one past week: their data do not change once the week is over


@dataclass(frozen=True)
class ReleaseOptions:
    """One release's settings: coach, cohort, k, ε (None = no noise), window, trajectories, today."""

    coach: str
    cohort: str | None = None
    k: int = 5
    epsilon: float | None = None
    weeks: int = COHORT_WEEKS
    trajectories: bool = False
    today: dt.date = field(default_factory=dt.date.today)


def is_weekly(cell: str) -> bool:
    """Return whether a cell holds one week's numbers (as opposed to a summary over the window)."""
    return cell.startswith(WEEKLY)


@dataclass
class CellBook:
    """Decides, cell by cell, what may be published, and remembers the published cells for the ledger.

    `known_now` holds, per cell, the clients whose own value this release shows (trajectories);
    `withheld` the cells a first pass found must not be shown again (see `release.withheld_cells`);
    `population` the consenting clients, the most any noisy count can be.
    """

    options: ReleaseOptions
    ledger: Ledger
    key: bytes
    known_now: dict[str, set[str]] = field(default_factory=dict)
    withheld: frozenset[str] = frozenset()
    population: int = 0
    cells: dict[str, list[str]] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)
    held_back: list[str] = field(default_factory=list)
    republished: set[str] = field(default_factory=set)

    def hashed(self, users: set[str]) -> frozenset[str]:
        """Return the clients as keyed hashes (the ledger never holds ids); each is computed once."""
        for user in users - self.hashes.keys():
            self.hashes[user] = client_hash(self.key, user)
        return frozenset(self.hashes[user] for user in users)

    def known(self, cell: str) -> frozenset[str]:
        """Return the hashed clients whose own value of this cell is public: shown before or in this release."""
        return self.ledger.known(cell) | self.hashed(self.known_now.get(cell, set()))

    def in_scope(self, cell: str, users: set[str]) -> set[str]:
        """Return the users a weekly cell may count: those behind it when this cohort's numbers showed it before.

        A client who joined later adds nothing to weeks already shown, so a join alone never changes them.
        """
        if not is_weekly(cell):
            return users
        previous = self.ledger.latest_in_scope(self.options.coach, self.options.cohort, cell)
        if previous is None:
            return users
        self.hashed(users)
        return {user for user in users if self.hashes[user] in previous}

    def safe(self, cell: str, users: set[str]) -> bool:
        """Return whether the cell may be published: k or more clients (k or more of them not known), and the
        audit against every earlier release from this warehouse (whoever it was for) finds no combination
        speaking of fewer than k."""
        hashed = self.hashed(users)
        known = self.known(cell)
        if cell in self.withheld or len(hashed) < self.options.k or 0 < len(hashed - known) < self.options.k:
            return False
        earlier = self.ledger.published(cell)
        if earlier:
            self.republished.add(cell)
        if isolates_fewer_than([*earlier, hashed], known, self.options.k):
            self.held_back.append(cell)
            return False
        return True

    def record(self, cell: str, users: set[str]) -> None:
        """Remember that the cell is published, built from these clients."""
        self.cells[cell] = sorted(self.hashed(users))

    def publishable(self, cell: str, users: set[str]) -> bool:
        """Return whether the cell may be published (see `safe`), recording it when it may."""
        if not self.safe(cell, users):
            return False
        self.record(cell, users)
        return True

    def noisy(self, cell: str, users: set[str], noisy_clients: int) -> bool:
        """Return whether a noisy cell may be published (its noisy count reaches k); record it.

        Under differential privacy the decision uses only the noisy count: the noise, not the audit,
        is what protects a client who joins or leaves.
        """
        if noisy_clients < self.options.k:
            return False
        self.record(cell, users)
        return True

    def known_entry(self) -> dict[str, list[str]]:
        """Return, per cell, the hashed clients whose own values this release shows (for the ledger)."""
        return {cell: sorted(self.hashed(users)) for cell, users in self.known_now.items() if users}


def hidden(fields: dict, *values: str) -> dict:
    """Return a suppressed aggregate: its identifying fields, and every value and `clients` as null."""
    return {**fields, "clients": None, **dict.fromkeys(values), "suppressed": True}


def _rounded(values: tuple[float, float] | None) -> list[float] | None:
    """Return an interval rounded for the release."""
    return [round(value, 3) for value in values] if values else None


def mean_cell(
    book: CellBook,
    cell: str,
    fields: dict,
    by_user: dict[str, float],
    bounds: tuple[float, float],
    epsilon: float | None,
) -> dict:
    """Return one mean over clients: exact with a t interval, or noisy with its noise interval (under DP)."""
    if epsilon is not None:
        noisy = noisy_mean(list(by_user.values()), bounds, epsilon)
        count = min(noisy["count"], book.population)
        if not book.noisy(cell, set(by_user), count):
            return hidden(fields, "mean", "ci95")
        low, high = bounds
        interval = tuple(min(max(value, low), high) for value in noisy["interval"])
        return {
            **fields,
            "clients": count,
            "mean": round(min(max(noisy["mean"], low), high), 3),
            "ci95": _rounded(interval),
            "suppressed": False,
        }
    users = book.in_scope(cell, set(by_user))
    if not book.publishable(cell, users):
        return hidden(fields, "mean", "ci95")
    mean, interval = mean_interval([by_user[user] for user in sorted(users)])
    return {**fields, "clients": len(users), "mean": round(mean, 3), "ci95": _rounded(interval), "suppressed": False}


def counts_cell(
    book: CellBook, cell: str, fields: dict, groups: dict[str, set[str]], epsilon: float | None, sensitivity: int = 1
) -> dict:
    """Return counts of clients per group, each its own aggregate, with small-cell and complementary suppression."""
    names = list(groups)
    if epsilon is not None:
        # post-processing: a count of clients lies between 0 and the consenting clients
        noisy = {
            name: min(max(value, 0), book.population)
            for name, value in zip(
                names, noisy_counts([len(groups[n]) for n in names], sensitivity, epsilon), strict=True
            )
        }
        shown = {n: noisy[n] if book.noisy(f"{cell}/{n}", groups[n], noisy[n]) else None for n in names}
        total = min(sum(noisy.values()), book.population)
    else:
        everyone = book.in_scope(cell, set().union(*groups.values()))
        groups = {n: groups[n] & everyone for n in names}
        counts = {n: len(groups[n]) for n in names}
        if not book.safe(cell, everyone):
            return hidden(fields, "counts") | {"counts": {n: hidden({}) for n in names}}
        forced = frozenset(n for n in names if counts[n] and not book.safe(f"{cell}/{n}", groups[n]))
        hidden_names = protected_groups(groups, book.options.k, forced)
        shown = {n: None if n in hidden_names else counts[n] for n in names}
        book.record(cell, everyone)
        for n in names:
            if shown[n] is not None and counts[n]:
                book.record(f"{cell}/{n}", groups[n])
        total = len(everyone)
    return {
        **fields,
        "clients": total,
        "counts": {
            n: hidden({}) if shown[n] is None else {"clients": max(shown[n], 0), "suppressed": False} for n in names
        },
        "suppressed": False,
    }
