-- One row per default vocabulary term (independence/analysis/vocabulary/<language>.toml), normalised: a tag,
-- phrase or `except` phrase with its signal, or a negation word (signal null); `first_word` indexes phrases.
with source as (
    select * from seed_signal_terms
),

final as (
    select distinct
        language,
        match,
        normalised_text(term) as term_key,
        split_part(normalised_text(term), ' ', 1) as first_word,
        signal,
    from source
    where normalised_text(term) <> ''
)

select * from final
