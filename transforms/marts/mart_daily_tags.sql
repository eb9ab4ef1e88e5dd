-- One row per user, day and normalised tag present on that day (on any entry, with or without a mood);
-- `tag` is the most frequent spelling the user wrote for it.
with tags as (
    select * from stg_warehouse__entry_tags
),

entries as (
    select * from int_entries_current
),

tagged as (
    select entries.user_id, entries.logged_on as day, tags.tag_key, tags.tag
    from tags
    join entries using (entry_id)
    where tags.tag_key <> ''
),

spellings as (
    select user_id, tag_key, mode(tag) as tag from tagged group by user_id, tag_key
),

final as (
    select distinct tagged.user_id, tagged.day, tagged.tag_key, spellings.tag
    from tagged
    join spellings using (user_id, tag_key)
)

select * from final
