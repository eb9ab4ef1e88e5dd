-- One row per entry with one boolean per canonical signal (false when the entry does not carry it), and
-- whether it carries any tag (`tagged`) or says anything at all, a tag or a note (`described`), and whether its
-- note speaks of a conflict without saying it was with the partner (`conflict_unattributed`: not counted).
-- A mood entry also carries the signals of the same app's entries without a mood on that day (Bearable
-- records factors such as "With partner" once a day, apart from its mood rows), and those factors speak for
-- the partner when its note speaks of a conflict.
with entries as (
    select * from int_entries_current
),

tagged as (  -- by the person: a journal's or folder's name is on every entry kept there
    select distinct entry_id from int_entry_tags_current where not container
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
    union all
    select entry_id, signal from day_signals
),

-- a conflict note counts when the day's own factors speak of the partner (a Bearable day is one entry)
attributed_by_day as (
    select unattributed.entry_id, 'conflict' as signal
    from unattributed
    semi join day_and_entry_signals as partner
        on partner.entry_id = unattributed.entry_id and partner.signal in ('with_partner', 'partner_mention')
),

-- the signals, and two marks read the same way: a tag at all, a conflict note not about the partner
signals as (
    select entry_id, signal from day_and_entry_signals
    union all
    select entry_id, signal from attributed_by_day
    union all
    select entry_id, 'conflict_unattributed' from unattributed anti join attributed_by_day using (entry_id)
    union all
    select entry_id, 'tagged' from tagged
),

flags as (
    select
        entry_id,
        bool_or(signal = 'with_partner') as with_partner,
        bool_or(signal = 'alone') as alone,
        bool_or(signal = 'apart') as apart,
        bool_or(signal = 'conflict') as conflict,
        bool_or(signal = 'calm_response') as calm_response,
        bool_or(signal = 'reactive_response') as reactive_response,
        bool_or(signal = 'needs_expressed') as needs_expressed,
        bool_or(signal = 'own_activity') as own_activity,
        bool_or(signal = 'social_other') as social_other,
        bool_or(signal = 'self_care') as self_care,
        bool_or(signal = 'reassurance_seeking') as reassurance_seeking,
        bool_or(signal = 'decision_independent') as decision_independent,
        bool_or(signal = 'second_guessing') as second_guessing,
        bool_or(signal = 'tagged') as tagged,
        bool_or(signal = 'conflict_unattributed') as conflict_unattributed,
    from signals
    group by entry_id
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
        coalesce(flags.with_partner, false) as with_partner,
        coalesce(flags.alone, false) as alone,
        coalesce(flags.apart, false) as apart,
        coalesce(flags.conflict, false) as conflict,
        coalesce(flags.calm_response, false) as calm_response,
        coalesce(flags.reactive_response, false) as reactive_response,
        coalesce(flags.needs_expressed, false) as needs_expressed,
        coalesce(flags.own_activity, false) as own_activity,
        coalesce(flags.social_other, false) as social_other,
        coalesce(flags.self_care, false) as self_care,
        coalesce(flags.reassurance_seeking, false) as reassurance_seeking,
        coalesce(flags.decision_independent, false) as decision_independent,
        coalesce(flags.second_guessing, false) as second_guessing,
        coalesce(flags.tagged, false) as tagged,
        coalesce(flags.tagged, false) or entries.note_text <> '' as described,
        coalesce(flags.conflict_unattributed, false) as conflict_unattributed,
    from entries
    left join flags using (entry_id)
)

select * from final
