-- One row per user and normalised tag they used: the spelling and group they wrote most, entries and days
-- carrying it, the mean daily mood (1..5) on days with it and on the other days with a mood, and what it
-- means now: the signal (null: nothing yet) and whose meaning that is ('yours', 'default' or null); `container`
-- when it is only ever the name of a journal or folder the entries are kept in (nothing is suggested for it).
with tagged as (
    select * from int_entry_tags_current
),

meanings as (
    select * from int_user_tag_meanings
),

moods as (
    select user_id, day, mood_mean from int_daily_mood_calendar where logged
),

counts as (
    select
        user_id,
        tag_key,
        mode(tag) as tag,
        mode(tag_group) as tag_group,
        count(distinct entry_id) as entries,
        count(distinct logged_on) as days,
        bool_and(container) as container,
    from tagged
    group by user_id, tag_key
),

days_with as (
    select tag_days.user_id, tag_days.tag_key, sum(moods.mood_mean) as mood_sum, count(*) as mood_days
    from (select distinct user_id, tag_key, logged_on as day from tagged) as tag_days
    join moods using (user_id, day)
    group by tag_days.user_id, tag_days.tag_key
),

totals as (
    select user_id, sum(mood_mean) as mood_sum, count(*) as mood_days from moods group by user_id
),

final as (
    select
        counts.user_id,
        counts.tag_key,
        counts.tag,
        counts.tag_group,
        counts.entries,
        counts.days,
        coalesce(days_with.mood_days, 0) as mood_days_with,
        round(days_with.mood_sum / days_with.mood_days, 6) as mood_with,
        coalesce(totals.mood_days, 0) - coalesce(days_with.mood_days, 0) as mood_days_without,
        -- the other days' sum as the total less the tag's days, rounded: the subtraction's float error could
        -- otherwise put an all-5 mean a hair above 5
        round(
            (totals.mood_sum - coalesce(days_with.mood_sum, 0))
                / nullif(totals.mood_days - coalesce(days_with.mood_days, 0), 0),
            6
        ) as mood_without,
        meanings.signal,
        meanings.origin,
        counts.container,
    from counts
    join meanings using (user_id, tag_key)
    left join days_with using (user_id, tag_key)
    left join totals using (user_id)
)

select * from final
