"""Use cases of a person's own words: list what each of their tags means, and change their map (that person only
is rebuilt)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from independence.analysis.own_words import (
    TagMeaning,
    mapped_terms,
    parsed_mapping,
    replaced_terms,
    tag_meanings,
    unmapped_terms,
)
from independence.analysis.signals import SignalTerm, signal_terms
from independence.errors import ConfigError, InsightsError
from independence.ingest.options import SourceOptions
from independence.pipelines.builds import current_build
from independence.pipelines.imports import FILE_USER, throwaway_import
from independence.warehouse import Warehouse, marts
from independence.warehouse.load import ImportSummary
from independence.warehouse.people import entry_count
from independence.warehouse.users import validated_user_id


@dataclass(frozen=True)
class WordsChange:
    """What the person asked to change in their map: meanings of tags, tags back to the default, partner names,
    and a whole vocabulary file (which replaces everything stored before)."""

    mapped: tuple[tuple[str, str | None], ...] = ()
    unmapped: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    signals_path: Path | None = None

    @property
    def empty(self) -> bool:
        """Return whether nothing is to change."""
        return not (self.mapped or self.unmapped or self.partners or self.signals_path)


@dataclass(frozen=True)
class PersonWords:
    """A person's tags with their meanings now, the partner names they gave, and how many terms just changed."""

    user: str
    tags: list[TagMeaning]
    partners: list[str]
    changed: int = 0


def words_change(
    mapped: list[str] | None = None,
    unmapped: list[str] | None = None,
    partners: list[str] | None = None,
    signals_path: Path | None = None,
) -> WordsChange:
    """Return the change the command line asks for (`--map TAG=MEANING`, `--unmap TAG`, `--partner-name`, --signals).

    Every part is checked before anything is opened: an unknown meaning or an empty name is refused.
    """
    names = tuple(name.strip() for name in partners or [])
    if any(not name for name in names):
        raise ConfigError("--partner-name: give the name as you write it in your notes, e.g. --partner-name Tania")
    if signals_path is not None:
        signal_terms(signals_path)  # a malformed file is refused now, naming it
    return WordsChange(tuple(parsed_mapping(text) for text in mapped or []), tuple(unmapped or []), names, signals_path)


def applied_change(con: duckdb.DuckDBPyConnection, user: str, change: WordsChange) -> int:
    """Store a change in the person's map; return how many terms it touched."""
    changed = replaced_terms(con, user, signal_terms(change.signals_path)) if change.signals_path else 0
    terms = [SignalTerm("tag", tag, signal) for tag, signal in change.mapped]
    terms += [SignalTerm("phrase", name, "partner_mention") for name in change.partners]
    changed += mapped_terms(con, user, terms) if terms else 0
    return changed + (unmapped_terms(con, user, list(change.unmapped)) if change.unmapped else 0)


def rebuilt_person(con: duckdb.DuckDBPyConnection, user: str) -> int:
    """Rebuild one person whose map changed (with anyone whose imports are newer); return the build id."""
    return current_build(con, also=(user,))


def person_tag_meanings(con: duckdb.DuckDBPyConnection, user: str) -> list[TagMeaning]:
    """Return every tag the person used, most used first, with what it means now and any suggestion."""
    return tag_meanings(marts.user_tag_rows(con, user), marts.known_terms(con))


def person_words(user: str, db_path: Path | None = None, change: WordsChange = WordsChange()) -> PersonWords:
    """Return every tag the person used with what it means now, after applying `change` (rebuilding them only)."""
    user = validated_user_id(user)
    with Warehouse(db_path).writing() as con:
        if not entry_count(con, user):
            raise InsightsError(f"no entries for user {user!r} in this warehouse: import an export first")
        changed = 0
        if change.empty:
            current_build(con)
        else:
            changed = applied_change(con, user, change)
            rebuilt_person(con, user)
        return PersonWords(user, person_tag_meanings(con, user), marts.partner_names(con, user), changed)


def words_from_file(
    file: Path,
    *,
    source: str = "auto",
    moods_path: Path | None = None,
    options: SourceOptions = SourceOptions(),
    signals_path: Path | None = None,
) -> tuple[ImportSummary, PersonWords | None]:
    """Import one export into a throw-away warehouse and return its import summary and its tags' meanings (None when
    no entry could be read); `signals_path` shows the meanings that vocabulary file gives. Nothing is kept."""
    with throwaway_import(file, source=source, moods_path=moods_path, options=options) as (summary, db_path):
        if not summary.entries_added:
            return summary, None
        return summary, person_words(FILE_USER, db_path, WordsChange(signals_path=signals_path))
