"""Attacks a coach holding every release can run, each first shown to work without the audit, then blocked.

1. Overlapping cohorts: everyone − spring − autumn is the one client alone in winter.
2. Trajectories beside means: 5 × mean − the 4 published trajectories is the fifth client, who said no.
3. A new key: a ledger of keyed hashes matches nothing under another key.
4. Withdrawal: the cells hidden after a client leaves must not be exactly the weeks they logged.
docs/method.md ("Privacy of the coach's view") records the measured outcome of each.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from independence.errors import ConfigError
from independence.pipelines.cohort import coach_release, cohort_demo
from independence.publish.cohort.clients import client_data
from independence.publish.cohort.digest import release_options
from independence.publish.cohort.ledger import contributors
from independence.warehouse import Warehouse
from tests.publish.cohort.conftest import KEY, TODAY, digest

K = 5
TOLERANCE = 0.03  # means are published to 3 decimals: n x 0.0005 of rounding at most


def robins_clients(practice) -> list:
    return [c for c in practice.clients if c.coach == "Robin" and c.consent == "yes"]


def written_roster(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    """Write a roster of (user, cohort, trajectory) rows, all consenting to coach Robin."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["user_id", "coach", "cohort", "consent", "consent_date", "trajectory"])
        writer.writerows([user, "Robin", cohort, "yes", "2026-01-05", trajectory] for user, cohort, trajectory in rows)
    return path


def weekly(content: dict) -> dict[tuple, tuple[int, float]]:
    """Return the published weekly means: (week, sign, series) -> (clients, mean)."""
    return {
        (c["week"], c["sign"], c["series"]): (c["clients"], c["mean"])
        for c in content["weekly_signs"]
        if not c["suppressed"]
    }


def true_values(db: Path, users: list[str], user: str) -> dict[tuple, float]:
    """Return one client's own weekly values over the releases' window, keyed like `weekly`."""
    with Warehouse(db).reading() as con:
        data = client_data(con, users, 26)
    return {
        (f"{week:%G-W%V}", sign, series): by_user[user]
        for (week, sign, series), by_user in data.values.items()
        if user in by_user
    }


def singled_out(ledger: Path) -> list[tuple[str, str]]:
    """Return (cell, client) for every client not shown outright whose own value some combination of the
    ledger's published sums gives exactly — a plain rank test per client, independent of the audit's search."""
    releases = json.loads(ledger.read_text(encoding="utf-8"))["releases"]
    sets: dict[str, list[frozenset]] = {}
    known: dict[str, set] = {}
    for release in releases:
        for cell, bits in release["cells"].items():
            sets.setdefault(cell, []).append(contributors(release["clients"], bits))
        for cell, bits in release.get("known", {}).items():
            known.setdefault(cell, set()).update(contributors(release["clients"], bits))
    found = []
    for cell, members in sets.items():
        clients = sorted(set().union(*members) | known.get(cell, set()))
        rows = [[float(client in chosen) for client in clients] for chosen in members]
        rows += [[float(client == shown) for client in clients] for shown in known.get(cell, set())]
        matrix = np.array(rows)
        rank = np.linalg.matrix_rank(matrix)
        for number, client in enumerate(clients):
            if client not in known.get(cell, set()):
                unit = np.eye(len(clients))[number]
                if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
                    found.append((cell, client))
    return found


@pytest.fixture(scope="module")
def seasons(practice, tmp_path_factory) -> tuple[Path, Path, str]:
    """Return a roster where one client is alone in 'winter' and the rest split into spring and autumn."""
    folder = tmp_path_factory.mktemp("seasons")
    clients = robins_clients(practice)
    lone = clients[0].user_id
    rows = [(lone, "winter", "no")] + [
        (c.user_id, "spring" if number % 2 else "autumn", "no") for number, c in enumerate(clients[1:])
    ]
    return folder, written_roster(folder / "roster.csv", rows), lone


def differenced(releases: list[dict], truth: dict[tuple, float]) -> list[tuple]:
    """Return the cells where everyone − spring − autumn equals the lone client's own value."""
    everyone, spring, autumn = (weekly(content) for content in releases)
    found = []
    for key in everyone.keys() & spring.keys() & autumn.keys() & truth.keys():
        combination = (
            everyone[key][0] * everyone[key][1] - spring[key][0] * spring[key][1] - autumn[key][0] * autumn[key][1]
        )
        if everyone[key][0] - spring[key][0] - autumn[key][0] == 1 and abs(combination - truth[key]) < TOLERANCE:
            found.append(key)
    return found


def test_overlapping_cohorts_cannot_be_differenced_into_one_client(practice, seasons):
    folder, roster, lone = seasons
    users = [c.user_id for c in robins_clients(practice)]
    truth = true_values(practice.db, users, lone)
    # the attack, without a shared ledger (each release checked alone): it works
    alone = [digest(practice.db, roster, folder, f"alone-{c}", cohort=c) for c in (None, "spring", "autumn")]
    assert len(differenced([d.content for d in alone], truth)) > 50
    # with the coach's ledger, whatever the order of the releases, it does not
    ledger = folder / "ledger.json"
    shared = [
        digest(practice.db, roster, folder, f"shared-{c}", ledger=ledger, cohort=c) for c in (None, "spring", "autumn")
    ]
    assert differenced([d.content for d in shared], truth) == []
    assert weekly(shared[0].content) and weekly(shared[1].content), "the first two releases still show their weeks"
    assert shared[2].content["release"]["withheld"]["through_week"], "the third says what it withheld and why"
    assert singled_out(ledger) == []


