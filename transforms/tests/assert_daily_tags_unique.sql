-- mart_daily_tags has one row per user, day and tag key, each with a spelling.
select user_id, day, tag_key, count(*) as copies
from mart_daily_tags
group by all
having count(*) > 1 or bool_or(tag is null)
