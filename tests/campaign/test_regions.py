"""Any région académique: the national reference, and two campaigns of two
régions (Nouvelle-Aquitaine, the demo's, and Occitanie) side by side in one
site, each validating, importing, filtering and counting with its own
académies and départements."""

import copy
import datetime as dt
import importlib
import tempfile
from io import StringIO

from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import SimpleTestCase, TestCase

from campaign.models import CampaignDayPage, CampaignPage
from campaign.reference import regions
from tests.builders import (
    action,
    actions_block,
    add_campaign,
    add_day,
    add_establishment,
    db_counts,
    demo_document,
    line_number,
    write_document,
)
from tests.campaign.partner_data import api
from tests.campaign.test_actions_page import action_titles
from tests.html_reading import visible_text

AQUITAINE_SLUG = "semaine-nouvelle-aquitaine"
OCCITANIE_SLUG = "semaine-perseverance-occitanie-2021"
OCCITANIE_CODES = "09, 11, 12, 30, 31, 32, 34, 46, 48, 65, 66, 81 et 82"
MONDAY = dt.date(2021, 2, 1)
TUESDAY = dt.date(2021, 2, 2)


class TestNationalReference(SimpleTestCase):
    def test_eighteen_regions_thirty_academies(self):
        self.assertEqual(len(regions.REGIONS), 18)
        self.assertEqual(len(regions.ACADEMIES), 30)
        for name in ("Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte"):
            with self.subTest(name=name):
                (academie,) = regions.region_named(name).academies
                self.assertEqual(academie.name, name)
        (normandie,) = regions.region_named("Normandie").academies
        self.assertEqual(normandie.code, "normandie")

    def test_every_departement_of_france_once(self):
        metropolitan = {f"{n:02d}" for n in range(1, 96) if n != 20} | {"2A", "2B"}
        overseas = {"971", "972", "973", "974", "976"}
        collectivites = {"975", "977", "978"}
        self.assertEqual(
            set(regions.DEPARTMENTS), metropolitan | overseas | collectivites
        )
        listed = [
            code
            for region in regions.REGIONS
            for academie in region.academies
            for code, _name in academie.departments
        ]
        self.assertEqual(len(listed), len(set(listed)))
        self.assertEqual(list(regions.region_named("Corse").departments), ["2A", "2B"])
        self.assertEqual(regions.academie_of("976"), "mayotte")
        # Vice-rectorats, not académies (see the module's docstring).
        for code in ("986", "987", "988"):
            self.assertNotIn(code, regions.DEPARTMENTS)

    def test_occitanie_and_nouvelle_aquitaine(self):
        occitanie = regions.region_named("Occitanie")
        self.assertEqual(occitanie.academie_codes, ["montpellier", "toulouse"])
        self.assertEqual(occitanie.department_list(), OCCITANIE_CODES)
        self.assertEqual(occitanie.departments["31"], ("Haute-Garonne", "toulouse"))
        aquitaine = regions.region_named("Nouvelle-Aquitaine")
        self.assertEqual(len(aquitaine.departments), 12)
        self.assertEqual(aquitaine.academie_codes, ["bordeaux", "limoges", "poitiers"])

    def test_names_as_people_write_them(self):
        for written in (
            "nouvelle aquitaine",
            "NOUVELLE-AQUITAINE",
            "Nouvelle-Aquitaine",
        ):
            self.assertEqual(regions.region_named(written).name, "Nouvelle-Aquitaine")
        self.assertEqual(
            regions.region_named("Provence-Alpes-Cote d'Azur").name,
            "Provence-Alpes-Côte d’Azur",
        )
        self.assertEqual(regions.region_named("ile de france").name, "Île-de-France")
        self.assertIsNone(regions.region_named("Atlantide"))
        self.assertIsNone(regions.region_named(None))