def test_trajectories_beside_a_mean_never_give_away_the_client_who_said_no(practice, tmp_path):
    five = robins_clients(practice)[:5]
    rows = [(c.user_id, "five", "yes" if number < 4 else "no") for number, c in enumerate(five)]
    roster = written_roster(tmp_path / "roster.csv", rows)
    users = [c.user_id for c in five]
    truth = true_values(practice.db, users, users[4])
    plain = digest(practice.db, roster, tmp_path, "plain", cohort="five", k=K)
    assert len(weekly(plain.content)) > 50, "without trajectories the cohort's weeks are shown"
    shown = digest(practice.db, roster, tmp_path, "shown", cohort="five", k=K, trajectories=True)
    followed = {
        item["client"]: {(p["week"], p["sign"], p["series"]): p["value"] for p in item["weeks"]}
        for item in shown.content["trajectories"]
    }
    assert len(followed) == 4
    recovered = []
    for key, (clients, mean) in weekly(shown.content).items():
        others = [values[key] for values in followed.values() if key in values]
        if key in truth and clients == len(others) + 1 and abs(clients * mean - sum(others) - truth[key]) < TOLERANCE:
            recovered.append(key)
    assert recovered == []
    assert all(c["suppressed"] for c in shown.content["weekly_signs"] if (c["week"], c["sign"], c["series"]) in truth)
    assert singled_out(tmp_path / "shown-ledger.json") == []


def test_a_ledger_refuses_another_key_until_a_new_ledger_is_started_on_purpose(practice, tmp_path, caplog):
    ledger = tmp_path / "ledger.json"
    digest(practice.db, practice.roster, tmp_path, "first", ledger=ledger)
    options = release_options("Robin", None, K, None, 26, False, TODAY)
    other_key = b"another-key-that-is-long-enough-987654321"
    with pytest.raises(ConfigError, match="was written with key [0-9a-f]{16}, and this key is [0-9a-f]{16}"):
        coach_release(
            practice.roster, options, other_key, db_path=practice.db, out=tmp_path / "x.html", ledger_path=ledger
        )
    assert not (tmp_path / "x.html").exists()
    started = coach_release(
        practice.roster,
        options,
        other_key,
        db_path=practice.db,
        out=tmp_path / "y.html",
        ledger_path=ledger,
        new_ledger=True,
    )
    assert any("not checked against those 1" in warning for warning in started.warnings)
    assert "started a new release ledger" in caplog.text
    retired = list(tmp_path.glob("ledger-retired-*.json"))
    assert len(retired) == 1 and len(json.loads(retired[0].read_text())["releases"]) == 1
    assert KEY.decode() not in ledger.read_text() and other_key.decode() not in ledger.read_text()


def test_the_cohort_demo_keeps_its_key_and_ledger_between_runs(tmp_path):
    first = cohort_demo(tmp_path / "demo")
    second = cohort_demo(tmp_path / "demo")
    ledger = json.loads((tmp_path / "demo" / "ledger.json").read_text())
    assert len(ledger["releases"]) == 2 and ledger["key_fingerprint"]
    assert (tmp_path / "demo" / "pseudonym.key").stat().st_mode & 0o077 == 0
    assert weekly(second.content) == weekly(first.content), "the same week released again shows the same numbers"


def test_after_a_withdrawal_the_hidden_cells_do_not_point_at_the_cells_the_client_had(practice, tmp_path):
    clients = robins_clients(practice)
    users = [c.user_id for c in clients]
    ledger = tmp_path / "ledger.json"
    before = digest(practice.db, practice.roster, tmp_path, "before", ledger=ledger)
    with Warehouse(practice.db).reading() as con:
        data = client_data(con, users, 26)
    had = {
        user: {
            (f"{week:%G-W%V}", sign, series) for (week, sign, series), by_user in data.values.items() if user in by_user
        }
        for user in users
    }
    leaving = min(users, key=lambda user: len(had[user]))  # the client with the most cells they have no value in
    cohort = next(c.cohort for c in clients if c.user_id == leaving)
    rows = [
        *csv.reader(practice.roster.open(encoding="utf-8")),
        [leaving, "Robin", cohort, "withdrawn", "2026-11-20", "no"],
    ]
    withdrawn = tmp_path / "withdrawn.csv"
    with withdrawn.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    after = digest(practice.db, withdrawn, tmp_path, "after", ledger=ledger)

    first, second = weekly(before.content), weekly(after.content)
    truth = true_values(practice.db, users, leaving)
    exact = [
        key
        for key in first.keys() & second.keys() & truth.keys()
        if abs(first[key][0] * first[key][1] - second[key][0] * second[key][1] - truth[key]) < TOLERANCE
    ]
    assert exact == []
    hidden = first.keys() - second.keys()
    assert hidden - had[leaving], "cells the client had no value in are hidden with theirs"
    through = max(week for week, _, _ in hidden)
    assert hidden == {key for key in first if key[0] <= through}, "every week shown before, as one block"
    assert after.content["release"]["withheld"] == {**after.content["release"]["withheld"], "through_week": through}
    assert after.content["release"]["withheld"]["summaries"] is True
    assert singled_out(ledger) == []
