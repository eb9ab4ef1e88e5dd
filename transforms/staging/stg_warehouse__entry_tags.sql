-- One row per tag on an entry: the tag as written and its normalised key (lower case, no emoji or punctuation).
with source as (
    select * from entry_tags
),

final as (
    select
        entry_id,
        tag,
        tag_group,
        normalised_text(tag) as tag_key,
    from source
)

select * from final
