"""Load one staged export into the warehouse in a single transaction: all of it, or nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from independence.warehouse.transaction import transaction
from independence.warehouse.users import validated_user_id

Progress = Callable[[str], None]
PARTS = ("rows", "tags", "measures", "rejects")


@dataclass(frozen=True)
class StagedImport:
    """What the warehouse loads: one export's provenance and its rows, tags, measures and rejects as Parquet.

    The ingest layer writes the parts (`<part>-<number>.parquet` under `stage_dir`); rows carry `line`,
    the staged record's columns and `identity`, which the load hashes into the entry id.
    """

    file: Path
    file_sha256: str
    file_bytes: int
    source: str
    source_format: str
    stage_dir: Path
    rows_read: int
    rows_staged: int
    rows_rejected: int
    started_at: dt.datetime
    name: str = ""  # the file's name as the person knows it, when it is kept under another (an upload)

    @property
    def file_name(self) -> str:
        """Return the file's name as its provenance records it (the person's, else the path's)."""
        return self.name or self.file.name

    def part_glob(self, part: str) -> str:
        """Return the glob of one staged part's Parquet files ('rows', 'tags', 'measures', 'rejects')."""
        return str(self.stage_dir / f"{part}-*.parquet")


# Every staged row that is new, inserted as an entry: scored, identified by content, first of its id in the
# file, and not yet in the warehouse. Straight into `entries` (a temporary copy of 1 M rows with their notes
# cost 0.1-0.3 s more); `incoming` then keeps only each new entry's id and line, which its tags and measures
# follow.
_NEW_ENTRIES = """
insert into entries
with staged as (
    select * from read_parquet($rows)
),
identified as (
    select
        staged.*,
        coalesce(staged.mood_score, levels.level) as score,
        md5(concat_ws(chr(31), $user_id, $source, staged.identity)) as entry_id,
    from staged
    left join mood_levels as levels on lower(staged.mood_raw) = levels.mood_key
),
first_lines as (
    select entry_id, min(line) as line from identified group by entry_id
),
first_of_file as (
    select identified.* from identified semi join first_lines using (entry_id, line)
)
select entry_id, $user_id, $source, logged_at_local, tz, mood_raw, score, note_title, note, $import_id, line,
    source_entry_id
from first_of_file
anti join entries on first_of_file.entry_id = entries.entry_id
"""
_INCOMING = """create temp table incoming as
    select entry_id, source_line as line from entries where import_id = $import_id"""

_INSERTS = {
    "entry_tags": """insert into entry_tags select incoming.entry_id, tags.tag, tags.tag_group
        from read_parquet($tags) as tags join incoming using (line)""",
    "entry_measures": """insert into entry_measures select incoming.entry_id, measures.name, measures.value,
        measures.value_max from read_parquet($measures) as measures join incoming using (line)""",
    "rejected_rows": "insert into rejected_rows select $import_id, line, reason, raw_line from read_parquet($rejects)",
}


@dataclass(frozen=True)
class ImportSummary:
    """What one import did, in counts; `rejects` lists (line, reason) pairs."""

    import_id: int
    user: str
    source: str
    source_format: str
    file: str
    rows_read: int
    entries_added: int
    duplicates_skipped: int
    rejected: int
    rejects: list[dict]

    def as_json(self) -> dict:
        """Return the CLI's JSON object: user, source, file, counts and rejects."""
        keys = ("user", "source", "file", "rows_read", "entries_added", "duplicates_skipped", "rejected", "rejects")
        return {key: asdict(self)[key] for key in keys}


def no_progress(_stage: str) -> None:
    """Ignore progress reports."""


def _execute(con: duckdb.DuckDBPyConnection, sql: str, parameters: dict | list | None = None) -> list:
    """Run one statement to completion and return its rows."""
    return con.execute(sql, parameters).fetchall() if parameters else con.execute(sql).fetchall()


def _prepare(con: duckdb.DuckDBPyConnection, levels: dict[str, float]) -> None:
    """Register the mood levels (keyed by trimmed, lower-cased label) in a temporary table, outside the transaction."""
    _execute(con, "create or replace temp table mood_levels (mood_key varchar, level double)")
    con.executemany("insert into mood_levels values (?, ?)", [[key, level] for key, level in levels.items()])


def _loaded(con: duckdb.DuckDBPyConnection, staged: StagedImport, user_id: str, progress: Progress) -> int:
    """Insert the import, its new entries, tags, measures and rejects; return the import id."""
    import_id = _execute(con, "select coalesce(max(import_id), 0) + 1 from imports")[0][0]
    _execute(
        con,
        "insert into imports values (?, ?, ?, ?, ?, ?, ?, ?, null, null, ?, ?, null)",
        [
            import_id,
            user_id,
            staged.source,
            staged.source_format,
            staged.file_name,
            staged.file_sha256,
            staged.file_bytes,
            staged.rows_read,
            staged.rows_rejected,
            staged.started_at,
        ],
    )
    rows = staged.part_glob("rows")
    _execute(con, _NEW_ENTRIES, {"user_id": user_id, "source": staged.source, "rows": rows, "import_id": import_id})
    _execute(con, _INCOMING, {"import_id": import_id})
    progress("staged")
    progress("entries")
    for table, sql in _INSERTS.items():
        parameters = {
            "user_id": user_id,
            "source": staged.source,
            "import_id": import_id,
            "tags": staged.part_glob("tags"),
            "measures": staged.part_glob("measures"),
            "rejects": staged.part_glob("rejects"),
        }
        _execute(con, sql, {name: value for name, value in parameters.items() if f"${name}" in sql})
        progress(table)
    _execute(
        con,
        "update imports set entries_added = (select count(*) from incoming), "
        "duplicates_skipped = ? - (select count(*) from incoming), finished_at = ? where import_id = ?",
        [staged.rows_staged, dt.datetime.now(dt.UTC), import_id],
    )
    return import_id


def load_staged(
    con: duckdb.DuckDBPyConnection,
    staged: StagedImport,
    user_id: str,
    levels: dict[str, float],
    progress: Progress = no_progress,
) -> ImportSummary:
    """Load a validated staged export for a user in one transaction and return its summary.

    `levels` score mood labels that the export itself did not score, keyed by trimmed, lower-cased label.
    """
    user_id = validated_user_id(user_id)
    _prepare(con, levels)
    try:
        with transaction(con):
            import_id = _loaded(con, staged, user_id, progress)
        added, skipped = _execute(
            con, "select entries_added, duplicates_skipped from imports where import_id = ?", [import_id]
        )[0]
        rejects = _execute(con, "select line, reason from rejected_rows where import_id = ? order by line", [import_id])
    finally:
        _execute(con, "drop table if exists incoming")
    return ImportSummary(
        import_id=import_id,
        user=user_id,
        source=staged.source,
        source_format=staged.source_format,
        file=str(Path(staged.file)),
        rows_read=staged.rows_read,
        entries_added=added,
        duplicates_skipped=skipped,
        rejected=staged.rows_rejected,
        rejects=[{"line": line, "reason": reason} for line, reason in rejects],
    )
