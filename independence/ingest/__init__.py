"""Reading app exports into staged rows the warehouse can load.

One straight line (`parts`): open the file (`reading`: text or document) → recognise the app
(`sources`, one folder per app family, each implementing `sources.contract`) → parse into canonical
`records` → stage as Parquet → validate (some row read, every mood label mapped: `moods`).
"""
