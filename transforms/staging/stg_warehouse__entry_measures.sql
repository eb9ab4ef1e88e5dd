-- One row per measure on an entry; ratings on a 1..5 scale (check-ins) are also given as rating_1_5.
with source as (
    select * from entry_measures
),

final as (
    select
        entry_id,
        name as measure_name,
        value,
        value_max,
        case when value_max = 5 and value between 1 and 5 then value end as rating_1_5,
    from source
)

select * from final
