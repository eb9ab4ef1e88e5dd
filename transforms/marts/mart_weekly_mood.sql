-- One row per user per calendar week from the first to the last mood entry: days logged, the mean of
-- the daily mean moods (1..5) and its 95% t interval (null under 2 days), and `run`, a number shared by
-- consecutive weeks with a mood, so a chart draws each run apart and leaves the gaps visible.
with days as (
    select * from int_daily_mood_calendar
),

weekly as (
    select
        user_id,
        week_start,
        count(mood_mean) as days_logged,
        avg(mood_mean) as mood_mean,
        stddev_samp(mood_mean) as mood_sd,
    from days
    group by user_id, week_start
),

intervals as (
    select
        *,
        -- two-sided 97.5% quantile of Student's t for 1..6 degrees of freedom (2..7 days)
        [12.706, 4.303, 3.182, 2.776, 2.571, 2.447][days_logged - 1] * mood_sd / sqrt(days_logged) as half_width,
    from weekly
),

runs as (
    select
        *,
        sum(case when days_logged = 0 then 1 else 0 end) over (
            partition by user_id order by week_start rows unbounded preceding
        ) as run,
    from intervals
),

final as (
    select
        user_id,
        week_start,
        strftime(week_start, '%G-W%V') as iso_week,
        days_logged,
        mood_mean,
        case when half_width is not null then greatest(mood_mean - half_width, 1.0) end as mood_low,
        case when half_width is not null then least(mood_mean + half_width, 5.0) end as mood_high,
        case when days_logged > 0 then run end as run,
    from runs
)

select * from final
