"""The signal vocabulary: which tags and note phrases mean which canonical signal, read from TOML.

The shipped default lives in `independence/signals.toml`; a user's override file has the same shape
(plus an optional `ignore` list) and is stored in the warehouse table `user_signal_terms`, so
scheduled builds keep using it. Normalisation of terms happens in SQL (`transforms/macros/normalised_text.sql`), the
same expression for tags, terms and notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from independence.config import toml_document
from independence.errors import ConfigError
from independence.warehouse import transaction

DEFAULT_SIGNALS = Path(__file__).with_name("signals.toml")
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
)
MATCHES = ("tags", "phrases")


@dataclass(frozen=True)
class SignalTerm:
    """One vocabulary line: a tag or phrase (as written) and the signal it means (None = ignored)."""

    match: str
    term: str
    signal: str | None


def _terms_of(path: Path, name: str, table: object) -> list[SignalTerm]:
    """Return the terms of one `[signal]` table, refusing unknown keys and non-string terms."""
    if name not in SIGNALS:
        raise ConfigError(f"{path}: unknown signal [{name}]; known signals: {', '.join(SIGNALS)}")
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{name}] must be a table with `tags` and/or `phrases` lists")
    unknown = sorted(set(table) - set(MATCHES))
    if unknown:
        raise ConfigError(f"{path}: [{name}] has unknown key(s) {', '.join(unknown)}; allowed: tags, phrases")
    terms = []
    for match, values in table.items():
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise ConfigError(f"{path}: [{name}] {match} must be a list of non-empty strings")
        terms += [SignalTerm(match.removesuffix("s"), value, name) for value in values]
    return terms


def signal_terms(path: Path | str = DEFAULT_SIGNALS) -> list[SignalTerm]:
    """Return the vocabulary in a signals TOML file; `ignore = [...]` terms come back with signal None."""
    path = Path(path)
    document = toml_document(path, "signal vocabulary")
    ignored = document.pop("ignore", [])
    if not isinstance(ignored, list) or not all(isinstance(v, str) and v.strip() for v in ignored):
        raise ConfigError(f"{path}: `ignore` must be a list of tags or phrases")
    terms = [term for name, table in document.items() for term in _terms_of(path, name, table)]
    terms += [SignalTerm(match, value, None) for value in ignored for match in ("tag", "phrase")]
    if not terms:
        raise ConfigError(f"{path}: no signal terms found")
    return terms


def seeded_default_terms(con: duckdb.DuckDBPyConnection, path: Path | str = DEFAULT_SIGNALS) -> int:
    """Replace table `seed_signal_terms` with the default vocabulary; return its number of terms."""
    terms = signal_terms(path)
    con.execute("create or replace table seed_signal_terms (match varchar, term varchar, signal varchar)").fetchall()
    con.executemany("insert into seed_signal_terms values (?, ?, ?)", [[t.match, t.term, t.signal] for t in terms])
    return len(terms)


def stored_user_terms(con: duckdb.DuckDBPyConnection, user_id: str, path: Path | str) -> int:
    """Replace a user's stored override vocabulary with the file's terms; return how many were stored."""
    terms = {(t.match, t.term.strip().lower()): t.signal for t in signal_terms(path)}
    with transaction(con):
        con.execute("delete from user_signal_terms where user_id = ?", [user_id]).fetchall()
        con.executemany(
            "insert into user_signal_terms values (?, ?, ?, ?)",
            [[user_id, match, term, signal] for (match, term), signal in terms.items()],
        )
    return len(terms)
