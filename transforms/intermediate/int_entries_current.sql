-- One row per entry still current. An entry the app identifies (Day One uuid, Journey id, Daylio backup
-- id) is the version of the latest import holding that id: an edited entry replaces its old version, and
-- two entries the app tells apart are never merged, even at the same time with the same text. An entry
-- without an app id is replaced when a later import holds an entry of the same app at the same local
-- time (an entry edited in the app, a check-in re-sent); several entries at one time in one import stay.
with entries as (
    select * from stg_warehouse__entries
),

latest_by_app_id as (
    select user_id, source_app, source_entry_id, max(import_id) as import_id
    from entries
    where source_entry_id is not null
    group by user_id, source_app, source_entry_id
),

latest_by_time as (
    select user_id, source_app, logged_at_local, max(import_id) as import_id
    from entries
    group by user_id, source_app, logged_at_local
),

identified as (
    select entries.*
    from entries
    semi join latest_by_app_id using (user_id, source_app, source_entry_id, import_id)
),

timed as (
    select entries.*
    from entries
    semi join latest_by_time using (user_id, source_app, logged_at_local, import_id)
    where entries.source_entry_id is null
),

final as (
    select * from identified
    union all by name
    select * from timed
)

select * from final
