-- One row per user per calendar day from first to last mood entry: mean mood (null = not logged, never
-- interpolated), entries that day, and the ISO week, for charts and tag effects.
with days as (
    select * from int_daily_mood_calendar
),

final as (
    select
        user_id,
        day,
        week_start,
        strftime(week_start, '%G-W%V') as iso_week,
        mood_mean,
        mood_entries,
        logged,
    from days
)

select * from final