class TwoRegionsTestCase(TestCase):
    """A Nouvelle-Aquitaine campaign whose Monday has an action in Poitiers,
    and an Occitanie campaign whose Monday has an action in Toulouse and one
    in Montpellier."""

    @classmethod
    def setUpTestData(cls):
        cls.aquitaine = add_campaign(
            slug=AQUITAINE_SLUG,
            title="Semaine de la Persévérance Scolaire 2021",
            region="Nouvelle-Aquitaine",
        )
        poitiers = add_establishment("Collège Camille Claudel", "Poitiers", "86")
        add_day(
            cls.aquitaine,
            MONDAY,
            [actions_block(action("Claudel persévère", [poitiers]))],
        )
        cls.occitanie = add_campaign(
            slug=OCCITANIE_SLUG,
            title="Semaine de la Persévérance Scolaire 2021 en Occitanie",
            region="Occitanie",
        )
        cls.toulouse = add_establishment("Lycée Pierre de Fermat", "Toulouse", "31")
        cls.montpellier = add_establishment(
            "Collège Clémence Royer", "Montpellier", "34"
        )
        cls.monday = add_day(
            cls.occitanie,
            MONDAY,
            [
                actions_block(
                    action("Fermat persévère", [cls.toulouse]),
                    action("Royer persévère", [cls.montpellier]),
                )
            ],
        )


class TestValidation(TwoRegionsTestCase):
    def test_a_day_names_establishments_of_its_region_only(self):
        vienne = CampaignDayPage.objects.child_of(self.aquitaine).first()
        establishment = next(
            e
            for e in vienne.specific.body[0].value["actions"][0]["establishments"]
            if e is not None
        )
        day = CampaignDayPage.objects.get(pk=self.monday.pk)
        day.body = [
            actions_block(action("Venue d’ailleurs", [establishment, self.toulouse]))
        ]
        with self.assertRaises(ValidationError) as caught:
            day.full_clean()
        (message,) = caught.exception.message_dict["body"]
        self.assertEqual(
            message,
            f"{establishment} est hors de la région académique Occitanie de la "
            f"campagne (départements {OCCITANIE_CODES}) : choisissez un "
            "établissement de la région.",
        )
        day.body = [actions_block(action("Toulousaine", [self.toulouse]))]
        day.full_clean()

    def test_a_campaign_keeps_its_region_while_its_days_name_establishments_of_it(
        self,
    ):
        campaign = CampaignPage.objects.get(pk=self.occitanie.pk)
        campaign.region = "Nouvelle-Aquitaine"
        with self.assertRaises(ValidationError) as caught:
            campaign.full_clean()
        self.assertEqual(len(caught.exception.message_dict["region"]), 2)
        self.assertIn(
            "Collège Clémence Royer (Montpellier – 34) est hors de la région "
            "académique Nouvelle-Aquitaine",
            caught.exception.message_dict["region"][0],
        )

    def test_an_unknown_region_is_refused(self):
        campaign = CampaignPage.objects.get(pk=self.occitanie.pk)
        campaign.region = "Atlantide"
        with self.assertRaises(ValidationError) as caught:
            campaign.full_clean()
        self.assertIn("region", caught.exception.message_dict)


class TestPublicPages(TwoRegionsTestCase):
    def page(self, slug, status=200, **params):
        response = self.client.get(f"/campagnes/{slug}/actions/", params)
        self.assertEqual(response.status_code, status)
        return response.content.decode()

    def test_each_campaign_offers_its_own_filters(self):
        occitanie = self.page(OCCITANIE_SLUG)
        self.assertIn('<option value="toulouse">Toulouse</option>', occitanie)
        self.assertIn('<option value="31">31 – Haute-Garonne</option>', occitanie)
        self.assertNotIn('<option value="86">', occitanie)
        self.assertNotIn('<option value="poitiers">', occitanie)
        aquitaine = self.page(AQUITAINE_SLUG)
        self.assertIn('<option value="86">86 – Vienne</option>', aquitaine)
        self.assertNotIn('<option value="31">', aquitaine)

    def test_each_campaign_filters_with_its_own(self):
        self.assertEqual(
            action_titles(self.page(OCCITANIE_SLUG, department="31")),
            ["Fermat persévère"],
        )
        self.assertEqual(
            action_titles(self.page(OCCITANIE_SLUG, academie="montpellier")),
            ["Royer persévère"],
        )
        refused = visible_text(self.page(OCCITANIE_SLUG, 400, department="86"))
        self.assertIn("Le département « 86 » n’existe pas dans cette campagne", refused)
        refused = visible_text(self.page(AQUITAINE_SLUG, 400, academie="toulouse"))
        self.assertIn(
            "L’académie « toulouse » n’existe pas dans cette campagne", refused
        )

    def test_each_chart_counts_the_departments_of_its_region(self):
        text = visible_text(self.page(OCCITANIE_SLUG))
        self.assertIn("31 – Haute-Garonne\nToulouse\n1", text)
        self.assertIn("34 – Hérault\nMontpellier\n1", text)
        self.assertIn("09 – Ariège\nToulouse\n0", text)
        self.assertNotIn("Vienne", text)
        self.assertIn("région académique Occitanie", text)
        self.assertNotIn("Haute-Garonne", visible_text(self.page(AQUITAINE_SLUG)))


