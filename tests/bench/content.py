"""The benchmark's content, built through the campaign's own import code:
a generated campaign of five days of 40 actions each, beside the demo week.

Runs inside Django (`manage.py shell -c "from tests.bench import content; ..."`),
called by tests/bench/run.py. Everything is deterministic (a seeded random
generator), so two runs measure the same pages.
"""

import datetime as dt
import json
import random
import sys
import uuid

from django.utils import timezone

CAMPAIGN_SLUG = "semaine-perseverance-scolaire-2026"
START = dt.date(2026, 2, 2)  # a Monday
DAYS = 5
ACTIONS_PER_DAY = 40
# The day measured under load (Monday) and the day left unpublished, which the
# scheduler puts live during the load (Friday).
MEASURED_DAY = START
HELD_BACK_DAY = START + dt.timedelta(days=DAYS - 1)
# The action added to the measured day by the publication during the load.
PUBLISHED_MARKER = "Action publiée pendant la mesure"

TOWNS = {
    "16": ["Angoulême", "Cognac", "Confolens", "Ruffec", "La Couronne"],
    "17": ["La Rochelle", "Saintes", "Rochefort", "Royan", "Jonzac"],
    "19": ["Tulle", "Brive-la-Gaillarde", "Ussel", "Égletons"],
    "23": ["Guéret", "Aubusson", "La Souterraine", "Bourganeuf"],
    "24": ["Périgueux", "Bergerac", "Sarlat-la-Canéda", "Nontron", "Ribérac"],
    "33": ["Bordeaux", "Mérignac", "Pessac", "Libourne", "Arcachon", "Blaye"],
    "40": ["Mont-de-Marsan", "Dax", "Mimizan", "Saint-Sever"],
    "47": ["Agen", "Marmande", "Villeneuve-sur-Lot", "Nérac"],
    "64": ["Pau", "Bayonne", "Biarritz", "Orthez", "Oloron-Sainte-Marie"],
    "79": ["Niort", "Bressuire", "Parthenay", "Thouars", "Melle"],
    "86": ["Poitiers", "Châtellerault", "Loudun", "Montmorillon", "Civray"],
    "87": ["Limoges", "Saint-Junien", "Bellac", "Saint-Yrieix-la-Perche"],
}
KINDS = ["Collège", "Lycée", "Lycée professionnel", "Lycée agricole", "EREA"]
PATRONS = [
    "Jean Moulin",
    "Victor Hugo",
    "Marie Curie",
    "Jules Ferry",
    "George Sand",
    "Louise Michel",
    "Jean Jaurès",
    "Simone Veil",
    "Albert Camus",
    "Aliénor d’Aquitaine",
    "Michel de Montaigne",
    "François Mauriac",
    "Joséphine Baker",
    "Paul Éluard",
    "Camille Claudel",
    "Bernard Palissy",
]
ACTIVITIES = [
    "Atelier théâtre",
    "Tutorat entre pairs",
    "Mini-entreprise",
    "Club de lecture",
    "Parcours découverte des métiers",
    "Stage de remobilisation",
    "Chorale inter-établissements",
    "Projet radio",
    "Accompagnement personnalisé",
    "Escape game pédagogique",
    "Rencontres avec d’anciens élèves",
    "Dispositif « devoirs faits »",
]
PURPOSES = [
    "pour reprendre confiance",
    "contre le décrochage",
    "pour construire son orientation",
    "autour de l’estime de soi",
    "pour mieux vivre ensemble",
    "avec les familles",
    "en lien avec les entreprises du territoire",
    "pour raccrocher à l’école",
]


def establishments(rng, count=160):
    """`count` distinct establishments, each in a town of its department."""
    found = {}
    while len(found) < count:
        department = rng.choice(sorted(TOWNS))
        town = rng.choice(TOWNS[department])
        name = f"{rng.choice(KINDS)} {rng.choice(PATRONS)}"
        found.setdefault((name, town), department)
    return [
        {"name": name, "town": town, "department": department}
        for (name, town), department in found.items()
    ]


def action(rng, pool, number):
    count = rng.choices([1, 2, 3], weights=[7, 2, 1])[0]
    item = {
        "title": f"{rng.choice(ACTIVITIES)} {rng.choice(PURPOSES)} ({number})",
        "establishments": rng.sample(pool, count),
        "description": (
            "<p>Les élèves <strong>volontaires</strong> se retrouvent chaque semaine "
            "avec leurs professeurs et des partenaires du territoire. "
            f"Bilan de l’action n<sup>o</sup> {number} : assiduité en hausse et "
            "projets d’orientation plus précis.</p>"
        ),
    }
    if rng.random() < 0.6:
        item["url"] = f"https://www.ac-bordeaux.fr/actions/perseverance-{number}"
    return item


