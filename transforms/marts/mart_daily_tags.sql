-- One row per user, day and normalised tag present on that day (on any entry, with or without a mood);
-- `tag` is the most frequent spelling the user wrote for it, `feeling` whether every use of it names the feeling
-- itself (`int_entry_tags_current.feeling`: not tested against the mood it describes).
with tagged as (
    select user_id, logged_on as day, tag_key, tag, feeling from int_entry_tags_current
),

spellings as (
    select user_id, tag_key, mode(tag) as tag, bool_and(feeling) as feeling from tagged group by user_id, tag_key
),

final as (
    select distinct tagged.user_id, tagged.day, tagged.tag_key, spellings.tag, spellings.feeling
    from tagged
    join spellings using (user_id, tag_key)
)

select * from final
