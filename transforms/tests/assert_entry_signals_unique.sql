-- Each entry carries each signal at most once, and only known signals.
select entry_id, signal, count(*) as copies
from int_entry_signals_matched
group by entry_id, signal
having count(*) > 1
    or signal not in ('with_partner', 'alone', 'apart', 'conflict', 'calm_response', 'reactive_response',
                      'needs_expressed', 'own_activity', 'social_other', 'self_care', 'reassurance_seeking',
                      'decision_independent', 'second_guessing', 'partner_mention')
