-- One row per import: the app format, the file's base name, when it finished, rows read and rejected.
with source as (
    select * from imports
),

final as (
    select
        import_id,
        user_id,
        source_format,
        file_name,
        finished_at as imported_at,
        rows_read,
        rows_rejected,
    from source
    where finished_at is not null
)

select * from final
