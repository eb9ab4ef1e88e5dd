-- The daily calendar has exactly one row per day from each user's first to last day, and moods in 1..5.
select user_id, count(*) as days, count(distinct day) as distinct_days, min(day) as first_day, max(day) as last_day
from mart_daily_mood
group by user_id
having count(*) <> count(distinct day)
    or count(*) <> date_diff('day', min(day), max(day)) + 1
    or bool_or(mood_mean not between 1 and 5)
    or bool_or(logged <> (mood_mean is not null))
