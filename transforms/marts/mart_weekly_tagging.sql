-- One row per user per ISO week with mood entries: how many there were and how many carry a tag, and
-- a tag or a note (`described`), so a sharp change in how much a person tags is seen and said, never read
-- as a change in them; and how many notes speak of a conflict without saying it was with the partner.
with entries as (
    select * from int_entries_signalled where mood_score is not null
),

final as (
    select
        user_id,
        week_start,
        strftime(week_start, '%G-W%V') as iso_week,
        count(*) as mood_entries,
        count(*) filter (where tagged) as tagged_entries,
        count(*) filter (where described) as described_entries,
        count(*) filter (where conflict_unattributed and not conflict) as conflict_notes_unattributed,
    from entries
    group by user_id, week_start
)

select * from final
