"""Data tests on the canonical tables: each is a SELECT returning offending rows (none = pass)."""

from __future__ import annotations

import duckdb

CHECKS: dict[str, str] = {
    "entry_id is unique": "select entry_id from entries group by entry_id having count(*) > 1",
    "entry key columns are not null": """select * from entries
        where entry_id is null or user_id is null or source is null or logged_at_local is null
           or import_id is null or source_line is null""",
    "mood_score stays within 1..5": "select entry_id from entries where mood_score not between 1 and 5",
    "a mood_score has its mood_raw": "select entry_id from entries where mood_score is not null and mood_raw is null",
    "tags are unique per entry": "select entry_id, tag, tag_group from entry_tags group by all having count(*) > 1",
    "tags are trimmed and not empty": "select * from entry_tags where tag = '' or tag <> trim(tag)",
    "every tag belongs to an entry": "select t.* from entry_tags as t anti join entries as e using (entry_id)",
    "measures are unique per entry": "select entry_id, name from entry_measures group by all having count(*) > 1",
    "every measure belongs to an entry": "select m.* from entry_measures as m anti join entries as e using (entry_id)",
    "every entry belongs to an import": "select e.entry_id from entries as e anti join imports as i using (import_id)",
    "import counts add up": """select import_id from imports
        where entries_added + duplicates_skipped + rows_rejected <> rows_read""",
    "import rejects are all stored": """select i.import_id from imports as i
        where rows_rejected <> (select count(*) from rejected_rows as r where r.import_id = i.import_id)""",
}


def failed_checks(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Return each failing check's name with its number of offending rows (empty when all pass)."""
    failures = {}
    for name, sql in CHECKS.items():
        offending = con.execute(f"select count(*) from ({sql})").fetchall()[0][0]
        if offending:
            failures[name] = offending
    return failures
