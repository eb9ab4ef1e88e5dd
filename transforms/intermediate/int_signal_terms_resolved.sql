-- One row per user, match kind and term: the vocabulary in force for that user. A term in the user's own
-- file replaces the default meaning of the same term (or removes it when its signal is null).
with users as (
    select distinct user_id from int_entries_current
),

defaults as (
    select * from stg_seed__signal_terms where signal is not null
),

overrides as (
    select * from stg_warehouse__user_signal_terms
),

defaults_kept as (
    select users.user_id, defaults.match, defaults.term_key, defaults.signal
    from users
    cross join defaults
    anti join overrides
        on overrides.user_id = users.user_id
        and overrides.match = defaults.match
        and overrides.term_key = defaults.term_key
),

final as (
    select * from defaults_kept
    union
    select user_id, match, term_key, signal from overrides where signal is not null
)

select * from final
