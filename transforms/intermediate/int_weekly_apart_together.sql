-- One row per user per week with mood entries: mean mood on entries apart from the partner (alone or
-- apart, not with the partner) and together (with the partner, not alone or apart), counts, and the gap.
with entries as (
    select * from int_entries_signalled where mood_score is not null
),

classified as (
    select
        user_id,
        week_start,
        mood_score,
        (alone or apart) and not with_partner as is_apart,
        with_partner and not (alone or apart) as is_together,
    from entries
),

final as (
    select
        user_id,
        week_start,
        avg(mood_score) filter (where is_apart) as mood_apart,
        count(*) filter (where is_apart) as entries_apart,
        avg(mood_score) filter (where is_together) as mood_together,
        count(*) filter (where is_together) as entries_together,
        avg(mood_score) filter (where is_apart) - avg(mood_score) filter (where is_together) as apart_gap,
    from classified
    group by user_id, week_start
)

select * from final
