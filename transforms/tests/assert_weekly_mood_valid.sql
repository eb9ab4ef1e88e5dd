-- Offending rows: a user-week twice, a mean outside 1..5, or an interval that does not hold its mean.
with weeks as (
    select * from mart_weekly_mood
),

duplicated as (
    select user_id, week_start, 'duplicate week' as problem
    from weeks group by user_id, week_start having count(*) > 1
),

invalid as (
    select user_id, week_start, 'mean or interval out of range' as problem
    from weeks
    where mood_mean not between 1 and 5
        or mood_low > mood_mean
        or mood_high < mood_mean
        or (days_logged = 0) <> (mood_mean is null)
),

final as (
    select * from duplicated
    union all
    select * from invalid
)

select * from final
