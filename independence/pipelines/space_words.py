"""Use cases of the upload page's "Your words": take what a person says their tags mean, then apply it (their map
stored, that person rebuilt, the report written again) in the same turn-taking way as an import."""

from __future__ import annotations

import logging
from pathlib import Path

from independence.analysis.own_words import PLAIN_WORDS
from independence.config import DEFAULT_WEEKS
from independence.errors import InsightsError
from independence.pipelines.isolated import WarmWorkers
from independence.pipelines.spaces import Space, updated_space
from independence.pipelines.uploads import IsolatedChange, isolated_space_change, rewritten_report
from independence.pipelines.vocabulary import WordsChange, applied_change, rebuilt_person
from independence.warehouse import Warehouse

log = logging.getLogger("independence.web")
NOTHING = "none"  # the form's value for "nothing of these"
NOT_APPLIED = "Your words could not be applied just now, so your report is as it was. Try again."
MAX_NAME = 60  # characters of a partner's name


def chosen_words(space: Space, form: dict[str, str]) -> dict:
    """Return what the person changed on the form: tags whose meaning differs from now, and the partner names.

    The form has `tag-N` (a signal, or 'none') for the N-th tag shown, and `partner` (names, comma-separated).
    Unknown values and tags not shown are ignored, so a tampered form changes nothing it was not offered.
    """
    allowed = {signal for signal in PLAIN_WORDS if signal} | {NOTHING}
    mapped = []
    for number, shown in enumerate(space.words):
        value = form.get(f"tag-{number}")
        if value not in allowed:
            continue
        signal = None if value == NOTHING else value
        if signal != shown["signal"]:
            mapped.append([shown["tag"], signal])
    names = [name.strip()[:MAX_NAME] for name in str(form.get("partner", "")).split(",") if name.strip()]
    return {"mapped": mapped, "partners": [name for name in names if name not in space.partners]}


def remapped_space(space: Space, db_path: Path, weeks: int = DEFAULT_WEEKS) -> Space:
    """Store the space's pending words in the person's map, rebuild them only, and write their report again.

    The space ends 'done' either way: when the words could not be applied, the report stays as it was
    with a notice.
    """
    pending = space.pending_words or {}
    space = updated_space(space, status="working", step="reading your tags with your words")
    change = WordsChange(
        mapped=tuple((tag, signal) for tag, signal in pending.get("mapped", [])),
        partners=tuple(pending.get("partners", [])),
    )
    try:
        with Warehouse(db_path).writing() as con:
            applied_change(con, space.user, change)
            space = updated_space(space, step="computing your trends")
            rebuilt_person(con, space.user)
            space = rewritten_report(con, space, weeks)
    except (InsightsError, MemoryError) as error:
        log.warning("words for %s not applied: %s", space.user, type(error).__name__)
        return updated_space(space, status="done", step="", pending_words=None, notice=NOT_APPLIED)
    return updated_space(space, status="done", step="", pending_words=None, words_seen=True, notice=None)


def isolated_space_words(
    space: Space,
    db_path: Path,
    weeks: int,
    memory_mb: int,
    seconds: int | None = None,
    workers: WarmWorkers | None = None,
) -> Space:
    """Apply a space's words as `remapped_space` does, in a child process capped at memory_mb and `seconds` (one of
    the page's warm `workers` when given)."""
    limits = IsolatedChange(memory_mb, seconds, workers)
    return isolated_space_change(remapped_space, space, db_path, weeks, limits, "words", "pending_words", NOT_APPLIED)
