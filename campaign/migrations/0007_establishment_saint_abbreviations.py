"""Recompute the establishments' match keys now that "St"/"Ste" read as
"Saint"/"Sainte" (campaign.models.establishment.match_key).

Where two establishments already exist under both spellings, their new keys
would be equal: the one whose key is already the new one keeps it (else the
oldest takes it), the other keeps its old key and is reported. Nothing is merged: actions name them by id, and
which one is right is for a person to say (rename or replace it, then
delete the other from the admin).
"""

import unicodedata

from django.db import migrations

ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


# The functions as of this migration (the model's may change later); 0009
# uses fold() too.
def fold(text):
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("-", " ")
    words = text.casefold().split()
    return " ".join(ABBREVIATIONS.get(word.rstrip("."), word) for word in words)


def _match_key(name, town):
    return f"{fold(name)}|{fold(town)}"


def recompute(apps, schema_editor):
    Establishment = apps.get_model("campaign", "Establishment")
    taken = set(Establishment.objects.values_list("match_key", flat=True))
    for establishment in Establishment.objects.order_by("pk"):
        key = _match_key(establishment.name, establishment.town)
        if key == establishment.match_key:
            continue
        if key in taken:
            print(  # noqa: T201 - shown by migrate, for whoever runs it
                f"\n  Établissement {establishment.pk} « {establishment.name} » "
                f"({establishment.town}) : même identité qu’un autre, "
                "clé laissée telle quelle ; à fusionner à la main."
            )
            continue
        taken.discard(establishment.match_key)
        taken.add(key)
        establishment.match_key = key
        establishment.save(update_fields=["match_key"])


class Migration(migrations.Migration):
    dependencies = [("campaign", "0006_search_fr_unaccent")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
