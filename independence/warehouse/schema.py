"""Create and migrate the canonical schema; every change is a numbered migration run once."""

from __future__ import annotations

import duckdb

from independence.warehouse.transaction import transaction

MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (
        1,
        "canonical entries, tags, measures, imports and rejected rows",
        [
            """create table imports (
                import_id bigint primary key,
                user_id varchar not null,
                source varchar not null,
                source_format varchar not null,
                file_name varchar not null,
                file_sha256 varchar not null,
                file_bytes bigint not null,
                rows_read bigint not null,
                entries_added bigint,
                duplicates_skipped bigint,
                rows_rejected bigint not null,
                started_at timestamptz not null,
                finished_at timestamptz
            )""",
            """create table entries (
                entry_id varchar not null,
                user_id varchar not null,
                source varchar not null,
                logged_at_local timestamp not null,
                tz varchar,
                mood_raw varchar,
                mood_score double check (mood_score between 1 and 5),
                note_title varchar,
                note varchar,
                import_id bigint not null,
                source_line bigint not null
            )""",
            """create table entry_tags (
                entry_id varchar not null,
                tag varchar not null,
                tag_group varchar not null
            )""",
            """create table entry_measures (
                entry_id varchar not null,
                name varchar not null,
                value double not null,
                value_max double
            )""",
            """create table rejected_rows (
                import_id bigint not null,
                line bigint not null,
                reason varchar not null,
                raw_line varchar
            )""",
        ],
    ),
    (
        2,
        "per-user signal vocabularies, transform builds and computed insights",
        [
            """create table user_signal_terms (
                user_id varchar not null,
                match varchar not null check (match in ('tag', 'phrase')),
                term varchar not null,
                signal varchar,
                primary key (user_id, match, term)
            )""",
            """create table builds (
                build_id bigint primary key,
                started_at timestamptz not null,
                finished_at timestamptz not null,
                last_import_id bigint not null,
                models integer not null,
                users integer not null
            )""",
            """create table user_insights (
                user_id varchar not null,
                window_weeks integer not null,
                build_id bigint not null,
                generated_at timestamptz not null,
                insights json not null,
                primary key (user_id, window_weeks)
            )""",
        ],
    ),
    (
        3,
        "one row per weekly report attempt: who, which week, outcome, and the data it covered",
        [
            """create table report_runs (
                flow_run varchar not null,
                user_id varchar not null,
                iso_week varchar not null,
                status varchar not null check (status in ('ok', 'failed')),
                path varchar,
                error varchar,
                last_import_id bigint not null,
                started_at timestamptz not null,
                finished_at timestamptz not null
            )""",
        ],
    ),
    (
        4,
        "the app's own id of an entry (Day One uuid, Journey id, Daylio backup id), where it gives one",
        ["alter table entries add column source_entry_id varchar"],
    ),
    (
        5,
        "what each written report said, per person and ISO week, so the next one can tell what changed",
        [
            """create table report_digests (
                user_id varchar not null,
                iso_week varchar not null,
                window_weeks integer not null,
                written_at timestamptz not null,
                digest json not null,
                primary key (user_id, iso_week, window_weeks)
            )""",
        ],
    ),
    (
        6,
        "the coach releases' ledger lives with the data it was built from: every release of a warehouse is "
        "audited against every earlier one, whatever folder or file it ran from",
        [
            """create table release_ledger (
                release_id bigint primary key,
                recorded_at timestamptz not null,
                key_fingerprint varchar not null,
                coach varchar not null,
                cohort varchar,
                iso_week varchar not null,
                epsilon double not null,
                entry json not null,
                retired_at timestamptz
            )""",
        ],
    ),
    (
        7,
        "insights are judged from the marts whenever they are asked for, by the same code as the report, so a "
        "stored copy that could disagree with it goes",
        ["drop table if exists user_insights"],
    ),
    (
        8,
        "moments a person marks (moved in together, started therapy): their own data, compared before and after "
        "in their report, deleted with them, never in a coach release",
        [
            """create table user_moments (
                user_id varchar not null,
                moment_id integer not null,
                on_date date not null,
                words varchar not null,
                added_at timestamptz not null,
                primary key (user_id, moment_id)
            )""",
        ],
    ),
    (
        9,
        "each build records the fingerprint of the models and vocabulary it ran with: a warehouse built by an "
        "older version is rebuilt whole before it is read, instead of failing or reading what the old models meant",
        ["alter table builds add column transforms varchar"],
    ),
]


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """Return the highest applied migration number (0 for an empty database)."""
    con.execute(
        "create table if not exists schema_version (version integer primary key, "
        "description varchar not null, applied_at timestamptz not null default now())"
    ).fetchall()
    return con.execute("select coalesce(max(version), 0) from schema_version").fetchall()[0][0]


def migrated(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Apply every pending migration, each in its own transaction; return the connection."""
    current = schema_version(con)
    for version, description, statements in MIGRATIONS:
        if version <= current:
            continue
        with transaction(con):
            for statement in statements:
                con.execute(statement).fetchall()
            con.execute(
                "insert into schema_version (version, description) values (?, ?)", [version, description]
            ).fetchall()
    return con
