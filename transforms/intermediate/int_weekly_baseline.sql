-- One row per user per calendar week: the personal baseline, i.e. the mean of daily mean mood over the
-- four weeks before it (the week itself excluded), from entries that are not conflicts, so a baseline
-- is the usual mood that conflicts are measured against; null when fewer than 7 of those 28 days count.
with days as (
    select * from int_daily_mood_calendar
),

calm_days as (
    select user_id, logged_on as day, avg(mood_score) as mood_mean
    from int_entries_signalled
    where mood_score is not null and not conflict
    group by user_id, logged_on
),

weeks as (
    select
        days.user_id,
        days.week_start,
        count(days.mood_mean) as days_logged,
        sum(calm_days.mood_mean) as calm_mood_sum,
        count(calm_days.mood_mean) as calm_days,
    from days
    left join calm_days using (user_id, day)
    group by days.user_id, days.week_start
),

previous_weeks as (
    select
        user_id,
        week_start,
        days_logged,
        sum(calm_mood_sum) over previous_four as trailing_sum,
        sum(calm_days) over previous_four as trailing_days,
    from weeks
    window previous_four as (partition by user_id order by week_start range between interval 28 day preceding
        and interval 1 day preceding)
),

final as (
    select
        user_id,
        week_start,
        days_logged,
        coalesce(trailing_days, 0) as baseline_days,
        case when trailing_days >= 7 then trailing_sum / trailing_days end as baseline,
    from previous_weeks
)

select * from final
