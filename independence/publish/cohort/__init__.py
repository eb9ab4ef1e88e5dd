"""The coach's view: aggregate, anonymized trends across consenting clients, with provable privacy.

`roster` decides who may be read (current consent only); `clients` reads their weekly values,
verdicts and engagement from the marts; `release` turns them into cells (`cellbook`, `cells`)
built from at least k clients, with complementary suppression, a differencing check against every
earlier release in the `ledger`, optional differential privacy (`noise`, OpenDP), and keyed
`pseudonyms` for consented individual trajectories; `page` renders the HTML, `digest` does it all.
"""
