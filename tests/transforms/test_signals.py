"""Tags and note phrases become canonical signals: languages, normalisation, negation, precise notes, own words."""

from __future__ import annotations

import json

import duckdb
import pytest

from independence.analysis.own_words import mapped_terms, replaced_terms, tag_meanings, unmapped_terms
from independence.analysis.signals import (
    CONTEXT_SIGNALS,
    LANGUAGES,
    SIGNALS,
    SignalTerm,
    default_terms,
    language_terms,
    signal_terms,
)
from independence.analysis.transforms import built_warehouse, created_macros
from independence.errors import ConfigError
from independence.pipelines.imports import imported_export
from independence.warehouse import Warehouse
from independence.warehouse.marts import known_terms, unmapped_tag_rows, user_tag_rows
from tests.transforms.rows import add_entry, add_import


def signals_of(con, entry_id: str) -> set[str]:
    """Return the signals an entry carries that count (a conflict phrase about someone else does not)."""
    rows = con.execute(
        "select signal from int_entry_signals_matched where entry_id = ? and counted", [entry_id]
    ).fetchall()
    return {row[0] for row in rows}


def test_every_default_term_named_in_the_issue_maps_to_its_signal():
    terms = {(t.match, t.term.lower()): t.signal for t in language_terms("en")}
    expected = {
        "with_partner": ["partner", "date night", "date", "with partner", "spouse", "husband", "wife", "boyfriend",
                         "girlfriend", "dating"],
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
    }  # fmt: skip
    for signal, words in expected.items():
        for word in words:
            assert terms[("tag", word)] == signal, word
    assert {signal for signal in terms.values() if signal} == set(SIGNALS)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_covers_every_signal_with_tags_phrases_and_negations(language):
    terms = language_terms(language)
    for signal in SIGNALS:
        kinds = {term.match for term in terms if term.signal == signal}
        wanted = {"phrase"} if signal in CONTEXT_SIGNALS else {"tag", "phrase"}
        assert wanted <= kinds, (language, signal, kinds)
    assert [term for term in terms if term.match == "negation"], language


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_names_words_for_the_feeling_itself_that_mean_no_signal_as_tags(language):
    """A tag that names the feeling ("sad") is not tested against the mood; none of those words is a tag of a sign's
    signal in any language, so a word never both means a signal and stays untested as a mere feeling."""
    con = duckdb.connect()
    created_macros(con)
    key = lambda term: con.execute("select normalised_text(?)", [term]).fetchall()[0][0]  # noqa: E731
    feelings = {key(term.term) for term in language_terms(language) if term.match == "feeling"}
    assert len(feelings) >= 20 and "" not in feelings, language
    signal_tags = {key(term.term) for term in default_terms() if term.match == "tag"}
    assert not feelings & signal_tags, (language, feelings & signal_tags)


def test_a_term_means_one_signal_in_every_language():
    con = duckdb.connect()
    created_macros(con)
    meanings: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for term in default_terms():
        if term.match in ("tag", "phrase"):
            key = con.execute("select normalised_text(?)", [term.term]).fetchall()[0][0]
            meanings.setdefault((term.match, key), set()).add((term.signal, term.language))
    clashes = {key: found for key, found in meanings.items() if len({signal for signal, _ in found}) > 1}
    assert not clashes


def test_normalisation_keeps_the_letters_of_every_script():
    con = duckdb.connect()
    created_macros(con)
    cases = {
        "KŁÓTNIA!": "kłótnia",
        "Straße ": "straße",
        "cafe\u0301": "caf\u00e9",  # a decomposed é is composed, never split off
        "🎨 Painting": "painting",
        "didn’t": "didn't",
        "मेरा समय": "मेरा समय",  # combining vowel signs stay with their letters
        "Tania-time": "tania time",
    }
    for raw, expected in cases.items():
        assert con.execute("select normalised_text(?)", [raw]).fetchall()[0][0] == expected, raw


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


