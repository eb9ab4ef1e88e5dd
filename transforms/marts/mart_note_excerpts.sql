-- One row per current mood entry with written text: its day, mood (1..5) and the first 240 characters
-- of what the person wrote. Shown only in their own report and only when they ask (--include-notes).
with entries as (
    select * from int_entries_current where mood_score is not null
),

notes as (
    select * from stg_warehouse__entry_notes
),

final as (
    select
        entries.user_id,
        entries.entry_id,
        entries.logged_at_local,
        entries.logged_on as day,
        entries.week_start,
        entries.mood_score,
        left(notes.note_written, 240) as excerpt,
        length(notes.note_written) > 240 as shortened,
    from entries
    join notes using (entry_id)
)

select * from final
