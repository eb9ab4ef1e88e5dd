-- mart_weekly_signs has one row per user, week, sign and series.
select user_id, week_start, sign, series, count(*) as copies
from mart_weekly_signs
group by all
having count(*) > 1
