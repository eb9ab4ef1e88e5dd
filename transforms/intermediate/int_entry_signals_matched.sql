-- One row per entry and signal it carries, with whether a tag, a note phrase or both said so, and whether it
-- `counted` (a conflict phrase about someone other than the partner is kept, uncounted, so it can be told).
-- A tag means what the person's own vocabulary says, else the default (int_user_tag_meanings). A phrase
-- counts where it stands as whole words, not negated just before ("no argument today", "pas de dispute")
-- and not inside one of its signal's `except` phrases ("snowball fight"); the person's own phrases replace
-- default ones of the same words. A default conflict phrase counts only in an entry that also speaks of the
-- partner (a with_partner tag or phrase, or a partner_mention phrase): "fought a half cab" or a news item
-- is not a conflict with the partner. Phrases the person gave themselves always count.
with entries as (
    select entry_id, user_id, note_text from int_entries_current
),

tagged as (
    select user_id, entry_id, tag_key, container from int_entry_tags_current
),

meanings as (
    select * from int_user_tag_meanings where signal is not null
),

defaults as (
    select * from stg_seed__signal_terms
),

own as (
    select * from stg_warehouse__user_signal_terms where match = 'phrase'
),

negation_pattern as (
    select '(^| )(' || string_agg(distinct term_key, '|') || ') ([^ ]+ ){0,2}' as prefix
    from defaults
    where match = 'negation'
),

except_patterns as (
    select signal, '(^| )(' || string_agg(distinct term_key, '|') || ')( |$)' as pattern
    from defaults
    where match = 'except'
    group by signal
),

tag_matches as (  -- a journal's or folder's name only by the person's own meaning (int_user_tag_meanings)
    select tagged.entry_id, meanings.signal, 'tag' as via, 'tag' as origin
    from tagged
    join meanings using (user_id, tag_key)
    where not (tagged.container and meanings.origin = 'default')
),

-- each distinct word of a note, so only phrases starting with a word the note holds are looked at
note_words as materialized (
    select distinct entry_id, user_id, unnest(string_split(note_text, ' ')) as word
    from entries
    where note_text <> ''
),

default_candidates as (
    select note_words.entry_id, note_words.user_id, defaults.term_key, defaults.signal, 'default' as origin
    from note_words
    join defaults on defaults.match = 'phrase' and defaults.first_word = note_words.word
),

own_candidates as (
    select note_words.entry_id, own.term_key, own.signal, 'yours' as origin
    from note_words
    join own on own.user_id = note_words.user_id and own.first_word = note_words.word
),

candidates as (
    select entry_id, term_key, signal, origin
    from default_candidates
    anti join own on own.user_id = default_candidates.user_id and own.term_key = default_candidates.term_key
    union all
    select entry_id, term_key, signal, origin from own_candidates where signal is not null
),

phrase_matches as (
    select candidates.entry_id, candidates.signal, 'phrase' as via, candidates.origin
    from candidates
    join entries using (entry_id)
    cross join negation_pattern
    left join except_patterns using (signal)
    where contains(' ' || entries.note_text || ' ', ' ' || candidates.term_key || ' ')
      and contains(
        ' ' || regexp_replace(
            if(
                candidates.signal = 'partner_mention',  -- a mention is a mention, negated or not
                entries.note_text,
                regexp_replace(entries.note_text, negation_pattern.prefix || candidates.term_key || '( |$)', ' ', 'g')
            ),
            coalesce(except_patterns.pattern, '^$'),
            ' ',
            'g'
        ) || ' ',
        ' ' || candidates.term_key || ' '
    )
),

matches as (
    select * from tag_matches
    union all
    select * from phrase_matches
),

about_the_partner as (
    select distinct entry_id from matches where signal in ('with_partner', 'partner_mention')
),

final as (
    select
        entry_id,
        signal,
        bool_or(via = 'tag') as via_tag,
        bool_or(via = 'phrase') as via_phrase,
        bool_or(
            signal <> 'conflict'
            or via = 'tag'
            or origin = 'yours'
            or entry_id in (select entry_id from about_the_partner)
        ) as counted,
    from matches
    group by entry_id, signal
)

select * from final