# One tag and one note per language, with the forms people write (gender, case, diacritics).
EVERYDAY = [
    ("de", ("Allein",), "Abends ganz alleine zu Hause, Zeit für mich.", {"alone"}),
    ("de", ("Streit",), "Mit meinem Mann gestritten, dann haben wir uns ausgesprochen.",
     {"conflict", "with_partner", "partner_mention", "calm_response"}),
    ("es", ("Sola",), "Tiempo a solas, luego salí a caminar.", {"alone", "self_care"}),
    ("es", ("Pareja",), "Nos peleamos con mi novio por la casa.", {"with_partner", "conflict", "partner_mention"}),
    ("fr", ("Seule",), "Toute seule à la maison, j'ai médité.", {"alone", "self_care"}),
    ("fr", ("Rendez-vous",), "On s'est disputés avec mon copain, puis on en a parlé.",
     {"with_partner", "conflict", "partner_mention", "calm_response"}),
    ("it", ("Da sola",), "Serata da sola, poi in palestra.", {"alone", "own_activity"}),
    ("it", ("Amici",), "Abbiamo litigato, io e il mio ragazzo.", {"social_other", "conflict", "with_partner",
                                                                 "partner_mention"}),
    ("pt", ("Sozinha",), "Fiquei sozinha em casa e meditei.", {"alone", "self_care"}),
    ("pt", ("Namorado",), "Eu e meu namorado brigamos, depois fizemos as pazes.",
     {"with_partner", "conflict", "partner_mention", "calm_response"}),
    ("pl", ("Sama",), "Czas dla siebie, potem poszłam na spacer.", {"alone", "self_care"}),
    ("pl", ("Kłótnia",), "Pokłóciłam się z mężem, potem pogodziliśmy się.",
     {"conflict", "with_partner", "partner_mention", "calm_response"}),
    ("nl", ("Alleen",), "In mijn eentje thuis, daarna gemediteerd.", {"alone", "self_care"}),
    ("nl", ("Ruzie",), "Ruzie met mijn vriend, later uitgepraat.", {"conflict", "partner_mention", "calm_response"}),
]  # fmt: skip


@pytest.mark.parametrize(("language", "tags", "note", "expected"), EVERYDAY)
def test_everyday_words_of_each_language_mean_their_signals(db_path, language, tags, note, expected):
    with Warehouse(db_path).writing() as con:
        entry = add_entry(con, "ana", "2026-03-02 10:00", 3, tags, note, import_id=add_import(con, "ana"))
        built_warehouse(con)
        assert signals_of(con, entry) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("We had an argument about money, my partner and I.", {"conflict", "with_partner", "partner_mention"}),
        ("No argument with my husband today!", {"partner_mention"}),
        (
            "There was not a big fight with my wife, we talked it through.",
            {"with_partner", "partner_mention", "calm_response"},
        ),
        ("I didn't yell this time", set()),
        ("I yelled and then we resolved it.", {"reactive_response", "calm_response"}),
        ("Spent the evening by myself, I said no to the party.", {"alone", "needs_expressed"}),
        ("<b>Argumentative</b> colleague", set()),
        ("We didn’t argue; never a fight", set()),
        ("Fought a half cab and landed it at the park", set()),  # a skateboarding trick
        ("The news was all about the conflict abroad.", set()),
        ("Booked the fight to Berlin for Friday", set()),  # a typo of "flight"
        ("Classroom debate turned into an argument about history", set()),
        ("My boyfriend and I had a snowball fight", {"with_partner", "partner_mention"}),
        ("Big argument with my boyfriend about the dishes", {"conflict", "with_partner", "partner_mention"}),
        ("Pas de dispute avec mon mari aujourd'hui", {"partner_mention"}),  # negated in French
    ],
)
def test_a_conflict_in_a_note_counts_only_about_the_partner_and_never_negated(db_path, note, expected):
    with Warehouse(db_path).writing() as con:
        entry = add_entry(con, "ana", "2026-03-02 10:00", 3, (), note, import_id=add_import(con, "ana"))
        built_warehouse(con)
        assert signals_of(con, entry) == expected


def test_a_conflict_note_naming_the_partner_counts_once_the_person_gives_the_name(db_path):
    with Warehouse(db_path).writing() as con:
        batch = add_import(con, "ana")
        named = add_entry(con, "ana", "2026-03-02 10:00", 2, (), "Argued with Tania about the trip", import_id=batch)
        built_warehouse(con)
        assert signals_of(con, named) == set()
        assert con.execute(
            "select conflict_unattributed from int_entries_signalled where entry_id = ?", [named]
        ).fetchall() == [(True,)]
        mapped_terms(con, "ana", [SignalTerm("phrase", "Tania", "partner_mention")])
        built_warehouse(con)
        assert signals_of(con, named) == {"conflict", "partner_mention"}


def test_a_conflict_word_the_person_mapped_counts_without_the_partner_named(db_path):
    with Warehouse(db_path).writing() as con:
        batch = add_import(con, "ana")
        entry = add_entry(con, "ana", "2026-03-02 10:00", 2, (), "A big blowup again tonight", import_id=batch)
        mapped_terms(con, "ana", [SignalTerm("phrase", "blowup", "conflict")])
        built_warehouse(con)
        assert signals_of(con, entry) == {"conflict"}


