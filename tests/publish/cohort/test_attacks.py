"""Attacks a coach holding every release can run, each first shown to work without the audit, then blocked.

1. Overlapping cohorts: everyone − spring − autumn is the one client alone in winter.
2. Trajectories beside means: 5 × mean − the 4 published trajectories is the fifth client, who said no —
   in one release, means first and trajectories later, trajectories first and means later, from two
   working folders, and with the coach spelled two ways in the roster.
3. A new key: a ledger of keyed hashes matches nothing under another key.
4. Withdrawal: the cells hidden after a client leaves must not be exactly the weeks they logged.
The ledger lives in the warehouse, so every release from it is audited against every earlier one.
docs/method.md ("Privacy of the coach's view") records the measured outcome of each.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import numpy as np
import pytest

from independence.errors import ConfigError
from independence.pipelines.cohort import coach_release, cohort_client_data, cohort_demo
from independence.publish.cohort.ledger import contributors, key_fingerprint
from independence.publish.cohort.written import release_options
from independence.warehouse import Warehouse
from tests.helpers import run
from tests.publish.cohort.conftest import KEY, TODAY, copied_warehouse, released

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
        data = cohort_client_data(con, users, 26)
    return {
        (f"{week:%G-W%V}", sign, series): by_user[user]
        for (week, sign, series), by_user in data.values.items()
        if user in by_user
    }


def ledger_entries(db: Path) -> list[dict]:
    """Return the live release entries of a warehouse's ledger, oldest first."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("select entry from release_ledger where retired_at is null order by release_id").fetchall()
    return [json.loads(entry) for (entry,) in rows]


def singled_out(db: Path) -> list[tuple[str, str]]:
    """Return (cell, client) for every client not shown outright whose own value some combination of the
    ledger's published sums gives exactly — a plain rank test per client, independent of the audit's search."""
    sets: dict[str, list[frozenset]] = {}
    known: dict[str, set] = {}
    for release in ledger_entries(db):
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
    # the attack on releases each checked alone (three warehouses, three ledgers): it works
    alone = [
        released(copied_warehouse(practice.db, folder, f"alone-{c}"), roster, folder, f"alone-{c}", cohort=c)
        for c in (None, "spring", "autumn")
    ]
    assert len(differenced([d.content for d in alone], truth)) > 50
    # from one warehouse, whose ledger holds every release, whatever the order of the releases, it does not
    shared_db = copied_warehouse(practice.db, folder, "shared")
    shared = [released(shared_db, roster, folder, f"shared-{c}", cohort=c) for c in (None, "spring", "autumn")]
    assert differenced([d.content for d in shared], truth) == []
    assert weekly(shared[0].content) and weekly(shared[1].content), "the first two releases still show their weeks"
    assert shared[2].content["release"]["withheld"]["through_week"], "the third says what it withheld and why"
    assert singled_out(shared_db) == []


@pytest.fixture
def five(practice, tmp_path):
    """Return a cohort of five of Robin's clients: four agreed to be followed, the fifth said no; its roster, the
    fifth's id and their own weekly values."""
    clients = robins_clients(practice)[:5]
    rows = [(c.user_id, "five", "yes" if number < 4 else "no") for number, c in enumerate(clients)]
    roster = written_roster(tmp_path / "roster.csv", rows)
    users = [c.user_id for c in clients]
    return roster, users[4], true_values(practice.db, users, users[4])


def recovered_by_trajectories(means: dict[tuple, tuple[int, float]], shown: dict, truth: dict) -> list[tuple]:
    """Return the cells where a published mean of n clients less the n − 1 shown trajectories is the fifth client."""
    followed = [
        {(p["week"], p["sign"], p["series"]): p["value"] for p in item["weeks"]} for item in shown["trajectories"]
    ]
    found = []
    for key, (clients, mean) in means.items():
        others = [values[key] for values in followed if key in values]
        if key in truth and clients == len(others) + 1 and abs(clients * mean - sum(others) - truth[key]) < TOLERANCE:
            found.append(key)
    return found


