"""The `fr_unaccent` text search configuration of PostgreSQL: French stemming
without accents, for the site search (settings: WAGTAILSEARCH_BACKENDS).
Nothing to do on other databases."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    DO $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'fr_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION fr_unaccent ( COPY = french );
            ALTER TEXT SEARCH CONFIGURATION fr_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END
    $$
    """,
]
DROP = ["DROP TEXT SEARCH CONFIGURATION IF EXISTS fr_unaccent"]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("campaign", "0005_partner_api")]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
