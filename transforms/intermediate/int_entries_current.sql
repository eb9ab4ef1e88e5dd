-- One row per entry still current: when a later import holds an entry of the same app at the same local
-- time, that import's version replaces older ones (an entry edited in the app, a check-in re-sent), so
-- edits are not counted twice. Several entries at one time within one import are all kept.
with entries as (
    select * from stg_warehouse__entries
),

latest_imports as (
    select user_id, source_app, logged_at_local, max(import_id) as import_id
    from entries
    group by user_id, source_app, logged_at_local
),

final as (
    select entries.*
    from entries
    semi join latest_imports using (user_id, source_app, logged_at_local, import_id)
)

select * from final
