"""The list's order on a stored folded name (sort_name), filled here.

0008 sorted on the identity key "name|town", where "|" sorts after every
letter: "CIO de Guéret" came before "CIO". The folded name alone sorts a
shorter name first whatever the database's collation.
"""

import importlib

from django.db import migrations, models

# fold() as of 0007 (the model's may change later).
fold = importlib.import_module(
    "campaign.migrations.0007_establishment_saint_abbreviations"
).fold


def fill(apps, schema_editor):
    Establishment = apps.get_model("campaign", "Establishment")
    for establishment in Establishment.objects.all():
        establishment.sort_name = fold(establishment.name)
        establishment.save(update_fields=["sort_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0008_establishment_order_ignores_case_and_accents"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="establishment",
            options={
                "ordering": ["sort_name", "town"],
                "verbose_name": "établissement",
                "verbose_name_plural": "établissements",
            },
        ),
        migrations.AddField(
            model_name="establishment",
            name="sort_name",
            field=models.CharField(default="", editable=False, max_length=300),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
