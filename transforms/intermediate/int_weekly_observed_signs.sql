-- One row per user per week with mood entries: the six signs as observed from mood and signals, each
-- with the number of entries, decisions, days or episodes it rests on (see docs/method.md).
with entries as (
    select * from int_entries_signalled where mood_score is not null
),

baselines as (
    select * from int_weekly_baseline
),

apart_together as (
    select * from int_weekly_apart_together
),

episodes as (
    select user_id, week_start, -avg(drop_points) as calmness, count(*) as episodes
    from int_conflict_episodes
    group by user_id, week_start
),

entry_weeks as (
    select
        entries.user_id,
        entries.week_start,
        avg(entries.mood_score - baselines.baseline) filter (where entries.alone and not entries.with_partner)
            as alone_comfort,
        count(baselines.baseline) filter (where entries.alone and not entries.with_partner) as alone_entries,
        count(*) filter (where entries.decision_independent and not entries.second_guessing)
            / nullif(count(*) filter (where entries.decision_independent or entries.second_guessing), 0)
            as decision_confidence,
        count(*) filter (where entries.decision_independent or entries.second_guessing) as decision_entries,
        count(*) filter (where entries.needs_expressed) as needs_entries,
        count(*) filter (
            where entries.mood_score >= 4
              and (entries.own_activity or entries.social_other or entries.self_care)
              and not entries.with_partner
        ) / nullif(count(*) filter (where entries.mood_score >= 4), 0) as happiness_ownership,
        count(*) filter (where entries.mood_score >= 4) as good_entries,
    from entries
    left join baselines using (user_id, week_start)
    group by entries.user_id, entries.week_start
),

final as (
    select
        entry_weeks.*,
        entry_weeks.needs_entries / baselines.days_logged as needs_expression,
        baselines.days_logged,
        apart_together.apart_gap as time_apart_comfort,
        case when apart_together.apart_gap is not null
            then apart_together.entries_apart + apart_together.entries_together else 0 end as apart_together_entries,
        episodes.calmness as conflict_calmness,
        coalesce(episodes.episodes, 0) as conflict_episodes,
    from entry_weeks
    join baselines using (user_id, week_start)
    left join apart_together using (user_id, week_start)
    left join episodes using (user_id, week_start)
)

select * from final
