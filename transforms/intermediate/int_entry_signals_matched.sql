-- One row per entry and signal it carries, with whether a tag, a note phrase or both said so.
-- A phrase counts only where it is not negated just before ("no argument today", "didn't yell").
with entries as (
    select entry_id, user_id, note_text from int_entries_current
),

tags as (
    select * from stg_warehouse__entry_tags
),

terms as (
    select * from int_signal_terms_resolved
),

-- materialized: inside the build's transaction the new tables have no statistics yet, and DuckDB
-- would otherwise join entries to every term of their user before looking at the tag (4x slower)
tagged as materialized (
    select entries.user_id, tags.entry_id, tags.tag_key
    from tags
    join entries using (entry_id)
),

tag_matches as (
    select tagged.entry_id, terms.signal, 'tag' as via
    from tagged
    join terms on terms.user_id = tagged.user_id and terms.match = 'tag' and terms.term_key = tagged.tag_key
),

phrase_candidates as (
    select entries.entry_id, entries.note_text, terms.term_key, terms.signal
    from entries
    join terms on terms.user_id = entries.user_id and terms.match = 'phrase'
    where entries.note_text <> '' and contains(' ' || entries.note_text || ' ', ' ' || terms.term_key || ' ')
),

phrase_matches as (
    select entry_id, signal, 'phrase' as via
    from phrase_candidates
    where contains(
        ' ' || regexp_replace(
            note_text,
            '(^| )(no|not|never|without|didn''t|didnt|don''t|dont|wasn''t|wasnt|isn''t|no more) ([^ ]+ ){0,2}'
                || term_key || '( |$)',
            ' ',
            'g'
        ) || ' ',
        ' ' || term_key || ' '
    )
),

final as (
    select
        entry_id,
        signal,
        bool_or(via = 'tag') as via_tag,
        bool_or(via = 'phrase') as via_phrase,
    from (select * from tag_matches union all select * from phrase_matches)
    group by entry_id, signal
)

select * from final
