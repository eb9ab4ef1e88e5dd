-- One row per tag on an entry still current: the person, the entry's day, the tag as written, its group and its
-- normalised key (empty keys, an emoji alone, left out). The one join of tags to entries every tag model reads.
with tags as (
    select * from stg_warehouse__entry_tags where tag_key <> ''
),

entries as (
    select entry_id, user_id, logged_on from int_entries_current
),

final as (
    select entries.user_id, tags.entry_id, entries.logged_on, tags.tag, tags.tag_group, tags.tag_key
    from tags
    join entries using (entry_id)
)

select * from final
