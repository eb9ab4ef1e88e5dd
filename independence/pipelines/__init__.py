"""Use cases: each thing a person (or a schedule) can do, assembled in exactly one function.

The command line, the upload page and the Prefect flows only parse or schedule, call one of these,
and present the result. Import an export (`imports`), make sure the warehouse is built and the
`build` command (`builds`), a person's insights (`insights`), a person's report from the warehouse
or a file (`reports`), the weekly run's steps (`weekly`), the upload page's check, import and expiry
(`uploads`, with its `spaces`), deleting a person (`people`), a coach's release (`cohort`), the demo.
"""
