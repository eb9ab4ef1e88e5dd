-- One row per finished import of a user: app format, file base name, time, rows read and rejected, and
-- how many of its entries are current (not replaced by a later export of the same entries).
with imports as (
    select * from stg_warehouse__imports
),

entries as (
    select * from int_entries_current
),

current_counts as (
    select import_id, count(*) as entries_current, from entries group by import_id
),

final as (
    select
        imports.user_id,
        imports.import_id,
        imports.source_format,
        imports.file_name,
        imports.imported_at,
        imports.rows_read,
        imports.rows_rejected,
        coalesce(current_counts.entries_current, 0) as entries_current,
    from imports
    left join current_counts using (import_id)
)

select * from final
