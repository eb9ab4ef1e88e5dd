-- One row per conflict entry with a mood and a baseline: the drop below the week's baseline (mood points,
-- positive = below), hours until a later entry is back within 0.5 of baseline (0 if it never left,
-- capped at 168 = 7 days, flagged as censored), and the response tagged on the entry.
with entries as (
    select * from int_entries_signalled where mood_score is not null
),

baselines as (
    select user_id, week_start, baseline from int_weekly_baseline where baseline is not null
),

conflicts as (
    select entries.*, baselines.baseline
    from entries
    join baselines using (user_id, week_start)
    where entries.conflict
),

recoveries as (
    select conflicts.entry_id, min(later.logged_at_local) as recovered_at
    from conflicts
    join entries as later
        on later.user_id = conflicts.user_id
        and later.logged_at_local > conflicts.logged_at_local
        and later.logged_at_local <= conflicts.logged_at_local + interval 7 day
        and later.mood_score >= conflicts.baseline - 0.5
    group by conflicts.entry_id
),

final as (
    select
        conflicts.user_id,
        conflicts.entry_id,
        conflicts.logged_at_local,
        conflicts.week_start,
        conflicts.baseline,
        conflicts.mood_score,
        conflicts.baseline - conflicts.mood_score as drop_points,
        case
            when conflicts.mood_score >= conflicts.baseline - 0.5 then 0.0
            when recoveries.recovered_at is null then 168.0
            else epoch(recoveries.recovered_at - conflicts.logged_at_local) / 3600.0
        end as recovery_hours,
        conflicts.mood_score < conflicts.baseline - 0.5 and recoveries.recovered_at is null as recovery_censored,
        case
            when conflicts.calm_response and conflicts.reactive_response then 'mixed'
            when conflicts.calm_response then 'calm'
            when conflicts.reactive_response then 'reactive'
            else 'not_recorded'
        end as response,
    from conflicts
    left join recoveries using (entry_id)
)

select * from final
