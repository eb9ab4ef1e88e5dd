-- Conflict episodes are unique per entry, recover within 0..168 hours and name a known response.
select entry_id, count(*) as copies
from mart_conflict_episodes
group by entry_id
having count(*) > 1
    or bool_or(recovery_hours not between 0 and 168)
    or bool_or(recovery_hours is null or drop_points is null)
    or bool_or(response not in ('calm', 'reactive', 'mixed', 'not_recorded'))
    or bool_or(recovery_censored and recovery_hours <> 168)
