-- One row per user per week with mood entries: mean mood apart and together from the partner, counts,
-- and the gap (apart minus together, mood points; null unless both were logged that week).
with weeks as (
    select * from int_weekly_apart_together
),

final as (
    select
        user_id,
        week_start,
        strftime(week_start, '%G-W%V') as iso_week,
        mood_apart,
        entries_apart,
        mood_together,
        entries_together,
        apart_gap,
    from weeks
)

select * from final