def test_trajectories_beside_a_mean_never_give_away_the_client_who_said_no(practice, practice_db, tmp_path, five):
    roster, _, truth = five
    plain = released(copied_warehouse(practice.db, tmp_path, "plain"), roster, tmp_path, "plain", cohort="five", k=K)
    assert len(weekly(plain.content)) > 50, "without trajectories the cohort's weeks are shown"
    shown = released(practice_db, roster, tmp_path, "shown", cohort="five", k=K, trajectories=True)
    assert len(shown.content["trajectories"]) == 4
    assert recovered_by_trajectories(weekly(shown.content), shown.content, truth) == []
    assert all(c["suppressed"] for c in shown.content["weekly_signs"] if (c["week"], c["sign"], c["series"]) in truth)
    assert singled_out(practice_db) == []
    # the attack on two warehouses (means from one, trajectories from another): it works, so the audit is what holds
    assert len(recovered_by_trajectories(weekly(plain.content), shown.content, truth)) > 50


def test_means_first_then_trajectories_withholds_the_values_that_would_complete_a_difference(
    practice_db, tmp_path, five
):
    roster, _, truth = five
    means = released(practice_db, roster, tmp_path, "means", cohort="five", k=K)
    assert len(weekly(means.content)) > 50
    later = released(practice_db, roster, tmp_path, "later", cohort="five", k=K, trajectories=True)
    assert recovered_by_trajectories(weekly(means.content), later.content, truth) == []
    withheld = later.content["release"]["trajectory_values_withheld"]
    assert withheld["values"] > 50 and "withheld" in withheld["why"]
    assert any(item["weeks"] for item in later.content["trajectories"]), "values that single nobody out still show"
    assert "of their values are withheld" in later.html_path.read_text(encoding="utf-8")
    assert singled_out(practice_db) == []


def test_trajectories_first_then_means_hides_the_means_that_would_complete_a_difference(practice_db, tmp_path, five):
    roster, _, truth = five
    first = released(practice_db, roster, tmp_path, "first", cohort="five", k=K, trajectories=True)
    then = released(practice_db, roster, tmp_path, "then", cohort="five", k=K)
    assert recovered_by_trajectories(weekly(then.content), first.content, truth) == []
    assert singled_out(practice_db) == []


def test_two_working_folders_and_a_coach_spelled_two_ways_share_one_ledger(practice, practice_db, tmp_path, five):
    roster, _, truth = five
    means = run(
        "cohort", "--roster", str(roster), "--coach", "Robin", "--cohort", "five", "--db", str(practice_db),
        "--out", str(tmp_path / "a" / "means.html"), "--weeks", "26",
        env={"INDEPENDENCE_PSEUDONYM_KEY": KEY.decode()}, cwd=(tmp_path / "a").mkdir() or tmp_path / "a",
    )  # fmt: skip
    assert means.returncode == 0, means.stderr
    respelled = tmp_path / "respelled.csv"
    respelled.write_text(roster.read_text(encoding="utf-8").replace(",Robin,", ",Robin.,"), encoding="utf-8")
    (tmp_path / "b").mkdir()
    followed = run(
        "cohort", "--roster", str(respelled), "--coach", "Robin.", "--cohort", "five", "--db", str(practice_db),
        "--out", str(tmp_path / "b" / "followed.html"), "--weeks", "26", "--trajectories",
        env={"INDEPENDENCE_PSEUDONYM_KEY": KEY.decode()}, cwd=tmp_path / "b",
    )  # fmt: skip
    assert followed.returncode == 0, followed.stderr
    first = json.loads((tmp_path / "a" / "means.json").read_text(encoding="utf-8"))
    second = json.loads((tmp_path / "b" / "followed.json").read_text(encoding="utf-8"))
    assert second["trajectories"] and weekly(first)
    assert recovered_by_trajectories(weekly(first), second, truth) == []
    assert singled_out(practice_db) == []
    assert not list(tmp_path.rglob("ledger*.json")), "no ledger file beside either folder"


