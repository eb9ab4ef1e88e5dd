-- One row per user, day and sign rated in a check-in (1..5); when a day was re-sent with other
-- ratings, the rating from the latest import (then the latest time) wins.
with entries as (
    select * from int_entries_current
),

measures as (
    select * from stg_warehouse__entry_measures
),

ratings as (
    select
        entries.user_id,
        entries.logged_on,
        entries.week_start,
        measures.measure_name as sign,
        measures.rating_1_5 as rating,
        row_number() over (
            partition by entries.user_id, entries.logged_on, measures.measure_name
            order by entries.import_id desc, entries.logged_at_local desc, entries.entry_id
        ) as recency,
    from measures
    join entries using (entry_id)
    where entries.source_app = 'checkin' and measures.rating_1_5 is not null
),

final as (
    select user_id, logged_on, week_start, sign, rating from ratings where recency = 1
)

select * from final