def day_document(rng, pool, date, number_from):
    actions = [action(rng, pool, number_from + i) for i in range(ACTIONS_PER_DAY)]
    return {
        "format": "persev-day/1",
        "campaign": {
            "slug": CAMPAIGN_SLUG,
            "title": "Semaine de la Persévérance Scolaire 2026",
            "region": "Nouvelle-Aquitaine",
            "start_date": START.isoformat(),
            "end_date": (START + dt.timedelta(days=DAYS - 1)).isoformat(),
            "intro": "<p>Cinq jours pour valoriser les actions des établissements "
            "de la région académique en faveur de la persévérance scolaire.</p>",
            "closing": "<p>Retrouvez toutes les actions sur le site de votre académie.</p>",
            "credits": "<p>Réalisé avec l’Onisep Nouvelle-Aquitaine.</p>",
        },
        "date": date.isoformat(),
        "body": [
            {
                "type": "zoom",
                "value": {
                    "title": f"ZOOM du jour : les dispositifs relais ({date:%d/%m})",
                    "body": "<p>Les dispositifs relais accueillent temporairement des "
                    "collégiens en voie de rupture scolaire.</p><p>Ils leur "
                    "permettent de <em>réinvestir</em> les apprentissages.</p>",
                },
            },
            {
                "type": "actions",
                "value": {"heading": "Les actions du jour", "actions": actions},
            },
            {
                "type": "resources",
                "value": {
                    "heading": "Ressources ONISEP ou autres",
                    "links": [
                        {
                            "title": f"Ressource {i} : guide de l’orientation",
                            "url": f"https://www.onisep.fr/ressource-{i}",
                            "source": "Onisep",
                        }
                        for i in range(1, 6)
                    ],
                },
            },
            {
                "type": "partnership",
                "value": {
                    "heading": "Actions de partenariat",
                    "body": "<p>Avec la <strong>MLDS</strong> et les missions locales "
                    "de la région académique.</p>",
                },
            },
        ],
    }


def build():
    """Import the generated campaign: four days published, the fifth a draft.
    Prints the benchmark's URLs as JSON (last line)."""
    from campaign.authoring import importer

    rng = random.Random(2026)  # noqa: S311 - reproducible content, not secrets
    pool = establishments(rng)
    documents = [
        day_document(rng, pool, START + dt.timedelta(days=i), i * ACTIONS_PER_DAY + 1)
        for i in range(DAYS)
    ]
    files = [
        (f"{doc['date']}.json", json.dumps(doc, ensure_ascii=False).encode())
        for doc in documents
    ]
    importer.import_files(files[:-1], mode=importer.PUBLISH)
    importer.import_files(files[-1:], mode=importer.DRAFT)

    sys.stdout.write(json.dumps(urls()) + "\n")


def urls():
    """The benchmark's URLs, on a database where build() has run."""
    from campaign.models import CampaignDayPage, CampaignPage
    from home.models import StandardPage

    campaign = CampaignPage.objects.get(slug=CAMPAIGN_SLUG)
    day = CampaignDayPage.objects.child_of(campaign).get(date=MEASURED_DAY)
    held_back = CampaignDayPage.objects.child_of(campaign).get(date=HELD_BACK_DAY)
    # For scale: the smallest page the site serves through Wagtail (a plain
    # page of a few lines, "Mentions légales" in the demo).
    smallest = min(StandardPage.objects.live(), key=lambda page: len(page.body))
    # A day of the size readers get (the demo week's largest: 6 actions).
    seed = max(
        CampaignDayPage.objects.live().not_child_of(campaign),
        key=lambda page: sum(
            len(block.value["actions"])
            for block in page.body
            if block.block_type == "actions"
        ),
    )
    return {
        "seed_day": seed.get_url(),
        "home": "/",
        "campaign": campaign.get_url(),
        "day": day.get_url(),
        "api_day": f"/api/v3/campaigns/{CAMPAIGN_SLUG}/days/{MEASURED_DAY}/",
        "held_back_day": held_back.get_url(),
        "smallest_page": smallest.get_url(),
    }


def schedule_publication(delay):
    """Schedule, `delay` seconds from now, what the scheduler will publish
    during the load: a new revision of the measured day (one more action)
    and the first publication of the held-back day."""
    from campaign.models import CampaignDayPage, CampaignPage

    campaign = CampaignPage.objects.get(slug=CAMPAIGN_SLUG)
    go_live_at = timezone.now() + dt.timedelta(seconds=delay)
    for date in (MEASURED_DAY, HELD_BACK_DAY):
        page = CampaignDayPage.objects.child_of(campaign).get(date=date)
        page = page.get_latest_revision_as_object()
        if date == MEASURED_DAY:
            raw = list(page.body.raw_data)
            actions_block = next(b for b in raw if b["type"] == "actions")
            first = actions_block["value"]["actions"][0]
            added = {
                "type": "item",
                "id": str(uuid.uuid4()),
                "value": {
                    **first["value"],
                    "title": PUBLISHED_MARKER,
                    "establishments": [
                        {**item, "id": str(uuid.uuid4())}
                        for item in first["value"]["establishments"]
                    ],
                },
            }
            actions_block["value"]["actions"] = [
                *actions_block["value"]["actions"],
                added,
            ]
            page.body = raw
        page.go_live_at = go_live_at
        page.save_revision().publish()
    sys.stdout.write(json.dumps({"go_live_at": go_live_at.isoformat()}) + "\n")
