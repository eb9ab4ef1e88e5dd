"""The release ledger, kept in the warehouse (`release_ledger`): every release's ε and who each published number
was built from, so every release of a warehouse is audited against every earlier one of it.

Contributors are stored as keyed hashes (HMAC with the pseudonym key), never as ids: each release
lists its clients' hashes once, and each cell a bit mask over that list (1,000 clients and 400 cells
take about 100 KB a release). Clients whose own weekly values a release showed (trajectories) are
stored per cell as `known`. The audit reads every release, whoever it was written for: releases get
shared, and a coach renamed or misspelled in a roster is the same practice. Each row holds a
fingerprint of the key, and the ledger fails closed: a key with another fingerprint is refused, because
its hashes would match nothing recorded. Starting a new ledger is an explicit step (`started_ledger`).
A ledger file of the earlier design (data/cohort/ledger.json) is folded into the warehouse once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from independence.errors import ConfigError
from independence.warehouse.releases import inserted_releases, recorded_releases, retired_releases

log = logging.getLogger("independence.cohort")


def client_hash(key: bytes, user: str) -> str:
    """Return a client's keyed hash as the ledger stores it (never the id)."""
    return hmac.new(key, b"ledger:" + user.encode(), hashlib.sha256).hexdigest()[:20]


def key_fingerprint(key: bytes) -> str:
    """Return a short keyed fingerprint of the pseudonym key: it tells keys apart and reveals nothing of one."""
    return hmac.new(key, b"ledger-fingerprint", hashlib.sha256).hexdigest()[:16]


@dataclass
class Ledger:
    """Earlier releases (coach, cohort, ISO week, ε, each cell's hashed contributors) and the key's fingerprint."""

    fingerprint: str
    releases: list[dict] = field(default_factory=list)

    def published(self, cell: str) -> list[frozenset[str]]:
        """Return the contributor sets with which any earlier release published this cell."""
        return [
            contributors(release["clients"], release["cells"][cell])
            for release in self.releases
            if cell in release["cells"]
        ]

    def known(self, cell: str) -> frozenset[str]:
        """Return the clients whose own value of this cell an earlier release showed (trajectories)."""
        found: set[str] = set()
        for release in self.releases:
            if cell in release.get("known", {}):
                found |= contributors(release["clients"], release["known"][cell])
        return frozenset(found)

    def latest_in_scope(self, coach: str, cohort: str | None, cell: str) -> frozenset[str] | None:
        """Return the contributors of this cell in the coach's latest release of the same cohort, or None."""
        for release in reversed(self.releases):
            if release["coach"] == coach and release["cohort"] == cohort and cell in release["cells"]:
                return contributors(release["clients"], release["cells"][cell])
        return None

    def epsilon_spent(self, clients: frozenset[str]) -> float:
        """Return the most ε any of these (hashed) clients has spent across every earlier release that counted them.

        A client's privacy loss adds up over all releases that include them (sequential composition),
        whichever coach or cohort they were for.
        """
        spent: dict[str, float] = dict.fromkeys(clients, 0.0)
        for release in self.releases:
            for client in set(release["clients"]) & spent.keys():
                spent[client] += release["epsilon"]
        return max(spent.values(), default=0.0)


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


def _refused_key(recorded_with: str | None, fingerprint: str, releases: int, where: str) -> ConfigError:
    """Return the error for a ledger written with another key."""
    was = f"key {recorded_with}" if recorded_with else "a key it did not record"
    return ConfigError(
        f"the release ledger {where} was written with {was}, and this key is {fingerprint}: its hashes would "
        f"match none of the {releases} recorded releases, so nothing could be checked against them. "
        "Use the key it was written with; only if that key is lost, start a new ledger (--new-ledger)."
    )


def read_ledger(con: duckdb.DuckDBPyConnection, key: bytes) -> Ledger:
    """Return the warehouse's ledger for this key (empty before the first release).

    Refuses a ledger written with another key: releases made with it would be checked against nothing.
    """
    fingerprint = key_fingerprint(key)
    releases = recorded_releases(con)
    other = next((recorded for recorded, _ in releases if recorded != fingerprint), None)
    if other is not None:
        raise _refused_key(other, fingerprint, len(releases), "of this warehouse")
    return Ledger(fingerprint, [entry for _, entry in releases])


def folded_ledger_file(con: duckdb.DuckDBPyConnection, key: bytes, path: Path, today: dt.date) -> str | None:
    """Fold a ledger file of the earlier design into the warehouse once; return what was done, or None.

    The file's releases join the warehouse's ledger and the file is renamed, so it is not read again. A
    file written with another key is refused like the warehouse's own; so is a file met when the warehouse
    already records releases (it is not this warehouse's, or was folded before and restored): never ignored.
    """
    if not path.is_file():
        return None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        releases = document["releases"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ConfigError(f"the release ledger file {path} cannot be read ({error}); it is needed to release safely")
    fingerprint = key_fingerprint(key)
    if releases and document.get("key_fingerprint") != fingerprint:
        raise _refused_key(document.get("key_fingerprint"), fingerprint, len(releases), str(path))
    if recorded_releases(con):
        raise ConfigError(
            f"the release ledger file {path} is not this warehouse's: the warehouse records its own releases, "
            "and a file beside it would be two ledgers, each blind to the other. Move the file out of the way if "
            "it belongs to another warehouse; nothing was released"
        )
    inserted_releases(con, fingerprint, releases)
    folded = path.with_name(f"{path.stem}-folded-into-warehouse-{today.isoformat()}{path.suffix}")
    path.rename(folded)
    message = f"folded the {len(releases)} release(s) of {path} into the warehouse's ledger; the file is now {folded}"
    log.warning(message)
    return message


def started_ledger(con: duckdb.DuckDBPyConnection, key: bytes) -> tuple[Ledger, str]:
    """Retire the warehouse's ledger (its rows kept, marked) and return an empty one for this key, with what it costs.

    The cost is stated because it is real: releases from now on are not checked against the retired
    ones, so someone holding both could take differences between them.
    """
    fingerprint = key_fingerprint(key)
    retired = retired_releases(con)
    message = (
        f"started a new release ledger for key {fingerprint}; the old one ({retired} releases) is kept, retired. "
        f"Releases from now on are not checked against those {retired}: anyone holding both could take "
        "differences between them and single out clients who joined or left in between"
    )
    log.warning(message)
    return Ledger(fingerprint), message


def recorded(con: duckdb.DuckDBPyConnection, ledger: Ledger, release: dict) -> Ledger:
    """Record one release's entry in the warehouse's ledger and return the updated ledger."""
    entry = compact(release)
    inserted_releases(con, ledger.fingerprint, [entry])
    return Ledger(ledger.fingerprint, [*ledger.releases, entry])
