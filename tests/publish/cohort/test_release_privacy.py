"""Attacks on the coach's release: leaks, small cells, non-consenting clients, differencing two releases."""

from __future__ import annotations

import csv
import json
import re

import duckdb
import pytest

from dev.synth_clients import write_practice
from independence.errors import ConfigError
from tests.helpers import run
from tests.publish.cohort.conftest import KEY, copied_warehouse, imported_practice, released, roster_with
from tests.publish.cohort.releases import aggregates

IDENTIFYING = ("week", "sign", "series", "unit", "suppressed", "counts")


def client_strings(practice) -> set[str]:
    """Return every id, marker tag, note, mood label and exact day of the practice's clients."""
    strings = {client.user_id for client in practice.clients}
    for paths in practice.files.values():
        for path in paths:
            text = path.read_text(encoding="utf-8")
            strings |= set(re.findall(r"tag[0-9a-f]+z", text)) | set(re.findall(r"mood[0-9a-f]+z", text))
            strings |= set(re.findall(r"private note [0-9a-f]+z", text))
            strings |= set(re.findall(r"\d{4}-\d{2}-\d{2}", text))
            for row in csv.DictReader(path.open(encoding="utf-8")):
                if row.get("Date"):  # How We Feel: '2026 Mon May 4 9:40 PM'
                    strings.add(" ".join(row["Date"].split()[1:4]))
    return strings


@pytest.fixture(scope="module")
def first(practice, tmp_path_factory):
    folder = tmp_path_factory.mktemp("first")
    return released(copied_warehouse(practice.db, folder), practice.roster, folder, "robin", trajectories=True)


def test_no_id_note_tag_mood_label_or_date_of_any_client_appears_in_the_output(practice, first):
    outputs = first.html_path.read_text(encoding="utf-8") + first.json_path.read_text(encoding="utf-8")
    strings = client_strings(practice)
    assert len(strings) > 300 and any(s.startswith("private note") for s in strings)
    leaked = sorted(s for s in strings if s in outputs)
    assert leaked == []
    assert first.content["trajectories"], "consented trajectories appear under pseudonyms"


def test_every_aggregate_has_at_least_k_clients_or_is_null_throughout(first):
    found = list(aggregates(first.content))
    assert len(found) > 400
    shown = [node for _, node in found if not node["suppressed"]]
    assert shown and all(node["clients"] >= 5 or node["clients"] == 0 for node in shown)  # a zero names nobody
    for path, node in found:
        if node["suppressed"]:
            values = {key: value for key, value in node.items() if key not in IDENTIFYING}
            assert set(values.values()) == {None}, path
    hidden = [node for _, node in found if node["suppressed"]]
    assert hidden, "the practice has small groups (a few clients send check-ins in some weeks)"


def test_a_suppressed_count_cannot_be_worked_out_from_its_total(first):
    bins = first.content["engagement"]["entries_per_client_week"]["counts"].values()
    assert sum(count["suppressed"] for count in bins) != 1, "one hidden bin's client-weeks = total - the others"
    for path, node in aggregates(first.content):
        if node.get("counts") and not node["suppressed"] and "entries_per_client_week" not in path:
            counts = node["counts"].values()
            hidden = [count for count in counts if count["suppressed"]]
            assert len(hidden) != 1, node
            if hidden:
                shown_total = sum(count["clients"] for count in counts if not count["suppressed"])
                assert node["clients"] - shown_total >= 5 or node["clients"] - shown_total == 0


def test_a_larger_k_hides_more_and_k_below_3_is_refused(practice, practice_db, first, tmp_path):
    strict = released(practice_db, practice.roster, tmp_path, "strict", k=12)
    count = lambda content: sum(node["suppressed"] for _, node in aggregates(content))  # noqa: E731
    assert count(strict.content) > count(first.content)
    shown = [node["clients"] for _, node in aggregates(strict.content) if not node["suppressed"]]
    assert all(clients >= 12 or clients == 0 for clients in shown)
    with pytest.raises(ConfigError, match="at least 3"):
        released(practice_db, practice.roster, tmp_path, "loose", k=2)


