"""The differencing audit: can any combination of a coach's published sums single out fewer than k clients?

Every published aggregate of one quantity (a week's value of one sign and series, the count of one
verdict, …) is a sum over a set of clients: its mean times its count. A coach holding every release
can add and subtract them in any proportion, so what they can learn about a quantity is the row
space of the sets' indicator vectors; clients whose own values were published (trajectories) are
known outright, as unit vectors. A release is safe when that space holds no vector whose support,
among clients not known outright, has fewer than k clients — no sum, difference or mix of
published numbers then speaks of fewer than k people.

Clients who sit in exactly the same sets (an "atom") can never be told apart, so every vector of the
space is constant on each atom: only atoms of fewer than k clients can make a small support. The
check therefore asks, for each largest group of small atoms holding fewer than k clients between
them, whether the space holds a vector supported inside it: rank(A) > rank(A without those columns).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import numpy as np

MAX_GROUPS = 200_000  # beyond this many candidate groups the audit answers "unsafe" rather than guess


def atoms(sets: list[frozenset[str]], known: frozenset[str]) -> list[tuple[frozenset[str], bool]]:
    """Return the clients grouped by the sets they are in; known clients each form their own atom (flag True)."""
    signatures: dict[tuple[bool, ...], set[str]] = {}
    for client in set().union(*sets) - known:
        signatures.setdefault(tuple(client in members for members in sets), set()).add(client)
    return [(frozenset(members), False) for members in signatures.values()] + [
        (frozenset({client}), True) for client in sorted(known & set().union(*sets))
    ]


def _rank(matrix: np.ndarray) -> int:
    """Return the rank of a small 0/±1 matrix (0 for an empty one)."""
    return int(np.linalg.matrix_rank(matrix)) if matrix.size else 0


def _groups(sizes: list[int], limit: int) -> Iterable[tuple[int, ...] | None]:
    """Yield every largest group of atom indexes whose sizes add up to less than `limit` (none can be added).

    Every atom holds a client, so a group has fewer than `limit` atoms. Yields None for each group looked
    at and passed over, so the caller can stop a search that grows too long.
    """
    indexes = range(len(sizes))
    for count in range(min(len(sizes), limit - 1), 0, -1):
        for group in itertools.combinations(indexes, count):
            total = sum(sizes[index] for index in group)
            if total < limit and all(total + sizes[other] >= limit for other in indexes if other not in group):
                yield group
            else:
                yield None


def isolates_fewer_than(sets: list[frozenset[str]], known: frozenset[str], k: int) -> bool:
    """Return whether published sums over `sets` (with `known` clients' values public) single out 1..k-1 others."""
    sets = list(dict.fromkeys(members for members in sets if members))
    if not sets:
        return False
    found = atoms(sets, known)
    matrix = np.array([[float(members <= chosen) for members, _ in found] for chosen in sets])
    units = [index for index, (_, is_known) in enumerate(found) if is_known]
    if units:
        matrix = np.vstack([matrix, np.eye(len(found))[units]])
    small = [index for index, (members, is_known) in enumerate(found) if not is_known and len(members) < k]
    if not small:
        return False
    full = _rank(matrix)
    others = [index for index in range(len(found)) if index not in small]
    if _rank(matrix[:, others]) == full:
        return False  # no vector of the space lives on small atoms alone
    sizes = [len(found[index][0]) for index in small]
    for number, group in enumerate(_groups(sizes, k)):
        if number >= MAX_GROUPS:
            return True
        if group is None:
            continue
        inside = {small[index] for index in group}
        if _rank(matrix[:, [index for index in range(len(found)) if index not in inside]]) < full:
            return True
    return False
