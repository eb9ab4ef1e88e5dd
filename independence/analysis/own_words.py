"""A person's own words: what each of their tags means now, a suggestion where one can be made honestly, and
the changes they make to their map (stored in `user_signal_terms`, used by every later build).

A suggestion is only ever shown, never applied: a report reads a tag as a signal only when the shipped
vocabulary or the person says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from independence.analysis.signals import CONTEXT_SIGNALS, SIGNALS, SignalTerm
from independence.analysis.transforms import created_macros
from independence.errors import ConfigError
from independence.warehouse import transaction

# What each signal means in plain words, in the order the upload page offers them; None: nothing of these.
PLAIN_WORDS: dict[str | None, str] = {
    "with_partner": "time with my partner",
    "alone": "alone",
    "apart": "apart from my partner",
    "social_other": "friends or family",
    "own_activity": "something of my own",
    "self_care": "self-care",
    "conflict": "an argument",
    "calm_response": "we talked it through",
    "reactive_response": "I reacted",
    "needs_expressed": "I said what I need",
    "decision_independent": "I decided myself",
    "second_guessing": "I second-guessed",
    None: "nothing of these",
}
NOTHING = ("none", "nothing", "ignore")  # what `--map TAG=none` may say for "nothing of these"
PEOPLE_GROUPS = {
    "people", "person", "social", "who", "with", "with whom", "company", "relationships", "friends and family",
    "leute", "menschen", "personen", "sozial", "personas", "gente", "personnes", "persone", "pessoas",
    "ludzie", "osoby", "mensen",
}  # fmt: skip
REDUCING_WORDS = {"no", "not", "low", "little", "less", "without", "skipped", "missed", "kein", "keine", "sin", "sans"}
TIME_WORDS = {"time", "zeit", "tiempo", "temps", "tempo", "czas", "tijd"}
MAX_TAG_WORDS = 3  # longer "tags" are sentences (Bearable's gratitudes): no word inside them is suggested
MIN_EXAMPLE_ENTRIES = 3  # a report names a suggestion only for a tag used at least this often
NAME = re.compile(r"[^\W\d_][\w'’]*")


@dataclass(frozen=True)
class TagMeaning:
    """One tag a person used: how often, mood on days with and without it, what it means now, a suggestion."""

    tag: str
    group: str
    entries: int
    days: int
    mood_with: float | None
    mood_without: float | None
    days_with_mood: int
    days_without_mood: int
    signal: str | None
    origin: str | None  # 'yours', 'default' or None (means nothing yet)
    suggested: str | None
    why: str | None

    def as_json(self) -> dict:
        """Return the row as `independence vocabulary --json` prints it."""
        return {
            "tag": self.tag,
            "group": self.group or None,
            "entries": self.entries,
            "days": self.days,
            "mood_with": None if self.mood_with is None else round(self.mood_with, 2),
            "mood_without": None if self.mood_without is None else round(self.mood_without, 2),
            "days_with_mood": self.days_with_mood,
            "days_without_mood": self.days_without_mood,
            "signal": self.signal,
            "meaning_from": self.origin,
            "suggested": self.suggested,
            "why": self.why,
        }


def signal_of(word: str) -> str | None:
    """Return the signal a `--map` value names: a signal key, its plain words, or none/nothing/ignore (None)."""
    wanted = word.strip().lower()
    if wanted in NOTHING or wanted == PLAIN_WORDS[None]:
        return None
    for signal, words in PLAIN_WORDS.items():
        if signal is not None and wanted in (signal, words.lower()):
            return signal
    if wanted in SIGNALS:
        return wanted
    choices = ", ".join(signal for signal in PLAIN_WORDS if signal) + ", none"
    raise ConfigError(f"{word!r} is not a meaning a tag can have; choose one of: {choices}")


def parsed_mapping(text: str) -> tuple[str, str | None]:
    """Return (tag, signal) from a `--map TAG=SIGNAL` value; the last '=' separates them."""
    tag, equals, word = text.rpartition("=")
    if not equals or not tag.strip():
        raise ConfigError(f"--map {text!r}: write TAG=MEANING, e.g. --map 'Tania-time=with_partner'")
    return tag.strip(), signal_of(word)


def _dropped_same_words(con: duckdb.DuckDBPyConnection, user: str, match: str, terms: list[str]) -> int:
    """Delete the person's terms of one kind that normalise like any of `terms`; return how many went."""
    created_macros(con)
    removed = con.execute(
        """delete from user_signal_terms where user_id = ? and match = ?
           and normalised_text(term) in (select normalised_text(unnest(?::varchar[])))
           returning term""",
        [user, match, terms],
    ).fetchall()
    return len(removed)


def _stored_terms(con: duckdb.DuckDBPyConnection, user: str, terms: list[SignalTerm]) -> int:
    """Store each term's meaning for the person (inside the caller's transaction); return how many."""
    for match in ("tag", "phrase"):
        given = [term.term for term in terms if term.match == match]
        if given:
            _dropped_same_words(con, user, match, given)
    latest = {(term.match, term.term): term.signal for term in terms}
    rows = [[user, match, term, signal] for (match, term), signal in latest.items()]
    if rows:
        con.executemany("insert or replace into user_signal_terms values (?, ?, ?, ?)", rows)
    return len(latest)


