"""Pseudonyms (keyed, stable, unlinkable) and differential privacy (noise within its stated interval, ε ledger)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from dev.synth_clients import consenting_roster
from dev.synth_cohort import CohortSpec, cohort_frames, loaded_cohort
from independence.analysis.transforms import built_warehouse
from independence.errors import ConfigError
from independence.pipelines.cohort import coach_release
from independence.publish.cohort.ledger import read_ledger
from independence.publish.cohort.pseudonyms import KEY_ENV, KEY_FILE_ENV, pseudonym, pseudonym_key
from independence.publish.cohort.release import UNIT_BOUNDS
from independence.publish.cohort.written import release_options
from independence.signs import SIGNS
from independence.warehouse import Warehouse
from tests.publish.cohort.conftest import KEY, TODAY, copied_warehouse
from tests.publish.cohort.releases import aggregates


def test_pseudonyms_are_stable_per_key_different_across_keys_and_not_a_plain_hash():
    other = b"another-key-entirely-different-42"
    assert pseudonym(KEY, "ana") == pseudonym(KEY, "ana") != pseudonym(KEY, "bo")
    assert pseudonym(KEY, "ana") != pseudonym(other, "ana")
    digest = pseudonym(KEY, "ana").removeprefix("anon-")
    for plain in (hashlib.sha256, hashlib.sha1, hashlib.md5, hashlib.blake2b):
        assert not plain(b"ana").hexdigest().startswith(digest)


def test_the_key_must_be_given_and_long_enough(monkeypatch, tmp_path):
    monkeypatch.delenv(KEY_ENV, raising=False)
    monkeypatch.delenv(KEY_FILE_ENV, raising=False)
    with pytest.raises(ConfigError, match="needs a secret pseudonym key"):
        pseudonym_key()
    monkeypatch.setenv(KEY_ENV, "short")
    with pytest.raises(ConfigError, match="too short"):
        pseudonym_key()
    key_file = tmp_path / "key.txt"
    key_file.write_text("from-a-file-0123456789abcdef\n", encoding="utf-8")
    assert pseudonym_key(key_file) == b"from-a-file-0123456789abcdef"
    monkeypatch.setenv(KEY_FILE_ENV, str(key_file))
    assert pseudonym_key() == b"from-a-file-0123456789abcdef"


@pytest.fixture(scope="module")
def large_cohort(tmp_path_factory):
    """Return a built warehouse of 2,000 synthetic clients (engaged loggers, weekly check-ins) and their roster.

    Differential privacy at an ε that means something needs a cohort this large: with 200 clients even
    the largest ε allowed would publish noise, not numbers (see the refusal below).
    """
    folder = tmp_path_factory.mktemp("large")
    db = folder / "warehouse.duckdb"
    spec = CohortSpec(personas=2000, seed=5, weeks=6, prefix="big")
    with Warehouse(db).writing() as con:
        loaded_cohort(con, cohort_frames(spec))
        built_warehouse(con)
    return db, consenting_roster(folder / "roster.csv", spec.user_ids(), "Robin", "all")


def released(db, roster, folder, name, epsilon, budget=10.0, coach="Robin"):
    return coach_release(
        roster,
        release_options(coach, "all", 5, epsilon, 4, False, TODAY),
        KEY,
        db_path=db,
        out=folder / f"{name}.html",
        budget=budget,
    )


def epsilon_spent(db) -> float:
    """Return the most ε any client has spent in the warehouse's ledger."""
    with Warehouse(db).reading() as con:
        ledger = read_ledger(con, KEY)
    clients = frozenset(client for release in ledger.releases for client in release["clients"])
    return ledger.epsilon_spent(clients)


def test_noisy_means_fall_inside_their_stated_interval_around_the_true_means(large_cohort, tmp_path):
    db, roster = large_cohort
    exact = released(copied_warehouse(db, tmp_path, "exact"), roster, tmp_path, "exact", None).content
    noisy = released(copied_warehouse(db, tmp_path, "noisy"), roster, tmp_path, "noisy", 10.0, budget=20.0).content
    truth = {(c["week"], c["sign"], c["series"]): c["mean"] for c in exact["weekly_signs"] if not c["suppressed"]}
    checked = inside = moved = 0
    for cell in noisy["weekly_signs"]:
        key = (cell["week"], cell["sign"], cell["series"])
        if not cell["suppressed"] and key in truth:
            checked += 1
            low, high = cell["ci95"]
            inside += low - 1e-3 <= truth[key] <= high + 1e-3
            moved += cell["mean"] != truth[key]
    assert checked > 30 and moved > checked / 2, "noise was added"
    assert inside / checked >= 0.9, (inside, checked)  # stated at 95%; 90% leaves room for chance alone
    assert noisy["release"]["differential_privacy"] == {"epsilon": 10.0, "clients_cumulative_epsilon": 10.0}


