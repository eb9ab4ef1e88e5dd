"""Tags and note phrases become canonical signals: normalisation, negation and per-user vocabularies."""

from __future__ import annotations

import pytest

from independence.analysis.signals import SIGNALS, signal_terms, stored_user_terms
from independence.analysis.transforms import built_warehouse
from independence.errors import ConfigError
from independence.warehouse import Warehouse
from tests.transforms.rows import add_entry, add_import


def signals_of(con, entry_id: str) -> set[str]:
    rows = con.execute("select signal from int_entry_signals_matched where entry_id = ?", [entry_id]).fetchall()
    return {row[0] for row in rows}


def test_every_default_term_named_in_the_issue_maps_to_its_signal():
    terms = {(t.match, t.term.lower()): t.signal for t in signal_terms()}
    expected = {
        "with_partner": [
            "partner",
            "date night",
            "date",
            "with partner",
            "spouse",
            "husband",
            "wife",
            "boyfriend",
            "girlfriend",
            "dating",
        ],
        "alone": ["alone", "by myself", "me time", "solo"],
        "apart": ["partner away", "time apart", "apart"],
        "conflict": ["argument", "fight", "conflict", "disagreement"],
        "calm_response": ["talked it through", "stayed calm", "resolved"],
        "reactive_response": ["yelled", "shouted", "stormed off"],
        "needs_expressed": ["said no", "set a boundary", "asked for what i need", "expressed needs"],
        "own_activity": ["hobby", "gym", "sport", "reading", "music", "painting", "learning", "hobbies"],
        "social_other": ["friends", "family"],
        "self_care": ["meditation", "journaling", "therapy", "walk", "selfcare"],
        "reassurance_seeking": ["needed reassurance", "jealous"],
        "decision_independent": ["made a decision", "decided alone"],
        "second_guessing": ["second-guessing", "indecisive"],
    }
    for signal, words in expected.items():
        for word in words:
            assert terms[("tag", word)] == signal, word
    assert set(terms.values()) == set(SIGNALS)


def test_tags_match_after_case_space_emoji_and_punctuation_are_normalised(db_path):
    with Warehouse(db_path).writing() as con:
        batch = add_import(con, "ana")
        painting = add_entry(con, "ana", "2026-03-02 10:00", 4, ("🎨 Painting ",), import_id=batch)
        date = add_entry(con, "ana", "2026-03-02 20:00", 5, ("Date-Night", "FRIENDS"), import_id=batch)
        guessing = add_entry(con, "ana", "2026-03-03 09:00", 3, ("second guessing", "datenight"), import_id=batch)
        built_warehouse(con)
        assert signals_of(con, painting) == {"own_activity"}
        assert signals_of(con, date) == {"with_partner", "social_other"}
        assert signals_of(con, guessing) == {"second_guessing"}


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("We had an argument about money.", {"conflict"}),
        ("No argument today!", set()),
        ("There was not a big fight, we talked it through.", {"calm_response"}),
        ("I didn't yell this time", set()),
        ("I yelled and then we resolved it.", {"reactive_response", "calm_response"}),
        ("Spent the evening by myself, I said no to the party.", {"alone", "needs_expressed"}),
        ("<b>Argumentative</b> colleague", set()),
        ("We didn’t argue; never a fight", set()),
    ],
)
def test_note_phrases_match_whole_words_unless_negated_just_before(db_path, note, expected):
    with Warehouse(db_path).writing() as con:
        entry = add_entry(con, "ana", "2026-03-02 10:00", 3, (), note, import_id=add_import(con, "ana"))
        built_warehouse(con)
        assert signals_of(con, entry) == expected


def test_a_user_vocabulary_adds_moves_and_ignores_terms_for_that_user_only(db_path, tmp_path):
    vocabulary = tmp_path / "mine.toml"
    vocabulary.write_text(
        'ignore = ["walk"]\n[own_activity]\ntags = ["Climbing"]\n[social_other]\ntags = ["gym"]\n',
        encoding="utf-8",
    )
    with Warehouse(db_path).writing() as con:
        batch = add_import(con, "ana")
        mine = add_entry(con, "ana", "2026-03-02 10:00", 4, ("climbing", "gym", "walk"), import_id=batch)
        theirs = add_entry(con, "bo", "2026-03-02 10:00", 4, ("climbing", "gym", "walk"), import_id=batch)
        assert stored_user_terms(con, "ana", vocabulary) == 4
        built_warehouse(con)
        assert signals_of(con, mine) == {"own_activity", "social_other"}
        assert con.execute(
            "select count(*) from int_entry_signals_matched where entry_id = ? and signal = 'own_activity'", [mine]
        ).fetchall() == [(1,)]
        assert signals_of(con, theirs) == {"own_activity", "self_care"}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[with_partnr]\ntags = ['x']\n", "unknown signal [with_partnr]"),
        ("[alone]\ntag = ['x']\n", "unknown key(s) tag"),
        ("[alone]\ntags = 'solo'\n", "must be a list of non-empty strings"),
        ("[alone\n", "not a valid TOML"),
        ("ignore = [1]\n", "`ignore` must be a list"),
    ],
)
def test_a_malformed_vocabulary_names_the_file_and_the_problem(tmp_path, text, problem):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        signal_terms(path)
    assert str(path) in str(error.value) and problem in str(error.value)
