-- A person's tag has one meaning and one row in mart_user_tags (no default term means two signals), with
-- counts that hold together and moods in 1..5.
select user_id, tag_key, count(*) as copies
from mart_user_tags
group by user_id, tag_key
having count(*) > 1
    or bool_or(entries < days or days < 1)
    or bool_or(mood_with not between 1 and 5 or mood_without not between 1 and 5)
    or bool_or(origin = 'default' and signal is null)