def test_noisy_numbers_are_post_processed_into_their_possible_ranges(large_cohort, tmp_path):
    db, roster = large_cohort
    noisy = released(copied_warehouse(db, tmp_path), roster, tmp_path, "ranges", 10.0, budget=20.0).content
    counts = [node["clients"] for _, node in aggregates(noisy) if not node["suppressed"]]
    assert counts and all(0 <= count <= 2000 for count in counts)
    for cell in noisy["weekly_signs"]:
        if not cell["suppressed"]:
            low, high = UNIT_BOUNDS[SIGNS[cell["sign"]].rule(cell["series"]).unit]
            assert low <= cell["ci95"][0] <= cell["mean"] <= cell["ci95"][1] <= high


def test_each_clients_budget_adds_up_every_release_that_counted_them_whoever_it_was_for(large_cohort, tmp_path):
    db, robins = large_cohort
    db = copied_warehouse(db, tmp_path)

    def roster_of(coach: str) -> Path:  # the same clients, later with another coach (or Robin spelled with a dot)
        path = tmp_path / f"roster-{coach}.csv"
        path.write_text(robins.read_text(encoding="utf-8").replace(",Robin,", f",{coach},"), encoding="utf-8")
        return path

    warnings = [
        released(db, roster_of(coach), tmp_path, f"r{number}", 6.0, 20.0, coach).warnings
        for number, coach in enumerate(("Robin", "Sam", "Robin."))
    ]
    assert warnings[0] == [] and warnings[1] == []
    assert "cumulative ε to 18 of a budget of 20" in warnings[2][0]
    with pytest.raises(ConfigError, match="over the budget of 20"):
        released(db, roster_of("Someone else"), tmp_path, "r-over", 6.0, 20.0, "Someone else")
    assert not (tmp_path / "r-over.html").exists()
    assert epsilon_spent(db) == pytest.approx(18.0)


@pytest.mark.parametrize(
    ("epsilon", "budget", "problem"),
    [(10000.0, 10.0, "more than one release may spend"), (1.0, 1000000.0, "more than any client's privacy loss")],
)
def test_an_epsilon_that_would_protect_no_one_is_refused_never_published_as_privacy(
    practice, tmp_path, epsilon, budget, problem
):
    with pytest.raises(ConfigError, match=problem):
        coach_release(
            practice.roster,
            release_options("Robin", None, 5, epsilon, 26, False, TODAY),
            KEY,
            db_path=copied_warehouse(practice.db, tmp_path),
            out=tmp_path / "dp.html",
            budget=budget,
        )
    assert not (tmp_path / "dp.html").exists()


def test_a_release_whose_noise_would_swamp_its_numbers_is_refused_saying_what_it_needs(practice, tmp_path):
    roster = tmp_path / "roster.csv"
    rows = [["user_id", "coach", "cohort", "consent", "consent_date"]]
    rows += [[client.user_id, "Robin", "all", "yes", "2026-01-05"] for client in practice.clients[:12]]
    roster.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
    db = copied_warehouse(practice.db, tmp_path)
    with pytest.raises(ConfigError) as refused:
        coach_release(
            roster,
            release_options("Robin", None, 5, 1.0, 26, False, TODAY),
            KEY,
            db_path=db,
            out=tmp_path / "dp.html",
        )
    message = str(refused.value)
    assert "would publish noise, not numbers" in message and "12 clients" in message
    assert re.search(r"would need about [\d,]+ clients per week", message), message
    assert not (tmp_path / "dp.html").exists() and epsilon_spent(db) == 0


def test_without_dp_the_release_spends_no_epsilon_and_says_so(practice, tmp_path):
    db = copied_warehouse(practice.db, tmp_path)
    content = released(db, practice.roster, tmp_path, "plain", None).content
    assert content["release"]["differential_privacy"] is None
    assert "Differential privacy is off" in (tmp_path / "plain.html").read_text(encoding="utf-8")
    assert epsilon_spent(db) == 0
