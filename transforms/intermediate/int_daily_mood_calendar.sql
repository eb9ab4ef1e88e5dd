-- One row per user per calendar day from their first to their last mood entry, logged or not:
-- mean mood (1..5, null on days without a mood entry) and the number of mood entries.
with moods as (
    select user_id, logged_on, mood_score from int_entries_current where mood_score is not null
),

spans as (
    select user_id, min(logged_on) as first_day, max(logged_on) as last_day from moods group by user_id
),

calendar as (
    select user_id, unnest(generate_series(first_day, last_day, interval 1 day))::date as day from spans
),

daily as (
    select user_id, logged_on as day, avg(mood_score) as mood_mean, count(*) as mood_entries
    from moods
    group by user_id, logged_on
),

final as (
    select
        calendar.user_id,
        calendar.day,
        date_trunc('week', calendar.day)::date as week_start,
        daily.mood_mean,
        coalesce(daily.mood_entries, 0) as mood_entries,
        daily.day is not null as logged,
    from calendar
    left join daily using (user_id, day)
)

select * from final