class TestAPI(TwoRegionsTestCase):
    def test_campaigns_list_their_academies_and_departments(self):
        items = {item["slug"]: item for item in self.client.get(api()).json()["items"]}
        occitanie = items[OCCITANIE_SLUG]
        self.assertEqual(occitanie["region"], "Occitanie")
        self.assertEqual(
            [academie["code"] for academie in occitanie["academies"]],
            ["montpellier", "toulouse"],
        )
        self.assertIn(
            {"code": "31", "name": "Haute-Garonne"},
            occitanie["academies"][1]["departments"],
        )
        self.assertEqual(
            [academie["code"] for academie in items[AQUITAINE_SLUG]["academies"]],
            ["bordeaux", "limoges", "poitiers"],
        )

    def test_each_campaign_filters_with_its_own(self):
        days = self.client.get(api(f"{OCCITANIE_SLUG}/days/"), {"department": "31"})
        self.assertEqual(days.status_code, 200)
        self.assertEqual([d["date"] for d in days.json()["items"]], ["2021-02-01"])
        body = days.json()["items"][0]["body"][0]["value"]["actions"][0]
        self.assertEqual(body["establishments"][0]["academie_label"], "Toulouse")
        response = self.client.get(api(f"{OCCITANIE_SLUG}/days/"), {"department": "86"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response["Content-Type"], "application/problem+json")
        self.assertEqual(
            response.json()["detail"],
            "department=86 : ce département n’est pas dans la région académique "
            f"Occitanie de la campagne « {OCCITANIE_SLUG} », qui compte "
            f"{OCCITANIE_CODES}.",
        )
        response = self.client.get(
            api(f"{AQUITAINE_SLUG}/days/"), {"academie": "toulouse"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Nouvelle-Aquitaine", response.json()["detail"])
        response = self.client.get(
            api(f"{AQUITAINE_SLUG}/days/"), {"academie": "poitiers"}
        )
        self.assertEqual(response.status_code, 200)

    def test_the_schema_lists_the_whole_country(self):
        schema = self.client.get("/api/v3/openapi.json").json()
        (operation,) = [
            path["get"]
            for url, path in schema["paths"].items()
            if url.endswith("/days/") and "{slug}" in url
        ]
        parameters = {p["name"]: p for p in operation["parameters"]}
        text = str(parameters["department"]["schema"])
        for code in ("86", "31", "2A", "974"):
            self.assertIn(f"'{code}'", text)
        self.assertIn("'toulouse'", str(parameters["academie"]["schema"]))


class TestImports(TwoRegionsTestCase):
    def setUp(self):
        self.tmp = self.enterContext(tempfile.TemporaryDirectory())

    def refused(self, *args, **options):
        before = db_counts()
        err = StringIO()
        with self.assertRaises(CommandError):
            call_command(
                "campaign_import", *args, stdout=StringIO(), stderr=err, **options
            )
        self.assertEqual(db_counts(), before)
        return err.getvalue().splitlines()

    def test_a_nouvelle_aquitaine_file_is_refused_by_the_occitanie_campaign(self):
        document = copy.deepcopy(demo_document(TUESDAY))
        document["campaign"]["slug"] = OCCITANIE_SLUG
        path, text = write_document(self.tmp, "mardi.json", document)
        lines = text.split("\n")

        def line_of(code, nth):
            found = [
                n
                for n, line in enumerate(lines, 1)
                if f'"department": "{code}"' in line
            ]
            return found[nth]

        names = {"33": "Gironde", "86": "Vienne", "16": "Charente"}
        region_line = line_number(text, '"region"')
        expected = [
            f"{path}:{region_line}: $.campaign.region : ce fichier "
            "est une journée de la région académique Nouvelle-Aquitaine, la campagne "
            f"« {OCCITANIE_SLUG} » est celle de la région académique Occitanie."
        ]
        seen = {}
        paths = [
            (block_index, action_index, index, establishment["department"])
            for block_index, block in enumerate(document["body"])
            if block["type"] == "actions"
            for action_index, item in enumerate(block["value"]["actions"])
            for index, establishment in enumerate(item["establishments"])
        ]
        for block_index, action_index, index, code in paths:
            nth = seen.get(code, 0)
            seen[code] = nth + 1
            expected.append(
                f"{path}:{line_of(code, nth)}: $.body[{block_index}].value.actions"
                f"[{action_index}].establishments[{index}].department : département "
                f"{code} ({names[code]}) hors de la région académique Occitanie de la "
                f"campagne « {OCCITANIE_SLUG} » : attendu {OCCITANIE_CODES}."
            )
        self.assertEqual(self.refused(path), expected)

    def test_a_newsletter_is_checked_against_its_campaign(self):
        text = (
            "Quelques actions de la région académique :\n"
            '- ★ " **Fermat persévère encore** "\n'
            "Lycée Pierre de Fermat (Toulouse - 31)\n"
            '- ★ " **Venue de Neuvic** "\n'
            "Collège Henri Bretin (Neuvic - 24)\n"
        )
        path = f"{self.tmp}/mardi.txt"
        with open(path, "w", encoding="utf-8") as file:
            file.write(text)
        self.assertEqual(
            self.refused(path, campaign=OCCITANIE_SLUG, date="2021-02-02"),
            [
                f"{path}:5: département 24 (Dordogne) hors de la région académique "
                f"Occitanie de la campagne « {OCCITANIE_SLUG} » : attendu "
                f"{OCCITANIE_CODES}."
            ],
        )
        with open(path, "w", encoding="utf-8") as file:
            file.write(text.split('- ★ " **Venue')[0])
        call_command(
            "campaign_import",
            path,
            campaign=OCCITANIE_SLUG,
            date="2021-02-02",
            stdout=StringIO(),
        )
        day = CampaignDayPage.objects.child_of(self.occitanie).get(date=TUESDAY)
        self.assertEqual(day.specific.establishment_ids(), {self.toulouse.pk})

    def test_a_json_file_creates_a_campaign_of_its_region(self):
        document = copy.deepcopy(demo_document(TUESDAY))
        document["campaign"].update(slug="occitanie-2022", region="occitanie")
        document["body"] = [
            {
                "type": "actions",
                "value": {
                    "actions": [
                        {
                            "title": "Fermat",
                            "establishments": [
                                {
                                    "name": "Lycée Pierre de Fermat",
                                    "town": "Toulouse",
                                    "department": "31",
                                }
                            ],
                        }
                    ]
                },
            }
        ]
        path, _text = write_document(self.tmp, "occitanie.json", document)
        call_command("campaign_import", path, stdout=StringIO())
        campaign = CampaignPage.objects.get(slug="occitanie-2022")
        self.assertEqual(campaign.region, "Occitanie")

    def test_an_unknown_region_is_refused(self):
        document = copy.deepcopy(demo_document(TUESDAY))
        document["campaign"].update(slug="atlantide-2021", region="Atlantide")
        path, text = write_document(self.tmp, "atlantide.json", document)
        (problem,) = self.refused(path)
        self.assertEqual(
            problem,
            f"{path}:{line_number(text, 'Atlantide')}: $.campaign.region : région "
            "académique « Atlantide » inconnue : attendu l’une de "
            + ", ".join(regions.REGION_NAMES)
            + ".",
        )


class TestMigration0011(TestCase):
    """campaign/migrations/0011 turns the free-text region of existing
    campaigns into one of the choices."""

    def test_free_text_becomes_a_region_nouvelle_aquitaine_by_default(self):
        migration = importlib.import_module(
            "campaign.migrations.0011_campaign_region_choices_national_departments"
        )
        written = {
            "nouvelle aquitaine": "Nouvelle-Aquitaine",
            "OCCITANIE": "Occitanie",
            "Provence-Alpes-Cote d'Azur": "Provence-Alpes-Côte d’Azur",
            "Académie de nulle part": "Nouvelle-Aquitaine",
            "": "Nouvelle-Aquitaine",
        }
        pks = {}
        for n, value in enumerate(written):
            campaign = add_campaign(slug=f"campagne-{n}", title=f"Campagne {n}")
            CampaignPage.objects.filter(pk=campaign.pk).update(region=value)
            pks[value] = campaign.pk
        migration.regions_to_choices(django_apps, None)
        for value, expected in written.items():
            with self.subTest(value=value):
                self.assertEqual(
                    CampaignPage.objects.get(pk=pks[value]).region, expected
                )
