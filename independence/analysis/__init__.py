"""From the warehouse's entries to honest numbers: the signal vocabulary, the SQL transforms' runner,
trend statistics and verdicts, tag effects, each person's insights and the sentences that state them."""
