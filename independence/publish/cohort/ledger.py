"""The release ledger (data/cohort/ledger.json): every release's ε and who each published cell was built from.

Contributors are stored as keyed hashes (HMAC with the pseudonym key), never as ids: each release
lists its clients' hashes once, and each cell a bit mask over that list (1,000 clients and 400 cells
take about 100 KB a release). Before a cell
is published, its contributors are compared with every earlier publication of the same cell by the
same coach: the same set, or one that differs by at least k clients, may be published; anything
closer would let a difference of two releases reveal the clients who joined or left.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from independence.config import LEDGER_PATH
from independence.errors import ConfigError
from independence.publish.files import written_atomically


@dataclass
class Ledger:
    """Earlier releases: coach, cohort, ISO week, ε, and each published cell's hashed contributors."""

    path: Path
    releases: list[dict] = field(default_factory=list)

    def published(self, coach: str, cell: str) -> list[frozenset[str]]:
        """Return the contributor sets with which this coach has already published this cell."""
        return [
            contributors(release["clients"], release["cells"][cell])
            for release in self.releases
            if release["coach"] == coach and cell in release["cells"]
        ]

    def epsilon_spent(self, coach: str, cohort: str | None) -> float:
        """Return the ε of every earlier release of this coach and cohort, added up (sequential composition)."""
        return sum(r["epsilon"] for r in self.releases if r["coach"] == coach and r["cohort"] == cohort)


def mask(clients: list[str], members: list[str]) -> str:
    """Return the members as a hex bit mask over the release's client list."""
    position = {client: number for number, client in enumerate(clients)}
    return format(sum(1 << position[member] for member in members), "x")


def contributors(clients: list[str], bits: str) -> frozenset[str]:
    """Return the clients whose bits are set in a hex mask."""
    value = int(bits, 16)
    return frozenset(client for number, client in enumerate(clients) if value >> number & 1)


def compact(entry: dict) -> dict:
    """Return a release entry whose cells (lists of hashed clients) become masks over one client list."""
    clients = sorted({member for members in entry["cells"].values() for member in members})
    cells = {cell: mask(clients, members) for cell, members in entry["cells"].items()}
    return {**entry, "clients": clients, "cells": cells}


def differencing_safe(contributors: frozenset[str], earlier: list[frozenset[str]], k: int) -> bool:
    """Return whether a cell may be published: every earlier set is the same or differs by at least k clients."""
    return all(previous == contributors or len(previous ^ contributors) >= k for previous in earlier)


def read_ledger(path: Path | str = LEDGER_PATH) -> Ledger:
    """Return the ledger at path (empty when the file does not exist yet)."""
    path = Path(path)
    if not path.exists():
        return Ledger(path)
    try:
        releases = json.loads(path.read_text(encoding="utf-8"))["releases"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ConfigError(f"the release ledger {path} cannot be read ({error}); it is needed to release safely")
    return Ledger(path, releases)


def recorded(ledger: Ledger, release: dict) -> Ledger:
    """Append one release's entry to the ledger file (atomically) and return the updated ledger."""
    releases = [*ledger.releases, compact(release)]
    text = json.dumps({"releases": releases}, sort_keys=True, separators=(",", ":"))
    written_atomically(ledger.path, text.encode("utf-8"))
    return Ledger(ledger.path, releases)
