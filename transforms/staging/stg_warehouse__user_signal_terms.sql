-- One row per term in a person's own vocabulary (`vocabulary --map`, --signals FILE, the upload page's
-- "Your words"), normalised; a null signal means "this term means nothing of these" (ignore it).
with source as (
    select * from user_signal_terms
),

final as (
    select distinct
        user_id,
        match,
        normalised_text(term) as term_key,
        split_part(normalised_text(term), ' ', 1) as first_word,
        signal,
    from source
    where normalised_text(term) <> ''
)

select * from final
