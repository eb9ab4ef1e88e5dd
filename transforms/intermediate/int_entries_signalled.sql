-- One row per entry with one boolean per canonical signal (false when the entry does not carry it).
-- A mood entry also carries the signals of the same app's entries without a mood on that day (Bearable
-- records factors such as "With partner" once a day, apart from its mood rows).
with entries as (
    select * from int_entries_current
),

matched as (
    select * from int_entry_signals_matched
),

day_signals as (
    select moods.entry_id, matched.signal
    from entries as moods
    join entries as moodless
        on moodless.user_id = moods.user_id
        and moodless.source_app = moods.source_app
        and moodless.logged_on = moods.logged_on
        and moodless.mood_score is null
    join matched on matched.entry_id = moodless.entry_id
    where moods.mood_score is not null
),

signals as (
    select entry_id, signal from matched
    union
    select entry_id, signal from day_signals
),

final as (
    select
        entries.entry_id,
        entries.user_id,
        entries.source_app,
        entries.logged_at_local,
        entries.logged_on,
        entries.week_start,
        entries.mood_score,
        coalesce(bool_or(signals.signal = 'with_partner'), false) as with_partner,
        coalesce(bool_or(signals.signal = 'alone'), false) as alone,
        coalesce(bool_or(signals.signal = 'apart'), false) as apart,
        coalesce(bool_or(signals.signal = 'conflict'), false) as conflict,
        coalesce(bool_or(signals.signal = 'calm_response'), false) as calm_response,
        coalesce(bool_or(signals.signal = 'reactive_response'), false) as reactive_response,
        coalesce(bool_or(signals.signal = 'needs_expressed'), false) as needs_expressed,
        coalesce(bool_or(signals.signal = 'own_activity'), false) as own_activity,
        coalesce(bool_or(signals.signal = 'social_other'), false) as social_other,
        coalesce(bool_or(signals.signal = 'self_care'), false) as self_care,
        coalesce(bool_or(signals.signal = 'reassurance_seeking'), false) as reassurance_seeking,
        coalesce(bool_or(signals.signal = 'decision_independent'), false) as decision_independent,
        coalesce(bool_or(signals.signal = 'second_guessing'), false) as second_guessing,
    from entries
    left join signals using (entry_id)
    group by all
)

select * from final
