"""The signal vocabulary: which tags and note phrases mean which canonical signal, read from TOML.

The shipped default is one file per language in `independence/analysis/vocabulary/` (all in force for
everyone: a term means one signal in every language it appears in), with each language's negation
words and `except` phrases. A person's own vocabulary has the same shape (plus `ignore = [...]`, or a
term mapped to nothing) and is stored in the warehouse table `user_signal_terms`, so later builds and
the weekly run keep using it (see `own_words`). Normalisation of terms happens in SQL
(`transforms/macros/normalised_text.sql`), the same expression for tags, terms and notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from independence.config import toml_document
from independence.errors import ConfigError

VOCABULARY_DIR = Path(__file__).with_name("vocabulary")
LANGUAGES = ("en", "de", "es", "fr", "it", "pt", "pl", "nl")
SIGNALS = (
    "with_partner",
    "alone",
    "apart",
    "conflict",
    "calm_response",
    "reactive_response",
    "needs_expressed",
    "own_activity",
    "social_other",
    "self_care",
    "reassurance_seeking",
    "decision_independent",
    "second_guessing",
    "partner_mention",
)
CONTEXT_SIGNALS = ("partner_mention",)  # says what a note is about; read from phrases only
MATCHES = ("tags", "phrases")
LANGUAGE_MATCHES = (*MATCHES, "except")


@dataclass(frozen=True)
class SignalTerm:
    """One vocabulary line: its kind ('tag', 'phrase', 'except', 'negation' or 'feeling'), the term as written, the
    signal it means (None: ignored, a negation word or a word for the feeling itself) and the language file it
    comes from (None: a person's own)."""

    match: str
    term: str
    signal: str | None
    language: str | None = None


def _terms_of(path: Path, name: str, table: object, allowed: tuple[str, ...], language: str | None) -> list[SignalTerm]:
    """Return the terms of one `[signal]` table, refusing unknown signals, unknown keys and non-string terms."""
    if name not in SIGNALS:
        raise ConfigError(f"{path}: unknown signal [{name}]; known signals: {', '.join(SIGNALS)}")
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{name}] must be a table with `tags` and/or `phrases` lists")
    unknown = sorted(set(table) - set(allowed))
    if unknown:
        raise ConfigError(f"{path}: [{name}] has unknown key(s) {', '.join(unknown)}; allowed: {', '.join(allowed)}")
    terms = []
    for match, values in table.items():
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise ConfigError(f"{path}: [{name}] {match} must be a list of non-empty strings")
        terms += [SignalTerm(match.removesuffix("s"), value, name, language) for value in values]
    return terms


def _word_list(path: Path, document: dict, key: str) -> list[str]:
    """Return a top-level list of words (`ignore`, `negations`), refusing anything but non-empty strings."""
    words = document.pop(key, [])
    if not isinstance(words, list) or not all(isinstance(v, str) and v.strip() for v in words):
        raise ConfigError(f"{path}: `{key}` must be a list of tags or phrases")
    return words


def signal_terms(path: Path | str) -> list[SignalTerm]:
    """Return a person's vocabulary file's terms; `ignore = [...]` terms come back with signal None."""
    path = Path(path)
    document = toml_document(path, "signal vocabulary")
    ignored = _word_list(path, document, "ignore")
    terms = [term for name, table in document.items() for term in _terms_of(path, name, table, MATCHES, None)]
    terms += [SignalTerm(match, value, None) for value in ignored for match in ("tag", "phrase")]
    if not terms:
        raise ConfigError(f"{path}: no signal terms found")
    return terms


def language_terms(language: str) -> list[SignalTerm]:
    """Return one shipped language's vocabulary: tags, phrases, `except` phrases, negation words and words for the
    feeling itself."""
    path = VOCABULARY_DIR / f"{language}.toml"
    document = toml_document(path, "signal vocabulary")
    negations = [SignalTerm("negation", word, None, language) for word in _word_list(path, document, "negations")]
    feelings = [SignalTerm("feeling", word, None, language) for word in _word_list(path, document, "feelings")]
    terms = [
        term for name, table in document.items() for term in _terms_of(path, name, table, LANGUAGE_MATCHES, language)
    ]
    return terms + negations + feelings


def default_terms() -> list[SignalTerm]:
    """Return the shipped vocabulary of every language, in LANGUAGES order."""
    return [term for language in LANGUAGES for term in language_terms(language)]


def seeded_default_terms(con: duckdb.DuckDBPyConnection) -> int:
    """Replace table `seed_signal_terms` with the shipped vocabulary of every language; return its number of terms."""
    terms = default_terms()
    con.execute(
        "create or replace table seed_signal_terms (language varchar, match varchar, term varchar, signal varchar)"
    ).fetchall()
    columns = [
        [t.language for t in terms],
        [t.match for t in terms],
        [t.term for t in terms],
        [t.signal for t in terms],
    ]
    con.execute(  # one statement: a row-by-row executemany of the ~2,300 terms took 0.4 s of every build
        "insert into seed_signal_terms select unnest(?::varchar[]), unnest(?::varchar[]), unnest(?::varchar[]), "
        "unnest(?::varchar[])",
        columns,
    ).fetchall()
    return len(terms)
