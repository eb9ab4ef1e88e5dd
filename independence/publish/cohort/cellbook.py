"""Publishing one cell: who may be counted (k, complementary suppression, the ledger), exact or noisy.

Every aggregate object carries `clients` (how many clients it is built from) and `suppressed`;
a suppressed one has every value, `clients` included, set to null.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass, field

from independence.config import COHORT_WEEKS
from independence.publish.cohort.cells import mean_interval, protected_groups
from independence.publish.cohort.ledger import Ledger, differencing_safe
from independence.publish.cohort.noise import noisy_counts, noisy_mean


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


@dataclass
class CellBook:
    """Decides, cell by cell, what may be published, and remembers the published cells for the ledger."""

    options: ReleaseOptions
    ledger: Ledger
    key: bytes
    cells: dict[str, list[str]] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)

    def hashed(self, users: set[str]) -> frozenset[str]:
        """Return the clients as keyed hashes (the ledger never holds ids); each is computed once."""
        for user in users - self.hashes.keys():
            self.hashes[user] = hmac.new(self.key, b"ledger:" + user.encode(), hashlib.sha256).hexdigest()[:20]
        return frozenset(self.hashes[user] for user in users)

    def safe(self, cell: str, users: set[str]) -> bool:
        """Return whether k or more clients built the cell and every earlier release of it is the same or k away."""
        if len(users) < self.options.k:
            return False
        earlier = self.ledger.published(self.options.coach, cell)
        return differencing_safe(self.hashed(users), earlier, self.options.k)

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

        Under differential privacy the decision uses only the noisy count: the noise, not the ledger,
        is what protects a client who joins or leaves.
        """
        if noisy_clients < self.options.k:
            return False
        self.record(cell, users)
        return True


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
        if not book.noisy(cell, set(by_user), noisy["count"]):
            return hidden(fields, "mean", "ci95")
        return {
            **fields,
            "clients": noisy["count"],
            "mean": round(noisy["mean"], 3),
            "ci95": _rounded(noisy["interval"]),
            "suppressed": False,
        }
    if not book.publishable(cell, set(by_user)):
        return hidden(fields, "mean", "ci95")
    mean, interval = mean_interval(list(by_user.values()))
    return {**fields, "clients": len(by_user), "mean": round(mean, 3), "ci95": _rounded(interval), "suppressed": False}


def counts_cell(
    book: CellBook, cell: str, fields: dict, groups: dict[str, set[str]], epsilon: float | None, sensitivity: int = 1
) -> dict:
    """Return counts of clients per group, each its own aggregate, with small-cell and complementary suppression."""
    names = list(groups)
    if epsilon is not None:
        noisy = dict(zip(names, noisy_counts([len(groups[n]) for n in names], sensitivity, epsilon), strict=True))
        shown = {n: noisy[n] if book.noisy(f"{cell}/{n}", groups[n], noisy[n]) else None for n in names}
        total = sum(max(count, 0) for count in noisy.values())
    else:
        counts = {n: len(groups[n]) for n in names}
        everyone = set().union(*groups.values())
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
