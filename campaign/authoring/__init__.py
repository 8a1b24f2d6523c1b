"""Writing and importing a day.

Enters: a file a communicator wrote (the newsletter as text, or a
`persev-day/1` JSON document: `interchange/`), read by `sources` and
imported by `importer`, all or nothing; or the editor's own draft.
Leaves: draft (or published, or scheduled) campaign and day pages with
their establishments, or the list of `problems` (file, line,
translated message) and nothing written. Also here: the export of a day in the same
formats (`exporter`), next year's edition (`editions`), which days name an
establishment (`establishment_usage`), the demo week (`demo`) and the
signed tokens that show a draft to a headless front end
(`preview_tokens`).
"""
