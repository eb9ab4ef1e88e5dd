-- One row per user per ISO week with any entry (mood or not, any app): entries and distinct days
-- logged that week, for the coach's engagement figures (weeks without entries have no row).
with entries as (
    select * from int_entries_current
),

final as (
    select
        user_id,
        week_start,
        strftime(week_start, '%G-W%V') as iso_week,
        count(*) as entries,
        count(distinct logged_on) as days_logged,
    from entries
    group by user_id, week_start
)

select * from final