def test_a_journals_or_folders_name_means_only_what_the_person_says(db_path, tmp_path):
    """Day One puts its journal's name on every entry kept there: "Journal" (its default) is also French for a
    diary, self-care, and would have made every entry self-care. A tag the person chose with the same words counts."""
    entries = [
        {"uuid": "A", "creationDate": "2026-03-02T10:00:00Z", "timeZone": "UTC", "text": "Work all day."},
        {"uuid": "B", "creationDate": "2026-03-03T10:00:00Z", "timeZone": "UTC", "text": "Work.", "tags": ["Journal"]},
    ]
    journal = tmp_path / "Journal.json"
    journal.write_text(json.dumps({"metadata": {"version": "1.0"}, "entries": entries}), encoding="utf-8")
    imported_export(journal, "dee", db_path=db_path)
    with Warehouse(db_path).writing() as con:
        batch = add_import(con, "fay")
        kept = add_entry(con, "fay", "2026-03-02 10:00", 4, note="Work all day.", import_id=batch, source="diaro")
        con.execute("insert into entry_tags values (?, 'Therapy', 'folder')", [kept]).fetchall()
        built_warehouse(con)
        ids = dict(con.execute("select source_entry_id, entry_id from entries where user_id = 'dee'").fetchall())
        assert signals_of(con, ids["A"]) == set() and signals_of(con, kept) == set()
        assert signals_of(con, ids["B"]) == {"self_care"}  # chosen for this entry: the shipped meaning
        tagged = "select tagged from int_entries_signalled where entry_id = ?"
        assert con.execute(tagged, [ids["A"]]).fetchall() == [(False,)]
        assert con.execute(tagged, [kept]).fetchall() == [(False,)]
        assert con.execute(
            "select tag_key, signal, origin, container from mart_user_tags where user_id = 'fay'"
        ).fetchall() == [("therapy", None, None, True)]
        assert unmapped_tag_rows(con, ["fay"], 1) == {}
        assert [meaning.suggested for meaning in tag_meanings(user_tag_rows(con, "fay"), known_terms(con))] == [None]
        mapped_terms(con, "fay", [SignalTerm("tag", "Therapy", "self_care")])
        built_warehouse(con)
        assert signals_of(con, kept) == {"self_care"}


def test_a_user_vocabulary_adds_moves_and_ignores_terms_for_that_user_only(db_path, tmp_path):
    vocabulary = tmp_path / "mine.toml"
    vocabulary.write_text(
        'ignore = ["walk"]\n[own_activity]\ntags = ["Climbing"]\n[social_other]\ntags = ["gym"]\n',
        encoding="utf-8",
    )
    with Warehouse(db_path).writing() as con:
        batch = add_import(con, "ana")
        mine = add_entry(con, "ana", "2026-03-02 10:00", 4, ("climbing", "gym", "walk"), import_id=batch)
        theirs = add_entry(
            con, "bo", "2026-03-02 10:00", 4, ("climbing", "gym", "walk"), import_id=add_import(con, "bo")
        )
        assert replaced_terms(con, "ana", signal_terms(vocabulary)) == 4
        built_warehouse(con)
        assert signals_of(con, mine) == {"own_activity", "social_other"}
        assert signals_of(con, theirs) == {"own_activity", "self_care"}
        assert con.execute(
            "select tag_key, signal, origin from mart_user_tags where user_id = 'ana' order by tag_key"
        ).fetchall() == [
            ("climbing", "own_activity", "yours"),
            ("gym", "social_other", "yours"),
            ("walk", None, "yours"),
        ]


def test_a_mapping_replaces_the_same_words_however_written_and_unmapping_restores_the_default(db_path):
    with Warehouse(db_path).writing() as con:
        entry = add_entry(con, "ana", "2026-03-02 10:00", 4, ("Tania-time", "walk"), import_id=add_import(con, "ana"))
        mapped_terms(con, "ana", [SignalTerm("tag", "tania time", "social_other")])
        mapped_terms(con, "ana", [SignalTerm("tag", "Tania-Time", "with_partner"), SignalTerm("tag", "walk", None)])
        assert con.execute("select count(*) from user_signal_terms").fetchall() == [(2,)]
        built_warehouse(con)
        assert signals_of(con, entry) == {"with_partner"}
        assert unmapped_terms(con, "ana", ["WALK"]) == 1
        built_warehouse(con)
        assert signals_of(con, entry) == {"with_partner", "self_care"}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[with_partnr]\ntags = ['x']\n", "unknown signal [with_partnr]"),
        ("[alone]\ntag = ['x']\n", "unknown key(s) tag"),
        ("[alone]\ntags = 'solo'\n", "must be a list of non-empty strings"),
        ("[alone\n", "not a valid TOML"),
        ("ignore = [1]\n", "`ignore` must be a list"),
        ("[alone]\nexcept = ['x']\n", "unknown key(s) except"),
    ],
)
def test_a_malformed_vocabulary_names_the_file_and_the_problem(tmp_path, text, problem):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        signal_terms(path)
    assert str(path) in str(error.value) and problem in str(error.value)
