-- One row per tag on an entry still current: the person, the entry's day, the tag as written, its group and its
-- normalised key (empty keys, an emoji alone, left out), and whether it is a `container`: the name of the Day One
-- journal or Diaro folder the entry is kept in, which the app puts on every entry there rather than the person
-- choosing it for this one ("Journal" is Day One's default journal, and "journal" a French word for self-care);
-- and whether it is a `feeling`: a word for the feeling itself, which describes the mood rather than anything
-- that went with it: a tag in the group an app keeps feelings in (Apple Health's and Bearable's emotion labels,
-- Pixels' and Obsidian's emotions, a Daylio group named Emotions), or a tag that is one of the vocabularies'
-- `feelings` ("sad", "müde": Daylio's CSV does not name its Emotions group, an iMoodJournal hashtag none).
-- The one join of tags to entries every tag model reads.
with tags as (
    select * from stg_warehouse__entry_tags where tag_key <> ''
),

entries as (
    select entry_id, user_id, logged_on, source_app from int_entries_current
),

feeling_words as (
    select distinct term_key from stg_seed__signal_terms where match = 'feeling'
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
        lower(tags.tag_group) in ('emotion', 'emotions', 'feeling', 'feelings')
            or feeling_words.term_key is not null as feeling,
    from tags
    join entries using (entry_id)
    left join feeling_words on feeling_words.term_key = tags.tag_key
)

select * from final
