"""The interchange formats of a day: `persev-day/1` JSON (`json_format`,
`day.schema.json`, `day_json`), the newsletter text (`newsletter`,
`markup`) and their rich text (`html`)."""
