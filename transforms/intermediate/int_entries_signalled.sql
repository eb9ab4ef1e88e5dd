-- One row per entry with one boolean per canonical signal (false when the entry does not carry it), and
-- whether it carries any tag (`tagged`) or says anything at all, a tag or a note (`described`), and whether its
-- note speaks of a conflict without saying it was with the partner (`conflict_unattributed`: not counted).
-- A mood entry also carries the signals of the same app's entries without a mood on that day (Bearable
-- records factors such as "With partner" once a day, apart from its mood rows), and those factors speak for
-- the partner when its note speaks of a conflict.
with entries as (
    select * from int_entries_current
),

tagged as (
    select distinct entry_id from stg_warehouse__entry_tags where tag_key <> ''
),

matched as (
    select * from int_entry_signals_matched where counted
),

unattributed as (
    select entry_id from int_entry_signals_matched where signal = 'conflict' and not counted
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

day_and_entry_signals as (
    select entry_id, signal from matched
    union
    select entry_id, signal from day_signals
),

-- a conflict note counts when the day's own factors speak of the partner (a Bearable day is one entry)
attributed_by_day as (
    select unattributed.entry_id, 'conflict' as signal
    from unattributed
    semi join day_and_entry_signals as partner
        on partner.entry_id = unattributed.entry_id and partner.signal in ('with_partner', 'partner_mention')
),

signals as (
    select entry_id, signal from day_and_entry_signals
    union
    select entry_id, signal from attributed_by_day
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
        entries.entry_id in (select entry_id from tagged) as tagged,
        entries.entry_id in (select entry_id from tagged) or entries.note_text <> '' as described,
        entries.entry_id in (select entry_id from unattributed)
            and entries.entry_id not in (select entry_id from attributed_by_day) as conflict_unattributed,
    from entries
    left join signals using (entry_id)
    group by all
)

select * from final
