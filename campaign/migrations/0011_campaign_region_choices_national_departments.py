"""A campaign's région académique becomes a choice among France's 18
(campaign/reference/regions.py), and an establishment's département one of
the whole country's.

The region was free text: a value that names a région académique, whatever
its case, accents or hyphens ("nouvelle aquitaine"), becomes its official
name; any other value (every campaign so far was of Nouvelle-Aquitaine)
becomes Nouvelle-Aquitaine. Page revisions keep what they held: a revision
published later gets its region checked by the page's own validation.
"""

import campaign.models.campaign_page
from django.db import migrations, models

from campaign.reference.regions import NOUVELLE_AQUITAINE, region_named


def regions_to_choices(apps, schema_editor):
    CampaignPage = apps.get_model("campaign", "CampaignPage")
    for campaign in CampaignPage.objects.only("pk", "region"):
        known = region_named(campaign.region)
        name = known.name if known else NOUVELLE_AQUITAINE
        if name != campaign.region:
            CampaignPage.objects.filter(pk=campaign.pk).update(region=name)


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0010_pending_import"),
    ]

    operations = [
        migrations.RunPython(regions_to_choices, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="campaignpage",
            name="region",
            field=models.CharField(
                choices=[
                    ("Auvergne-Rhône-Alpes", "Auvergne-Rhône-Alpes"),
                    ("Bourgogne-Franche-Comté", "Bourgogne-Franche-Comté"),
                    ("Bretagne", "Bretagne"),
                    ("Centre-Val de Loire", "Centre-Val de Loire"),
                    ("Corse", "Corse"),
                    ("Grand Est", "Grand Est"),
                    ("Hauts-de-France", "Hauts-de-France"),
                    ("Île-de-France", "Île-de-France"),
                    ("Normandie", "Normandie"),
                    ("Nouvelle-Aquitaine", "Nouvelle-Aquitaine"),
                    ("Occitanie", "Occitanie"),
                    ("Pays de la Loire", "Pays de la Loire"),
                    ("Provence-Alpes-Côte d’Azur", "Provence-Alpes-Côte d’Azur"),
                    ("Guadeloupe", "Guadeloupe"),
                    ("Martinique", "Martinique"),
                    ("Guyane", "Guyane"),
                    ("La Réunion", "La Réunion"),
                    ("Mayotte", "Mayotte"),
                ],
                default=campaign.models.campaign_page.default_region,
                help_text="Ses académies et ses départements sont ceux que la campagne connaît : établissements des actions, imports, filtres, API.",
                max_length=100,
                verbose_name="région académique",
            ),
        ),
        migrations.AlterField(
            model_name="establishment",
            name="department",
            field=models.CharField(
                choices=[
                    ("01", "01 – Ain"),
                    ("02", "02 – Aisne"),
                    ("03", "03 – Allier"),
                    ("04", "04 – Alpes-de-Haute-Provence"),
                    ("05", "05 – Hautes-Alpes"),
                    ("06", "06 – Alpes-Maritimes"),
                    ("07", "07 – Ardèche"),
                    ("08", "08 – Ardennes"),
                    ("09", "09 – Ariège"),
                    ("10", "10 – Aube"),
                    ("11", "11 – Aude"),
                    ("12", "12 – Aveyron"),
                    ("13", "13 – Bouches-du-Rhône"),
                    ("14", "14 – Calvados"),
                    ("15", "15 – Cantal"),
                    ("16", "16 – Charente"),
                    ("17", "17 – Charente-Maritime"),
                    ("18", "18 – Cher"),
                    ("19", "19 – Corrèze"),
                    ("2A", "2A – Corse-du-Sud"),
                    ("2B", "2B – Haute-Corse"),
                    ("21", "21 – Côte-d’Or"),
                    ("22", "22 – Côtes-d’Armor"),
                    ("23", "23 – Creuse"),
                    ("24", "24 – Dordogne"),
                    ("25", "25 – Doubs"),
                    ("26", "26 – Drôme"),
                    ("27", "27 – Eure"),
                    ("28", "28 – Eure-et-Loir"),
                    ("29", "29 – Finistère"),
                    ("30", "30 – Gard"),
                    ("31", "31 – Haute-Garonne"),
                    ("32", "32 – Gers"),
                    ("33", "33 – Gironde"),
                    ("34", "34 – Hérault"),
                    ("35", "35 – Ille-et-Vilaine"),
                    ("36", "36 – Indre"),
                    ("37", "37 – Indre-et-Loire"),
                    ("38", "38 – Isère"),
                    ("39", "39 – Jura"),
                    ("40", "40 – Landes"),
                    ("41", "41 – Loir-et-Cher"),
                    ("42", "42 – Loire"),
                    ("43", "43 – Haute-Loire"),
                    ("44", "44 – Loire-Atlantique"),
                    ("45", "45 – Loiret"),
                    ("46", "46 – Lot"),
                    ("47", "47 – Lot-et-Garonne"),
                    ("48", "48 – Lozère"),
                    ("49", "49 – Maine-et-Loire"),
                    ("50", "50 – Manche"),
                    ("51", "51 – Marne"),
                    ("52", "52 – Haute-Marne"),
                    ("53", "53 – Mayenne"),
                    ("54", "54 – Meurthe-et-Moselle"),
                    ("55", "55 – Meuse"),
                    ("56", "56 – Morbihan"),
                    ("57", "57 – Moselle"),
                    ("58", "58 – Nièvre"),
                    ("59", "59 – Nord"),
                    ("60", "60 – Oise"),
                    ("61", "61 – Orne"),
                    ("62", "62 – Pas-de-Calais"),
                    ("63", "63 – Puy-de-Dôme"),
                    ("64", "64 – Pyrénées-Atlantiques"),
                    ("65", "65 – Hautes-Pyrénées"),
                    ("66", "66 – Pyrénées-Orientales"),
                    ("67", "67 – Bas-Rhin"),
                    ("68", "68 – Haut-Rhin"),
                    ("69", "69 – Rhône"),
                    ("70", "70 – Haute-Saône"),
                    ("71", "71 – Saône-et-Loire"),
                    ("72", "72 – Sarthe"),
                    ("73", "73 – Savoie"),
                    ("74", "74 – Haute-Savoie"),
                    ("75", "75 – Paris"),
                    ("76", "76 – Seine-Maritime"),
                    ("77", "77 – Seine-et-Marne"),
                    ("78", "78 – Yvelines"),
                    ("79", "79 – Deux-Sèvres"),
                    ("80", "80 – Somme"),
                    ("81", "81 – Tarn"),
                    ("82", "82 – Tarn-et-Garonne"),
                    ("83", "83 – Var"),
                    ("84", "84 – Vaucluse"),
                    ("85", "85 – Vendée"),
                    ("86", "86 – Vienne"),
                    ("87", "87 – Haute-Vienne"),
                    ("88", "88 – Vosges"),
                    ("89", "89 – Yonne"),
                    ("90", "90 – Territoire de Belfort"),
                    ("91", "91 – Essonne"),
                    ("92", "92 – Hauts-de-Seine"),
                    ("93", "93 – Seine-Saint-Denis"),
                    ("94", "94 – Val-de-Marne"),
                    ("95", "95 – Val-d’Oise"),
                    ("971", "971 – Guadeloupe"),
                    ("972", "972 – Martinique"),
                    ("973", "973 – Guyane"),
                    ("974", "974 – La Réunion"),
                    ("975", "975 – Saint-Pierre-et-Miquelon"),
                    ("976", "976 – Mayotte"),
                    ("977", "977 – Saint-Barthélemy"),
                    ("978", "978 – Saint-Martin"),
                ],
                help_text="Son code (2A et 2B pour la Corse, 971 à 976 outre-mer) ; l’académie et la région académique s’en déduisent.",
                max_length=3,
                verbose_name="département",
            ),
        ),
    ]
