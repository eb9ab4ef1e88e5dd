-- One row per user, context (apart from or together with the partner, as in mart_weekly_apart_together)
-- and mood level (the mood rounded to a whole point, 1..5) with its entries: the two mood distributions.
-- `entries_rounded` counts the entries whose mood lay between two whole points (an app's finer scale), so a
-- report can say that its distribution placed them at the nearest one.
with entries as (
    select * from int_entries_signalled where mood_score is not null
),

classified as (
    select
        user_id,
        week_start,
        round(mood_score)::integer as mood_level,
        mood_score <> round(mood_score) as rounded,
        case
            when (alone or apart) and not with_partner then 'apart'
            when with_partner and not (alone or apart) then 'together'
        end as context,
    from entries
),

final as (
    select user_id, week_start, context, mood_level, count(*) as entries, count(*) filter (where rounded) as entries_rounded,
    from classified
    where context is not null
    group by user_id, week_start, context, mood_level
)

select * from final
