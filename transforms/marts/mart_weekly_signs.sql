-- One row per user x ISO week x sign x series with a value: `observed` (mood + signals) or `self_rated`
-- (weekly mean of check-in ratings, 1..5), never mixed. `evidence` is what the value rests on: entries,
-- decisions, days with a tag or note, conflict episodes or check-ins (see docs/method.md). Higher is better.
with observed as (
    select * from int_weekly_observed_signs
),

ratings as (
    select * from int_checkin_ratings_latest
),

observed_long as (
    select user_id, week_start, 'alone_comfort' as sign, alone_comfort as value, alone_entries as evidence
    from observed
    union all
    select user_id, week_start, 'decision_confidence', decision_confidence, decision_entries from observed
    union all
    select user_id, week_start, 'time_apart_comfort', time_apart_comfort, apart_together_entries from observed
    union all
    select user_id, week_start, 'needs_expression', needs_expression, described_days from observed
    union all
    select user_id, week_start, 'conflict_calmness', conflict_calmness, conflict_episodes from observed
    union all
    select user_id, week_start, 'happiness_ownership', happiness_ownership, tied_good_entries from observed
),

self_rated as (
    select user_id, week_start, sign, avg(rating) as value, count(*) as evidence
    from ratings
    group by user_id, week_start, sign
),

final as (
    select
        user_id,
        week_start,
        strftime(week_start, '%G-W%V') as iso_week,
        sign,
        series,
        value,
        evidence,
    from (
        select *, 'observed' as series from observed_long
        union all
        select *, 'self_rated' as series from self_rated
    )
    where value is not null
)

select * from final
