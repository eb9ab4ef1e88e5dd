-- One row per user x ISO week x sign x series with any input: the entries (or check-in ratings) that speak to
-- the sign that week, whether or not they make a value yet. A sign whose series has no input in a window is
-- one the data cannot speak to ("no_inputs"); with inputs but no verdict, more of the same would help.
-- Time apart counts entries apart and entries together; the report checks that both kinds exist.
with observed as (
    select * from int_weekly_observed_signs
),

ratings as (
    select * from int_checkin_ratings_latest
),

observed_long as (
    select user_id, week_start, 'alone_comfort' as sign, alone_inputs as inputs from observed
    union all
    select user_id, week_start, 'decision_confidence', decision_entries from observed
    union all
    select user_id, week_start, 'time_apart_comfort', apart_together_inputs from observed
    union all
    select user_id, week_start, 'needs_expression', needs_entries from observed
    union all
    select user_id, week_start, 'conflict_calmness', conflict_entries from observed
    union all
    select user_id, week_start, 'happiness_ownership', tied_good_entries from observed
),

self_rated as (
    select user_id, week_start, sign, count(*) as inputs from ratings group by user_id, week_start, sign
),

final as (
    select user_id, week_start, strftime(week_start, '%G-W%V') as iso_week, sign, series, inputs
    from (
        select *, 'observed' as series from observed_long
        union all
        select *, 'self_rated' as series from self_rated
    )
    where inputs > 0
)

select * from final
