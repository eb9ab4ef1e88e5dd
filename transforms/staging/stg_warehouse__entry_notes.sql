-- One row per entry with written text: the title and note as the person wrote them (not normalised),
-- for the excerpts a person may ask to see in their own report.
with source as (
    select * from entries
),

final as (
    select
        entry_id,
        concat_ws(' — ', nullif(trim(note_title), ''), nullif(trim(note), '')) as note_written,
    from source
    where coalesce(trim(note_title), '') <> '' or coalesce(trim(note), '') <> ''
)

select * from final
