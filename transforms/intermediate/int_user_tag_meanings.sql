-- One row per user and normalised tag they used: the signal it means for them (null: none) and whose meaning
-- that is: 'yours' (their own vocabulary, which replaces the default; a null signal there means "nothing of
-- these"), 'default' (the shipped vocabulary, any language) or null (the tag means nothing yet).
-- A journal's or folder's name (`container` wherever the person used the words) means only what the person says:
-- the shipped vocabulary does not read it.
with tags as (
    select * from int_entry_tags_current
),

defaults as (
    select distinct term_key, signal from stg_seed__signal_terms where match = 'tag'
),

own as (
    select * from stg_warehouse__user_signal_terms where match = 'tag'
),

used as (
    select user_id, tag_key, bool_and(container) as container from tags group by user_id, tag_key
),

final as (
    select
        used.user_id,
        used.tag_key,
        case when own.term_key is not null then own.signal when not used.container then defaults.signal end
            as signal,
        case
            when own.term_key is not null then 'yours'
            when defaults.term_key is not null and not used.container then 'default'
        end as origin,
    from used
    left join own on own.user_id = used.user_id and own.term_key = used.tag_key
    left join defaults on defaults.term_key = used.tag_key
)

select * from final
