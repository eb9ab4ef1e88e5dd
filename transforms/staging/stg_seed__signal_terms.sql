-- One row per default vocabulary term (independence/signals.toml): tag or phrase, normalised, and its signal.
with source as (
    select * from seed_signal_terms
),

final as (
    select distinct
        match,
        normalised_text(term) as term_key,
        signal,
    from source
    where normalised_text(term) <> ''
)

select * from final
