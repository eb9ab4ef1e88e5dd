-- One row per user per day per part of the day with a mood: mean mood and entries, for the time-of-day
-- pattern. Parts: morning 05-12, afternoon 12-17, evening 17-22, night 22-05. Entries at exactly 00:00 or
-- 12:00 are left out: that is how apps write a date-only or all-day entry (Pixels, check-ins, Bearable's
-- "all day", Daylio's untimed entries), so their time says nothing about the part of the day.
with moods as (
    select user_id, logged_at_local, logged_on, week_start, mood_score
    from int_entries_current
    where mood_score is not null
        and strftime(logged_at_local, '%H:%M:%S') not in ('00:00:00', '12:00:00')
),

parted as (
    select
        *,
        case
            when hour(logged_at_local) between 5 and 11 then 'morning'
            when hour(logged_at_local) between 12 and 16 then 'afternoon'
            when hour(logged_at_local) between 17 and 21 then 'evening'
            else 'night'
        end as part_of_day,
    from moods
),

final as (
    select
        user_id,
        logged_on as day,
        week_start,
        part_of_day,
        avg(mood_score) as mood_mean,
        count(*) as mood_entries,
    from parted
    group by user_id, logged_on, week_start, part_of_day
)

select * from final
