-- One row per run of consecutive calendar days without a mood entry, between a user's first and last
-- mood entry: first and last missing day and the number of days (people often skip the hard days).
with days as (
    select * from int_daily_mood_calendar
),

numbered as (
    select
        user_id,
        day,
        logged,
        day - to_days(row_number() over (partition by user_id, logged order by day)::integer) as run_key,
    from days
),

final as (
    select user_id, min(day) as first_day, max(day) as last_day, count(*) as days,
    from numbered
    where not logged
    group by user_id, run_key
)

select * from final