def test_the_ledger_option_is_gone_and_a_ledger_file_that_is_not_the_warehouses_is_refused(
    practice, practice_db, tmp_path
):
    gone = run(
        "cohort", "--roster", str(practice.roster), "--coach", "Robin", "--db", str(practice_db), "--ledger", "x"
    )
    assert gone.returncode == 2 and "No such option" in gone.stderr
    released(practice_db, practice.roster, tmp_path, "first")
    stray = tmp_path / "ledger.json"
    stray.write_text(json.dumps({"key_fingerprint": key_fingerprint(KEY), "releases": []}), encoding="utf-8")
    options = release_options("Robin", None, K, None, 26, False, TODAY)
    with pytest.raises(ConfigError, match="is not this warehouse's"):
        coach_release(practice.roster, options, KEY, db_path=practice_db, out=tmp_path / "x.html", ledger_file=stray)
    assert not (tmp_path / "x.html").exists() and len(ledger_entries(practice_db)) == 1


def test_a_ledger_file_of_the_earlier_design_is_folded_into_the_warehouse_once(practice, practice_db, tmp_path):
    elsewhere = copied_warehouse(practice.db, tmp_path, "elsewhere")
    old = released(elsewhere, practice.roster, tmp_path, "old")
    legacy = tmp_path / "cohort" / "ledger.json"
    legacy.parent.mkdir()
    entries = ledger_entries(elsewhere)
    legacy.write_text(json.dumps({"key_fingerprint": key_fingerprint(KEY), "releases": entries}), encoding="utf-8")
    options = release_options("Robin", None, K, None, 26, False, TODAY)
    made = coach_release(
        practice.roster, options, KEY, db_path=practice_db, out=tmp_path / "n.html", ledger_file=legacy
    )
    assert any("folded the 1 release(s)" in warning for warning in made.warnings)
    assert not legacy.exists() and list(legacy.parent.glob("ledger-folded-into-warehouse-*.json"))
    assert ledger_entries(practice_db)[0] == entries[0], "the file's release is the warehouse's first"
    assert len(ledger_entries(practice_db)) == 2
    assert weekly(made.content) == weekly(old.content), "the same clients' week again: the same numbers, checked"


def test_a_ledger_refuses_another_key_until_a_new_ledger_is_started_on_purpose(practice, practice_db, tmp_path, caplog):
    released(practice_db, practice.roster, tmp_path, "first")
    options = release_options("Robin", None, K, None, 26, False, TODAY)
    other_key = b"another-key-that-is-long-enough-987654321"
    with pytest.raises(ConfigError, match="was written with key [0-9a-f]{16}, and this key is [0-9a-f]{16}"):
        coach_release(practice.roster, options, other_key, db_path=practice_db, out=tmp_path / "x.html")
    assert not (tmp_path / "x.html").exists()
    started = coach_release(
        practice.roster, options, other_key, db_path=practice_db, out=tmp_path / "y.html", new_ledger=True
    )
    assert any("not checked against those 1" in warning for warning in started.warnings)
    assert "started a new release ledger" in caplog.text
    with duckdb.connect(str(practice_db), read_only=True) as con:
        rows = con.execute("select retired_at is not null, entry from release_ledger order by release_id").fetchall()
    assert [retired for retired, _ in rows] == [True, False], "the old release is kept, retired"
    text = " ".join(entry for _, entry in rows)
    assert KEY.decode() not in text and other_key.decode() not in text


def test_the_cohort_demo_keeps_its_key_and_ledger_between_runs(tmp_path):
    first = cohort_demo(tmp_path / "demo")
    second = cohort_demo(tmp_path / "demo")
    assert len(ledger_entries(tmp_path / "demo" / "warehouse.duckdb")) == 2
    assert (tmp_path / "demo" / "pseudonym.key").stat().st_mode & 0o077 == 0
    assert weekly(second.content) == weekly(first.content), "the same week released again shows the same numbers"


def test_after_a_withdrawal_the_hidden_cells_do_not_point_at_the_cells_the_client_had(practice, practice_db, tmp_path):
    clients = robins_clients(practice)
    users = [c.user_id for c in clients]
    before = released(practice_db, practice.roster, tmp_path, "before")
    with Warehouse(practice.db).reading() as con:
        data = cohort_client_data(con, users, 26)
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
    after = released(practice_db, withdrawn, tmp_path, "after")

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
    assert singled_out(practice_db) == []
