-- Every weekly sign row is complete, names a known sign and series, and stays within its range.
select *
from mart_weekly_signs
where user_id is null or week_start is null or iso_week is null or value is null or evidence is null
   or evidence < 1
   or sign not in ('alone_comfort', 'decision_confidence', 'time_apart_comfort', 'needs_expression',
                   'conflict_calmness', 'happiness_ownership')
   or series not in ('observed', 'self_rated')
   or series = 'self_rated' and value not between 1 and 5
   or series = 'observed' and sign in ('decision_confidence', 'happiness_ownership') and value not between 0 and 1
   or series = 'observed' and sign in ('alone_comfort', 'time_apart_comfort', 'conflict_calmness')
      and value not between -4 and 4
   or series = 'observed' and sign = 'needs_expression' and value < 0
