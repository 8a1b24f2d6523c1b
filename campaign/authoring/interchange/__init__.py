"""The interchange formats of a day: `persev-day/1` JSON (`json_reader`,
`json_format`, `day.schema.json`, `day_json`), the newsletter text (the
`newsletter` and `markup` packages) and their rich text (`html`).

Enters: a file's bytes (`encoding` makes them text, or says what they are),
its text, or a day's content. Leaves: the day as the interchange describes
it, or its problems, each on its line (`lines` cuts and numbers the lines
of every format), or the day written in either format.
"""
