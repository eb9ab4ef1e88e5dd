-- One row per tag on an entry still current: the person, the entry's day, the tag as written, its group and its
-- normalised key (empty keys, an emoji alone, left out), and whether it is a `container`: the name of the Day One
-- journal or Diaro folder the entry is kept in, which the app puts on every entry there rather than the person
-- choosing it for this one ("Journal" is Day One's default journal, and "journal" a French word for self-care);
-- and whether it is a `feeling`: a word the app records for the feeling itself (Apple Health's and Bearable's
-- emotion labels, Pixels' and Obsidian's emotions, a Daylio group named Emotions), which describes the mood
-- rather than anything that went with it.
-- The one join of tags to entries every tag model reads.
with tags as (
    select * from stg_warehouse__entry_tags where tag_key <> ''
),

entries as (
    select entry_id, user_id, logged_on, source_app from int_entries_current
),

final as (
    select
        entries.user_id,
        tags.entry_id,
        entries.logged_on,
        tags.tag,
        tags.tag_group,
        tags.tag_key,
        (entries.source_app = 'dayone' and tags.tag_group = 'journal')
            or (entries.source_app = 'diaro' and tags.tag_group = 'folder') as container,
        lower(tags.tag_group) in ('emotion', 'emotions', 'feeling', 'feelings') as feeling,
    from tags
    join entries using (entry_id)
)

select * from final
