-- One row per canonical entry: local time, calendar day, ISO week (its Monday), mood 1..5, normalised note text,
-- and the app's own id of the entry where it gives one.
with source as (
    select * from entries
),

final as (
    select
        entry_id,
        user_id,
        source as source_app,
        logged_at_local,
        logged_at_local::date as logged_on,
        date_trunc('week', logged_at_local)::date as week_start,
        mood_score,
        normalised_text(concat_ws(' ', note_title, note)) as note_text,
        import_id,
        source_entry_id,
    from source
)

select * from final