def test_clients_without_consent_contribute_nothing_even_with_extreme_data(practice, practice_db, tmp_path):
    excluded = [c for c in practice.clients if c.consent != "yes" or c.coach != "Robin"]
    assert {c.consent for c in excluded} >= {"no", "withdrawn"}
    # the same practice, but the excluded clients' exports replaced by extreme ones: awful every entry
    folder = tmp_path / "extreme"
    files = write_practice(folder / "exports", practice.clients, marked=True)
    for client in excluded:
        for path in files[client.user_id]:
            text = path.read_text(encoding="utf-8")
            path.write_text(re.sub(r'"(rad|good|rested|vaguely ok|sad ?)"', '"awful"', text), encoding="utf-8")
    extreme_db = imported_practice(folder, practice.clients, files)
    normal = released(practice_db, practice.roster, tmp_path, "normal")
    extreme = released(extreme_db, practice.roster, tmp_path, "extreme")
    assert extreme.content == normal.content


def test_withdrawing_or_adding_one_client_between_releases_reveals_nothing(practice, practice_db, tmp_path):
    before = released(practice_db, practice.roster, tmp_path, "before")
    leaving = next(c for c in practice.clients if c.consent == "yes" and c.coach == "Robin")
    withdrawn = roster_with(
        practice, tmp_path, [[leaving.user_id, "Robin", leaving.cohort, "withdrawn", "2026-11-20", "no"]]
    )
    after = released(practice_db, withdrawn, tmp_path, "after")
    assert after.content["release"]["clients"]["suppressed"], "the total alone would tell that someone left"

    def published(content) -> dict[str, dict]:
        return {path: node for path, node in aggregates(content) if not node["suppressed"]}

    first, second = published(before.content), published(after.content)
    for path in first.keys() & second.keys():
        assert (
            first[path]["clients"] == second[path]["clients"]
            or abs(first[path]["clients"] - second[path]["clients"]) >= 5
        ), path
    # released from another warehouse (a ledger of its own) the same two would differ by one client in many cells
    naive = released(copied_warehouse(practice.db, tmp_path, "naive"), withdrawn, tmp_path, "naive")
    third = published(naive.content)
    assert sum(first[p]["clients"] - third[p]["clients"] == 1 for p in first.keys() & third.keys()) > 50
    # and the client coming back is no safer: the ledger compares with every earlier release
    returned = released(practice_db, practice.roster, tmp_path, "returned")
    for path, node in published(returned.content).items():
        if path in second:
            assert (
                abs(node["clients"] - second[path]["clients"]) in (0,)
                or abs(node["clients"] - second[path]["clients"]) >= 5
            )


def test_the_ledger_holds_keyed_hashes_never_ids_or_the_key(practice, practice_db, tmp_path):
    released(practice_db, practice.roster, tmp_path, "one")
    with duckdb.connect(str(practice_db), read_only=True) as con:
        text = " ".join(entry for (entry,) in con.execute("select entry from release_ledger").fetchall())
    assert json.loads(text)["cells"] and json.loads(text)["coach"] == "Robin"
    assert not [c.user_id for c in practice.clients if c.user_id in text]
    assert KEY.decode() not in text


def test_a_cohort_smaller_than_k_shows_nothing_at_all(practice, practice_db, tmp_path):
    small = released(practice_db, practice.roster, tmp_path, "small", cohort="spring", k=20)
    assert small.content["release"]["clients"] == {"clients": None, "suppressed": True}
    assert all(node["suppressed"] or node["clients"] == 0 for _, node in aggregates(small.content))
    assert "fewer than 20 consenting clients" in small.html_path.read_text(encoding="utf-8")


def test_a_coach_release_never_reads_the_moments_clients_marked(practice, tmp_path):
    plain = released(copied_warehouse(practice.db, tmp_path / "plain"), practice.roster, tmp_path, "plain")
    db = copied_warehouse(practice.db, tmp_path / "marked")
    markers = {}
    for number, client in enumerate(practice.clients):
        words, day = f"moment marker {number:03d}q", f"2026-0{3 + number % 6}-{10 + number % 18}"
        result = run("moments", "--user", client.user_id, "--db", str(db), "--add", day, words)
        assert result.returncode == 0, result.stderr
        markers[words] = day
    marked = released(db, practice.roster, tmp_path, "marked")
    output = marked.html_path.read_text(encoding="utf-8") + marked.json_path.read_text(encoding="utf-8")
    assert not [words for words in markers if words in output]
    assert list(aggregates(marked.content)) == list(aggregates(plain.content))  # the aggregates do not move either
