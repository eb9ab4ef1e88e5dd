"""Pseudonyms (keyed, stable, unlinkable) and differential privacy (noise within its stated interval, ε ledger)."""

from __future__ import annotations

import hashlib
import re

import pytest

from dev.synth_clients import consenting_roster
from dev.synth_cohort import CohortSpec, cohort_frames, loaded_cohort
from independence.analysis.transforms import built_warehouse
from independence.errors import ConfigError
from independence.pipelines.cohort import coach_release
from independence.publish.cohort.digest import release_options
from independence.publish.cohort.ledger import read_ledger
from independence.publish.cohort.pseudonyms import KEY_ENV, KEY_FILE_ENV, pseudonym, pseudonym_key
from independence.publish.cohort.release import UNIT_BOUNDS
from independence.signs import SIGNS
from independence.warehouse import Warehouse
from tests.publish.cohort.conftest import KEY, TODAY
from tests.publish.cohort.test_release_privacy import aggregates


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
    """Return a built warehouse of 200 synthetic clients (engaged loggers, weekly check-ins) and their roster."""
    folder = tmp_path_factory.mktemp("large")
    db = folder / "warehouse.duckdb"
    spec = CohortSpec(personas=200, seed=5, weeks=12, prefix="big")
    with Warehouse(db).writing() as con:
        loaded_cohort(con, cohort_frames(spec))
        built_warehouse(con)
    return db, consenting_roster(folder / "roster.csv", spec.user_ids(), "Robin", "all")


def released(db, roster, folder, name, epsilon, ledger=None, budget=10.0):
    return coach_release(
        roster,
        release_options("Robin", "all", 5, epsilon, 12, False, TODAY),
        KEY,
        db_path=db,
        out=folder / f"{name}.html",
        ledger_path=ledger or folder / f"{name}-ledger.json",
        budget=budget,
    )


def test_noisy_means_fall_inside_their_stated_interval_around_the_true_means(large_cohort, tmp_path):
    db, roster = large_cohort
    exact = released(db, roster, tmp_path, "exact", None).content
    noisy = released(db, roster, tmp_path, "noisy", 100.0, budget=100.0).content
    truth = {(c["week"], c["sign"], c["series"]): c["mean"] for c in exact["weekly_signs"] if not c["suppressed"]}
    checked = inside = moved = 0
    for cell in noisy["weekly_signs"]:
        key = (cell["week"], cell["sign"], cell["series"])
        if not cell["suppressed"] and key in truth:
            checked += 1
            low, high = cell["ci95"]
            inside += low - 1e-3 <= truth[key] <= high + 1e-3
            moved += cell["mean"] != truth[key]
    assert checked > 100 and moved > checked / 2, "noise was added"
    assert inside / checked >= 0.9, (inside, checked)  # stated at 95%; 90% leaves room for chance alone
    assert noisy["release"]["differential_privacy"] == {"epsilon": 100.0, "coach_cumulative_epsilon": 100.0}


def test_noisy_numbers_are_post_processed_into_their_possible_ranges(large_cohort, tmp_path):
    db, roster = large_cohort
    noisy = released(db, roster, tmp_path, "ranges", 100.0, budget=100.0).content
    counts = [node["clients"] for _, node in aggregates(noisy) if not node["suppressed"]]
    assert counts and all(0 <= count <= 200 for count in counts)
    for cell in noisy["weekly_signs"]:
        if not cell["suppressed"]:
            low, high = UNIT_BOUNDS[SIGNS[cell["sign"]].rule(cell["series"]).unit]
            assert low <= cell["ci95"][0] <= cell["mean"] <= cell["ci95"][1] <= high


def test_the_coach_budget_adds_up_every_release_of_every_cohort_and_refuses_beyond_it(large_cohort, tmp_path):
    db, roster = large_cohort
    ledger = tmp_path / "ledger.json"
    epsilons = (100.0, 120.0, 100.0)
    warnings = [released(db, roster, tmp_path, f"r{e}", e, ledger, budget=380.0).warnings for e in epsilons]
    assert warnings[0] == [] and warnings[1] == []
    assert "320 of a budget of 380" in warnings[2][0]
    with pytest.raises(ConfigError, match="over the budget of 380"):
        released(db, roster, tmp_path, "r-over", 100.0, ledger, budget=380.0)
    assert not (tmp_path / "r-over.html").exists()
    assert read_ledger(KEY, ledger).epsilon_spent("Robin") == pytest.approx(320.0)
    assert read_ledger(KEY, ledger).epsilon_spent("someone else") == 0


def test_a_release_whose_noise_would_swamp_its_numbers_is_refused_saying_what_it_needs(practice, tmp_path):
    roster = tmp_path / "roster.csv"
    rows = [["user_id", "coach", "cohort", "consent", "consent_date"]]
    rows += [[client.user_id, "Robin", "all", "yes", "2026-01-05"] for client in practice.clients[:12]]
    roster.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        coach_release(
            roster,
            release_options("Robin", None, 5, 1.0, 26, False, TODAY),
            KEY,
            db_path=practice.db,
            out=tmp_path / "dp.html",
            ledger_path=tmp_path / "dp-ledger.json",
        )
    message = str(refused.value)
    assert "would publish noise, not numbers" in message and "12 clients" in message
    assert re.search(r"would need about [\d,]+ clients per week", message), message
    assert not (tmp_path / "dp.html").exists() and not (tmp_path / "dp-ledger.json").exists()


def test_without_dp_the_release_spends_no_epsilon_and_says_so(large_cohort, tmp_path):
    db, roster = large_cohort
    content = released(db, roster, tmp_path, "plain", None).content
    assert content["release"]["differential_privacy"] is None
    assert "Differential privacy is off" in (tmp_path / "plain.html").read_text(encoding="utf-8")
    assert read_ledger(KEY, tmp_path / "plain-ledger.json").epsilon_spent("Robin") == 0
