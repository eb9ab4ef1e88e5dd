-- One row per user per week with mood entries: the six signs as observed from mood and signals, each with
-- the number of entries, decisions, days or episodes it rests on, and the inputs that speak to each sign
-- (entries carrying its signals, whether or not they make a value yet). See docs/method.md.
-- Share-type signs are computed only over entries that carry the relevant kind of signal, and expressing
-- needs only over days with a tag or a note, for people who noted a need at least once: a week without such
-- evidence has no value, never 0%, so a change in how much a person tags is not read as a change in them.
-- Owning one's happiness likewise only for people whose entries speak of their partner at least once: without
-- that, the share of good moments not tied to the partner is 100% by construction, not a finding.
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

classified as (
    select
        entries.*,
        baselines.baseline,
        entries.alone and not entries.with_partner as is_alone,
        entries.decision_independent or entries.second_guessing as is_decision,
        entries.mood_score >= 4
            and (entries.with_partner or entries.own_activity or entries.social_other or entries.self_care)
            as is_tied_good,
        (entries.own_activity or entries.social_other or entries.self_care) and not entries.with_partner
            as is_own_life,
    from entries
    left join baselines using (user_id, week_start)
),

entry_weeks as (
    select
        user_id,
        week_start,
        avg(mood_score - baseline) filter (where is_alone) as alone_comfort,
        count(baseline) filter (where is_alone) as alone_entries,
        count(*) filter (where is_alone) as alone_inputs,
        count(*) filter (where decision_independent and not second_guessing)
            / nullif(count(*) filter (where is_decision), 0) as decision_confidence,
        count(*) filter (where is_decision) as decision_entries,
        count(*) filter (where needs_expressed) as needs_entries,
        count(distinct logged_on) filter (where described) as described_days,
        count(*) filter (where is_tied_good and is_own_life) / nullif(count(*) filter (where is_tied_good), 0)
            as happiness_ownership,
        count(*) filter (where is_tied_good) as tied_good_entries,
        count(*) filter (where with_partner) as partner_entries,
        count(*) filter (where conflict) as conflict_entries,
    from classified
    group by user_id, week_start
),

speaking_of_partner as (
    select
        *,
        sum(partner_entries) over (partition by user_id) > 0 as speaks_of_partner,
    from entry_weeks
),

final as (
    select
        entry_weeks.* exclude (happiness_ownership, tied_good_entries, partner_entries, speaks_of_partner),
        case when sum(entry_weeks.needs_entries) over (partition by entry_weeks.user_id) > 0
            then entry_weeks.needs_entries / nullif(entry_weeks.described_days, 0) end as needs_expression,
        case when entry_weeks.speaks_of_partner then entry_weeks.happiness_ownership end as happiness_ownership,
        case when entry_weeks.speaks_of_partner then entry_weeks.tied_good_entries else 0 end as tied_good_entries,
        baselines.days_logged,
        apart_together.apart_gap as time_apart_comfort,
        case when apart_together.apart_gap is not null
            then apart_together.entries_apart + apart_together.entries_together else 0 end as apart_together_entries,
        coalesce(apart_together.entries_apart, 0) + coalesce(apart_together.entries_together, 0)
            as apart_together_inputs,
        episodes.calmness as conflict_calmness,
        coalesce(episodes.episodes, 0) as conflict_episodes,
    from speaking_of_partner as entry_weeks
    join baselines using (user_id, week_start)
    left join apart_together using (user_id, week_start)
    left join episodes using (user_id, week_start)
)

select * from final
