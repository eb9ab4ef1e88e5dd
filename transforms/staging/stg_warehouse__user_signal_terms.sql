-- One row per term in a user's own vocabulary (--signals FILE); a null signal means "ignore this term".
with source as (
    select * from user_signal_terms
),

final as (
    select distinct
        user_id,
        match,
        normalised_text(term) as term_key,
        signal,
    from source
    where normalised_text(term) <> ''
)

select * from final
