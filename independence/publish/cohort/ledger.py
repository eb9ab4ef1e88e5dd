"""The release ledger (data/cohort/ledger.json): every release's ε and who each published number was built from.

Contributors are stored as keyed hashes (HMAC with the pseudonym key), never as ids: each release
lists its clients' hashes once, and each cell a bit mask over that list (1,000 clients and 400 cells
take about 100 KB a release). Clients whose own weekly values a release showed (trajectories) are
stored per cell as `known`. The ledger also holds a fingerprint of the key, and fails closed: a key
with another fingerprint is refused, because its hashes would match nothing recorded and every
earlier release would be forgotten. Starting a new ledger is an explicit step (`started_ledger`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from independence.config import LEDGER_PATH
from independence.errors import ConfigError
from independence.publish.files import written_atomically

log = logging.getLogger("independence.cohort")


def key_fingerprint(key: bytes) -> str:
    """Return a short keyed fingerprint of the pseudonym key: it tells keys apart and reveals nothing of one."""
    return hmac.new(key, b"ledger-fingerprint", hashlib.sha256).hexdigest()[:16]


@dataclass
class Ledger:
    """Earlier releases (coach, cohort, ISO week, ε, each cell's hashed contributors) and the key's fingerprint."""

    path: Path
    fingerprint: str
    releases: list[dict] = field(default_factory=list)

    def published(self, coach: str, cell: str) -> list[frozenset[str]]:
        """Return the contributor sets with which this coach has already published this cell, in any cohort."""
        return [
            contributors(release["clients"], release["cells"][cell])
            for release in self.releases
            if release["coach"] == coach and cell in release["cells"]
        ]

    def known(self, coach: str, cell: str) -> frozenset[str]:
        """Return the clients whose own value of this cell a release of this coach has shown (trajectories)."""
        found: set[str] = set()
        for release in self.releases:
            if release["coach"] == coach and cell in release.get("known", {}):
                found |= contributors(release["clients"], release["known"][cell])
        return frozenset(found)

    def latest_in_scope(self, coach: str, cohort: str | None, cell: str) -> frozenset[str] | None:
        """Return the contributors of this cell in the coach's latest release of the same cohort, or None."""
        for release in reversed(self.releases):
            if release["coach"] == coach and release["cohort"] == cohort and cell in release["cells"]:
                return contributors(release["clients"], release["cells"][cell])
        return None

    def epsilon_spent(self, coach: str) -> float:
        """Return the ε of every earlier release of this coach, all cohorts added up (sequential composition).

        A client can be in a cohort's release and in the coach's release of everyone, so both count.
        """
        return sum(release["epsilon"] for release in self.releases if release["coach"] == coach)


def mask(clients: list[str], members: list[str]) -> str:
    """Return the members as a hex bit mask over the release's client list."""
    position = {client: number for number, client in enumerate(clients)}
    return format(sum(1 << position[member] for member in members), "x")


def contributors(clients: list[str], bits: str) -> frozenset[str]:
    """Return the clients whose bits are set in a hex mask."""
    value = int(bits, 16)
    return frozenset(client for number, client in enumerate(clients) if value >> number & 1)


def compact(entry: dict) -> dict:
    """Return a release entry whose cells and known clients (lists of hashes) become masks over one client list."""
    groups = [*entry["cells"].values(), *entry.get("known", {}).values()]
    clients = sorted({member for members in groups for member in members})
    return {
        **entry,
        "clients": clients,
        "cells": {cell: mask(clients, members) for cell, members in entry["cells"].items()},
        "known": {cell: mask(clients, members) for cell, members in entry.get("known", {}).items()},
    }


def read_ledger(key: bytes, path: Path | str = LEDGER_PATH) -> Ledger:
    """Return the ledger at path for this key (empty when the file does not exist yet).

    Refuses a ledger written with another key: releases made with it would be checked against nothing.
    """
    path = Path(path)
    fingerprint = key_fingerprint(key)
    if not path.exists():
        return Ledger(path, fingerprint)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        releases = document["releases"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ConfigError(f"the release ledger {path} cannot be read ({error}); it is needed to release safely")
    recorded_with = document.get("key_fingerprint")
    if releases and recorded_with != fingerprint:
        was = f"key {recorded_with}" if recorded_with else "a key it did not record"
        raise ConfigError(
            f"the release ledger {path} was written with {was}, and this key is {fingerprint}: its hashes would "
            f"match none of the {len(releases)} recorded releases, so nothing could be checked against them. "
            "Use the key it was written with; only if that key is lost, start a new ledger (--new-ledger)."
        )
    return Ledger(path, fingerprint, releases)


def started_ledger(key: bytes, path: Path | str = LEDGER_PATH, today: dt.date | None = None) -> tuple[Ledger, str]:
    """Retire the ledger at path (kept beside it, renamed) and return an empty one for this key, with what it costs.

    The cost is stated because it is real: releases from now on are not checked against the retired
    ones, so someone holding both could take differences between them.
    """
    path = Path(path)
    fingerprint = key_fingerprint(key)
    if not path.exists():
        return Ledger(path, fingerprint), f"started a new release ledger {path} for key {fingerprint}"
    try:
        releases = len(json.loads(path.read_text(encoding="utf-8")).get("releases", []))
    except (OSError, ValueError, AttributeError):
        releases = 0
    retired = path.with_name(f"{path.stem}-retired-{(today or dt.date.today()).isoformat()}{path.suffix}")
    number = 1
    while retired.exists():
        number += 1
        retired = path.with_name(f"{path.stem}-retired-{(today or dt.date.today()).isoformat()}-{number}{path.suffix}")
    path.rename(retired)
    message = (
        f"started a new release ledger {path} for key {fingerprint}; the old one ({releases} releases) is kept as "
        f"{retired.name}. Releases from now on are not checked against those {releases}: anyone holding both "
        "could take differences between them and single out clients who joined or left in between"
    )
    log.warning(message)
    return Ledger(path, fingerprint), message


def recorded(ledger: Ledger, release: dict) -> Ledger:
    """Append one release's entry to the ledger file (atomically) and return the updated ledger."""
    releases = [*ledger.releases, compact(release)]
    document = {"key_fingerprint": ledger.fingerprint, "releases": releases}
    written_atomically(ledger.path, json.dumps(document, sort_keys=True, separators=(",", ":")).encode("utf-8"))
    return Ledger(ledger.path, ledger.fingerprint, releases)