def mapped_terms(con: duckdb.DuckDBPyConnection, user: str, terms: list[SignalTerm]) -> int:
    """Store each term's meaning for the person, replacing an earlier meaning of the same words; return how many.

    Terms that normalise alike ('Tania time', 'tania-time') are one term: the last one given wins.
    """
    with transaction(con):
        return _stored_terms(con, user, terms)


def replaced_terms(con: duckdb.DuckDBPyConnection, user: str, terms: list[SignalTerm]) -> int:
    """Replace the person's whole vocabulary with `terms` (a --signals file); return how many were stored."""
    with transaction(con):
        con.execute("delete from user_signal_terms where user_id = ?", [user]).fetchall()
        return _stored_terms(con, user, terms)


def unmapped_terms(con: duckdb.DuckDBPyConnection, user: str, tags: list[str]) -> int:
    """Remove the person's own meaning of these tags (the shipped meaning applies again); return how many went."""
    with transaction(con):
        return _dropped_same_words(con, user, "tag", tags)


def _named_time(tag: str, words: list[str], known: dict[str, str]) -> bool:
    """Return whether a tag names someone with 'time' or 'with' ('Tania-time', 'Sasha time', 'With Charlotte').

    The name must be written with a capital letter (a person's name) and mean nothing in the vocabulary.
    """
    if len(words) != 2:
        return False
    if words[1] in TIME_WORDS:
        name = words[0]
    elif words[0] in ("with", "mit", "con", "avec", "com", "met"):
        name = words[1]
    else:
        return False
    written = [part for part in NAME.findall(tag) if part.lower() == name]
    return bool(written) and written[0][0].isupper() and name not in known and name not in {"me", "us", "my"}


def _contained(words: list[str], known: dict[str, str]) -> tuple[str, str] | None:
    """Return the longest known term inside a tag's words and its signal, when only one signal is meant."""
    found = []
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            term = " ".join(words[start : start + size])
            if term in known:
                found.append((size, term, known[term]))
    if not found:
        return None
    longest = max(size for size, _, _ in found)
    meant = {(term, signal) for size, term, signal in found if size == longest}
    signals = {signal for _, signal in meant}
    return min(meant) if len(signals) == 1 else None


def suggestion(tag: str, tag_key: str, group: str, known: dict[str, str]) -> tuple[str | None, str | None]:
    """Return (signal, why) suggested for a tag that means nothing yet, or (None, None) when no honest one exists.

    `known` maps each normalised default term (tag or phrase) to its signal. Suggestions: a tag naming
    someone with 'time' or 'with' may be time with the partner; a tag in a group about people is friends or
    family; a tag that contains a known term ('Dog walk' holds 'walk') may mean what that term means.
    """
    words = tag_key.split()
    if not words or words[0] in REDUCING_WORDS:
        return None, None
    if _named_time(tag, words, known):
        return "with_partner", f"‘{tag}’ names someone: if that is your partner, it is time with your partner"
    if group.strip().lower() in PEOPLE_GROUPS:
        return "social_other", f"it is in your group ‘{group}’, about people: it may be friends or family"
    inside = _contained(words, known) if len(words) <= MAX_TAG_WORDS else None  # a sentence is no tag to read
    if inside is not None:
        term, signal = inside
        if signal not in CONTEXT_SIGNALS:
            return signal, f"it contains ‘{term}’, which can mean ‘{PLAIN_WORDS[signal]}’"
    return None, None


def tag_meanings(rows: list[tuple], known: dict[str, str]) -> list[TagMeaning]:
    """Return what each tag the person used means now, with any suggestion, from their `marts.user_tag_rows` and
    the shipped terms (`marts.known_terms`). A journal's or folder's name gets no suggestion: it is on every entry
    kept there, whatever the entry is about."""
    meanings = []
    for tag, key, group, entries, days, with_, without, days_with, days_without, signal, origin, container in rows:
        guessed = origin is None and not container
        suggested, why = suggestion(tag, key, group, known) if guessed else (None, None)
        meanings.append(
            TagMeaning(
                tag, group, entries, days, with_, without, days_with, days_without, signal, origin, suggested, why
            )
        )
    return meanings


def suggestions_by_user(rows: dict[str, list[tuple]], known: dict[str, str], limit: int = 3) -> dict[str, list[dict]]:
    """Return per person their most used tags that mean nothing yet but have a suggestion (at most `limit`), as
    {tag, entries, suggested, why}, from `marts.unmapped_tag_rows`: what a report names when it asks what their
    tags mean."""
    found: dict[str, list[dict]] = {}
    for user, tags in rows.items():
        mine = found.setdefault(user, [])
        for tag, key, group, entries in tags:
            suggested, why = suggestion(tag, key, group, known)
            if suggested and len(mine) < limit:
                mine.append({"tag": tag, "entries": entries, "suggested": suggested, "why": why})
    return found
