-- One row per conflict episode: ISO week, drop below baseline (mood points), recovery hours (0..168,
-- censored at 168) and the response (calm, reactive, mixed, not_recorded).
with episodes as (
    select * from int_conflict_episodes
),

final as (
    select
        user_id,
        entry_id,
        logged_at_local,
        week_start,
        strftime(week_start, '%G-W%V') as iso_week,
        baseline,
        mood_score,
        drop_points,
        recovery_hours,
        recovery_censored,
        response,
    from episodes
)

select * from final
