"""`campaign_import` with newsletter text files, run as a user would.

Every test goes through the management commands with real files on disk:
`campaign_import FILE --campaign SLUG --date DATE`, then `campaign_export -o
FILE` to read back what was stored. The parser's own cases are in
test_newsletter_format.py, the JSON paths in test_import_json.py and
test_export_json.py; here are the golden imports of the seeds, a newsletter
the parser's tests have never seen, the import modes and the refusals, all
end to end.
"""

import codecs
import datetime as dt
import email
import email.policy
import json
import tempfile
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from campaign.authoring.interchange.newsletter import parse_newsletter
from campaign.models import CampaignDayPage, CampaignPage, Establishment, match_key
from campaign.reference.dates import today
from tests.builders import (
    add_campaign,
    add_establishment,
    db_counts,
    line_number,
)
from tests.campaign.hostile_files import (
    DOCX,
    NOT_TEXT,
    ODT,
    PDF,
    PNG,
    document_of,
    windows_1252,
    wrong_encoding,
)
from tests.campaign.import_assertions import ImportAssertions
from tests.html_reading import visible_text

FILES = Path(__file__).resolve().parent / "files"
SEED_000 = FILES / "000_bf873ccb520f72ae.txt"
SEED_001 = FILES / "001_20587ba5ecf37751.txt"
EXAMPLE_000 = FILES / "000_bf873ccb520f72ae.json"
EXAMPLE_001 = FILES / "001_20587ba5ecf37751.json"

SLUG = "semaine-perseverance-scolaire-2021"
MONDAY = dt.date(2021, 2, 1)
TUESDAY = dt.date(2021, 2, 2)
WEDNESDAY = dt.date(2021, 2, 3)
PARIS = ZoneInfo("Europe/Paris")
DEPARTMENTS = "16, 17, 19, 23, 24, 33, 40, 47, 64, 79, 86 et 87"
UNKNOWN = "attendu le code d’un département français, par exemple 86, 2A ou 974"


def outside(code, name, slug):
    return (
        f"département {code} ({name}) hors de la région académique "
        f"Nouvelle-Aquitaine de la campagne « {slug} » : attendu {DEPARTMENTS}."
    )


ESTABLISHMENT_HINT = (
    "attendu sur la ligne suivante « NOM (VILLE - DÉPARTEMENT) », par exemple "
    "« Collège Henri Bretin (Neuvic - 24) »"
)


def example(path):
    return json.loads(path.read_text(encoding="utf-8"))


def seed(path):
    return path.read_text(encoding="utf-8")


def add_week_2021(**fields):
    """The 2021 campaign as an editor creates it: title, region, dates, no texts."""
    return add_campaign(
        slug=SLUG,
        title="Semaine de la Persévérance Scolaire 2021",
        region="Nouvelle-Aquitaine",
        start=MONDAY,
        end=dt.date(2021, 2, 5),
        **fields,
    )


def squash(text):
    return " ".join(text.split())


class CommandTestCase(ImportAssertions, TestCase):
    """Files in a temporary folder, and the two commands run on them."""

    def setUp(self):
        self.tmp = Path(self.enterContext(tempfile.TemporaryDirectory()))

    def write(self, name, content):
        """Write `content` (text as UTF-8, or bytes as they are); return the path."""
        path = self.tmp / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return str(path)

    def run_import(self, *paths, **options):
        out, err = StringIO(), StringIO()
        call_command("campaign_import", *paths, stdout=out, stderr=err, **options)
        return out.getvalue(), err.getvalue()

    def export_file(self, slug, date, fmt="json"):
        """Run `campaign_export --format FMT --date DATE -o FILE`; return FILE."""
        path = self.tmp / f"export-{slug}-{date}.{fmt}"
        out = StringIO()
        call_command(
            "campaign_export",
            campaign=slug,
            date=str(date),
            format=fmt,
            output=str(path),
            stdout=out,
        )
        self.assertEqual(out.getvalue(), "")
        return path

    def export(self, slug, date, fmt="json"):
        return self.export_file(slug, date, fmt).read_text(encoding="utf-8")

    def export_json(self, slug, date):
        return json.loads(self.export(slug, date))


# -- 1. golden: the seeds become exactly their examples ------------------------------


class TestSeedsImportToTheirExamples(CommandTestCase):
    """The 2021 week created by hand with empty texts, then each seed imported."""

    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_week_2021()

    def test_both_seeds_export_exactly_as_their_examples(self):
        self.assertEqual(
            (self.campaign.intro, self.campaign.closing, self.campaign.credits),
            ("", "", ""),
        )
        out, err = self.run_import(str(SEED_000), campaign=SLUG, date="2021-02-01")
        self.assertEqual(
            out, f"{SEED_000} : Lundi 1er février (2021-02-01) créée, brouillon\n"
        )
        self.assertEqual(err, "")
        self.assertEqual(self.export_json(SLUG, MONDAY), example(EXAMPLE_000))

        out, _err = self.run_import(str(SEED_001), campaign=SLUG, date="2021-02-02")
        self.assertEqual(
            out, f"{SEED_001} : Mardi 2 février (2021-02-02) créée, brouillon\n"
        )
        self.assertEqual(self.export_json(SLUG, TUESDAY), example(EXAMPLE_001))
        # The first newsletter's intro stays: seed 001 writes "évènement".
        self.assertIn("évènement", seed(SEED_001))
        campaign = CampaignPage.objects.get(pk=self.campaign.pk)
        latest = campaign.get_latest_revision_as_object()
        self.assertIn("Cet événement permet", latest.intro)
        self.assertNotIn("évènement", latest.intro)
        # Monday is still exactly its example.
        self.assertEqual(self.export_json(SLUG, MONDAY), example(EXAMPLE_000))

    def test_each_establishment_is_created_once(self):
        self.run_import(str(SEED_000), campaign=SLUG, date="2021-02-01")
        self.run_import(str(SEED_001), campaign=SLUG, date="2021-02-02")
        expected = {
            match_key(e["name"], e["town"]): (e["name"], e["town"], e["department"])
            for path in (EXAMPLE_000, EXAMPLE_001)
            for block in example(path)["body"]
            if block["type"] == "actions"
            for action in block["value"]["actions"]
            for e in action["establishments"]
        }
        self.assertEqual(len(expected), 12)
        self.assertEqual(
            {
                e.match_key: (e.name, e.town, e.department)
                for e in Establishment.objects.all()
            },
            expected,
        )

    def test_texts_of_a_live_campaign_are_published_with_the_first_newsletter(self):
        """The e-mail of a day is built from the live campaign: its texts go live."""
        self.run_import(str(SEED_000), campaign=SLUG, date="2021-02-01")
        campaign = CampaignPage.objects.get(pk=self.campaign.pk)
        self.assertIn("Cet événement permet", campaign.intro)
        self.assertIn("retrouvez sur le site", campaign.closing)
        self.assertIn("Onisep Nouvelle-Aquitaine", campaign.credits)
        self.assertFalse(campaign.has_unpublished_changes)

    def test_filling_the_texts_never_publishes_a_pending_campaign_draft(self):
        """An editor's unpublished change to the campaign stays a draft."""
        campaign = CampaignPage.objects.get(pk=self.campaign.pk)
        campaign.title = "Titre en cours de relecture"
        campaign.save_revision()
        self.run_import(str(SEED_000), campaign=SLUG, date="2021-02-01")
        live = CampaignPage.objects.get(pk=self.campaign.pk)
        self.assertEqual(live.title, "Semaine de la Persévérance Scolaire 2021")
        self.assertTrue(live.has_unpublished_changes)
        latest = live.get_latest_revision_as_object()
        self.assertEqual(latest.title, "Titre en cours de relecture")
        self.assertIn("Cet événement permet", latest.intro)

    def test_campaign_texts_already_written_are_kept(self):
        """An editor's own texts are never replaced by a newsletter's."""
        campaign = CampaignPage.objects.get(pk=self.campaign.pk)
        campaign.intro = "<p>Notre introduction.</p>"
        campaign.save_revision().publish()
        self.run_import(str(SEED_000), campaign=SLUG, date="2021-02-01")
        exported = self.export_json(SLUG, MONDAY)
        expected = example(EXAMPLE_000)
        expected["campaign"]["intro"] = "<p>Notre introduction.</p>"
        self.assertEqual(exported, expected)


# -- 2. a newsletter the tests have never seen, with every tolerated variant ------------

# Everything the spec tolerates, at once: italic and plain places; "-", "–" and
# "—" with and without spaces; " / " and one establishment per line; a
# trailing period; "Ressources ONISEP et autres" with "- [title](url)" links;
# "Action de partenariat …"; **bold**, *italic*, ^e and ^{er}; "- " lists;
# the known Collège Henri Bretin and LP André Campa in capitals and without
# accents. Plus an action with its link and description.
VARIANTS = """

La Semaine de la Persévérance Scolaire *2022* mobilise les **collèges** et les lycées, de la 6^e à la terminale.

Quelques actions de la région académique :

- ★ " **Les 6^e et les 5^e à l'honneur** "
COLLEGE HENRI BRETIN (*neuvic - 24*)
- ★ " **Le 1^{er} forum des métiers** "
Lycée Bernard Palissy (Agen-47) / Lycée Jean Favard (*Guéret – 23*).
- ★ " **Tous en stage** "
lp andre campa (Jurancon–64)
LP Porte des Pyrénées (*Tulle — 19*)
Collège Ferdinand Buisson (Niort—79).
- ★ " **Un parrain pour chaque élève** "
CIO de Poitiers (*Poitiers -86*) / Lycée Guez de Balzac (Angoulême -16)
https://www.ac-poitiers.fr/parrainage
Chaque élève de 3^e volontaire est suivi par un *parrain* du monde **professionnel**.

ZOOM du jour

Les cordées de la réussite

Les *cordées* de la réussite accompagnent les élèves de 4^e jusqu'au bac **et au-delà** :

- tutorat par des étudiants,
- visites d'établissements du supérieur,
- ateliers d'orientation.

Elles concernent aussi le 1^{er} degré.

Ressources ONISEP et autres

- [Les métiers de l'animation](https://www.onisep.fr/metiers-animation)
- [Décrochage scolaire : les 1^{ers} repères](https://eduscol.education.fr/decrochage)

Action de partenariat à l'échelle de la région académique

Un **partenariat** avec la *Région Nouvelle-Aquitaine* :

- des stages de 3^e,
- un forum commun.

Du 1^{er} au 4 février 2022, retrouvez sur le site de votre académie des actions en faveur de la persévérance scolaire

Ce travail d'information et de valorisation a été réalisé en partenariat avec l'Onisep Nouvelle-Aquitaine
"""

SLUG_2022 = "semaine-perseverance-scolaire-2022"
WEDNESDAY_2022 = dt.date(2022, 2, 2)
THURSDAY_2022 = dt.date(2022, 2, 3)


def place(name, town, department):
    return {"name": name, "town": town, "department": department}


VARIANTS_DAY = {
    "format": "persev-day/1",
    "campaign": {
        "slug": SLUG_2022,
        "title": "Semaine de la Persévérance Scolaire 2022",
        "region": "Nouvelle-Aquitaine",
        "start_date": "2022-01-31",
        "end_date": "2022-02-04",
        "intro": (
            "<p>La Semaine de la Persévérance Scolaire <em>2022</em> mobilise les "
            "<strong>collèges</strong> et les lycées, de la 6<sup>e</sup> à la "
            "terminale.</p>"
        ),
        "closing": (
            "<p>Du 1<sup>er</sup> au 4 février 2022, retrouvez sur le site de votre "
            "académie des actions en faveur de la persévérance scolaire</p>"
        ),
        "credits": (
            "<p>Ce travail d'information et de valorisation a été réalisé en "
            "partenariat avec l'Onisep Nouvelle-Aquitaine</p>"
        ),
    },
    "date": "2022-02-02",
    "body": [
        {
            "type": "actions",
            "value": {
                "heading": "Quelques actions de la région académique",
                "actions": [
                    {
                        "title": "Les 6ᵉ et les 5ᵉ à l'honneur",
                        # The known establishment, as it was first written.
                        "establishments": [
                            place("Collège Henri Bretin", "Neuvic", "24")
                        ],
                    },
                    {
                        "title": "Le 1ᵉʳ forum des métiers",
                        "establishments": [
                            place("Lycée Bernard Palissy", "Agen", "47"),
                            place("Lycée Jean Favard", "Guéret", "23"),
                        ],
                    },
                    {
                        "title": "Tous en stage",
                        "establishments": [
                            place("LP André Campa", "Jurançon", "64"),
                            place("LP Porte des Pyrénées", "Tulle", "19"),
                            place("Collège Ferdinand Buisson", "Niort", "79"),
                        ],
                    },
                    {
                        "title": "Un parrain pour chaque élève",
                        "establishments": [
                            place("CIO de Poitiers", "Poitiers", "86"),
                            place("Lycée Guez de Balzac", "Angoulême", "16"),
                        ],
                        "description": (
                            "<p>Chaque élève de 3<sup>e</sup> volontaire est suivi "
                            "par un <em>parrain</em> du monde "
                            "<strong>professionnel</strong>.</p>"
                        ),
                        "url": "https://www.ac-poitiers.fr/parrainage",
                    },
                ],
            },
        },
        {
            "type": "zoom",
            "value": {
                "title": "Les cordées de la réussite",
                "body": (
                    "<p>Les <em>cordées</em> de la réussite accompagnent les élèves "
                    "de 4<sup>e</sup> jusqu'au bac <strong>et au-delà</strong> :</p>"
                    "<ul><li>tutorat par des étudiants,</li>"
                    "<li>visites d'établissements du supérieur,</li>"
                    "<li>ateliers d'orientation.</li></ul>"
                    "<p>Elles concernent aussi le 1<sup>er</sup> degré.</p>"
                ),
            },
        },
        {
            "type": "resources",
            "value": {
                "heading": "Ressources ONISEP et autres",
                "links": [
                    {
                        "title": "Les métiers de l'animation",
                        "url": "https://www.onisep.fr/metiers-animation",
                    },
                    {
                        "title": "Décrochage scolaire : les 1ᵉʳˢ repères",
                        "url": "https://eduscol.education.fr/decrochage",
                    },
                ],
            },
        },
        {
            "type": "partnership",
            "value": {
                "heading": "Action de partenariat à l'échelle de la région académique",
                "body": (
                    "<p>Un <strong>partenariat</strong> avec la <em>Région "
                    "Nouvelle-Aquitaine</em> :</p>"
                    "<ul><li>des stages de 3<sup>e</sup>,</li>"
                    "<li>un forum commun.</li></ul>"
                ),
            },
        },
    ],
}

VARIANT_ACTIONS = VARIANTS_DAY["body"][0]["value"]["actions"]
NEW_ESTABLISHMENTS = 6  # all but Collège Henri Bretin and LP André Campa


class TestNewsletterWithEveryVariant(CommandTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_campaign(
            slug=SLUG_2022,
            title="Semaine de la Persévérance Scolaire 2022",
            region="Nouvelle-Aquitaine",
            start=dt.date(2022, 1, 31),
            end=dt.date(2022, 2, 4),
        )
        cls.bretin = add_establishment("Collège Henri Bretin", "Neuvic", "24")
        cls.campa = add_establishment("LP André Campa", "Jurançon", "64")

    def setUp(self):
        super().setUp()
        self.establishments = Establishment.objects.count()
        self.path = self.write("mercredi.txt", VARIANTS)
        self.out, _err = self.run_import(
            self.path, campaign=SLUG_2022, date="2022-02-02"
        )

    def test_imports_to_the_right_day(self):
        self.assertEqual(
            self.out,
            f"{self.path} : Mercredi 2 février (2022-02-02) créée, brouillon\n",
        )
        (day,) = CampaignDayPage.objects.child_of(self.campaign)
        self.assertEqual(
            (day.date, day.title, day.slug, day.live),
            (WEDNESDAY_2022, "Mercredi 2 février", "mercredi-2-fevrier", False),
        )

    def test_known_establishments_are_matched_not_duplicated(self):
        self.assertEqual(
            Establishment.objects.count(), self.establishments + NEW_ESTABLISHMENTS
        )
        for known in (self.bretin, self.campa):
            with self.subTest(establishment=known.name):
                self.assertEqual(
                    Establishment.objects.filter(match_key=known.match_key).count(), 1
                )
                self.assertEqual(
                    Establishment.objects.get(pk=known.pk).name, known.name
                )
        day = CampaignDayPage.objects.get(date=WEDNESDAY_2022)
        stored = day.get_latest_revision_as_object().body[0].value["actions"]
        self.assertEqual(stored[0]["establishments"][0].pk, self.bretin.pk)
        self.assertEqual(stored[2]["establishments"][0].pk, self.campa.pk)

    def test_exports_back_to_the_same_content_in_json(self):
        self.assertEqual(self.export_json(SLUG_2022, WEDNESDAY_2022), VARIANTS_DAY)

    def test_exports_back_to_the_same_content_in_text(self):
        text = self.export(SLUG_2022, WEDNESDAY_2022, "text")
        parsed = parse_newsletter(text)
        self.assertEqual(parsed.body, VARIANTS_DAY["body"])
        campaign = VARIANTS_DAY["campaign"]
        self.assertEqual(
            (parsed.intro, parsed.closing, parsed.credits),
            (campaign["intro"], campaign["closing"], campaign["credits"]),
        )
        # The exported text, imported into another date, gives the same day.
        before = Establishment.objects.count()
        exported = self.write("export.txt", text)
        out, _err = self.run_import(exported, campaign=SLUG_2022, date="2022-02-03")
        self.assertIn("Jeudi 3 février (2022-02-03) créée, brouillon", out)
        self.assertEqual(Establishment.objects.count(), before)
        thursday = self.export_json(SLUG_2022, THURSDAY_2022)
        wednesday = self.export_json(SLUG_2022, WEDNESDAY_2022)
        self.assertEqual(thursday["body"], wednesday["body"])
        self.assertEqual(thursday["campaign"], wednesday["campaign"])
        # Written again, the day reads the same text.
        self.assertEqual(self.export(SLUG_2022, THURSDAY_2022, "text"), text)

    def test_email_carries_every_action_and_establishment(self):
        # A mail tool reads the exported .eml as bytes (8-bit UTF-8 parts).
        message = email.message_from_bytes(
            self.export_file(SLUG_2022, WEDNESDAY_2022, "email").read_bytes(),
            policy=email.policy.default,
        )
        self.assertEqual(message.get_content_type(), "multipart/alternative")
        text = squash(message.get_body(preferencelist=("plain",)).get_content())
        html = squash(
            visible_text(message.get_body(preferencelist=("html",)).get_content())
        )
        self.assertEqual(len(VARIANT_ACTIONS), 4)
        for action in VARIANT_ACTIONS:
            for part, content in (("text", text), ("html", html)):
                with self.subTest(action=action["title"], part=part):
                    self.assertIn(action["title"], content)
                    for establishment in action["establishments"]:
                        self.assertIn(establishment["name"], content)
                        self.assertIn(establishment["town"], content)
        for part, content in (("text", text), ("html", html)):
            with self.subTest(part=part):
                self.assertIn("Les cordées de la réussite", content)
                self.assertIn("Les métiers de l'animation", content)
                self.assertIn("Du 1er au 4 février 2022", content)


# -- 3. modes ---------------------------------------------------------------------------


class TestImportModes(CommandTestCase):
    def test_default_is_a_draft_with_one_revision(self):
        campaign = add_week_2021()
        self.run_import(str(SEED_000), campaign=SLUG, date="2021-02-01")
        day = CampaignDayPage.objects.child_of(campaign).get(date=MONDAY)
        self.assertFalse(day.live)
        self.assertEqual(day.revisions.count(), 1)
        self.assertIsNone(day.go_live_at)
        self.assertEqual(self.client.get(day.url).status_code, 404)

    def test_publish_makes_the_day_live(self):
        campaign = add_week_2021()
        out, _err = self.run_import(
            str(SEED_000), campaign=SLUG, date="2021-02-01", publish=True
        )
        self.assertIn("Lundi 1er février (2021-02-01) créée, publiée", out)
        day = CampaignDayPage.objects.child_of(campaign).get(date=MONDAY)
        self.assertTrue(day.live)
        self.assertFalse(day.has_unpublished_changes)
        response = self.client.get(day.url)
        self.assertContains(response, "Les 6ᵉ de Camille Claudel à Poudlard")

    def test_publish_also_publishes_a_campaign_still_in_draft(self):
        campaign = add_week_2021(live=False)
        self.run_import(str(SEED_000), campaign=SLUG, date="2021-02-01", publish=True)
        self.assertTrue(CampaignPage.objects.get(pk=campaign.pk).live)
        day = CampaignDayPage.objects.get(date=MONDAY)
        self.assertEqual(self.client.get(day.url).status_code, 200)

    def test_schedule_in_a_future_campaign(self):
        start = today() + dt.timedelta(days=30)
        campaign = add_campaign(
            slug="semaine-a-venir",
            start=start,
            end=start + dt.timedelta(days=4),
            go_live_time=dt.time(7, 45),
        )
        date = start + dt.timedelta(days=2)
        out, _err = self.run_import(
            str(SEED_001),
            campaign="semaine-a-venir",
            date=date.isoformat(),
            schedule=True,
        )
        day = CampaignDayPage.objects.child_of(campaign).get(date=date)
        expected = dt.datetime.combine(date, dt.time(7, 45), tzinfo=PARIS)
        self.assertEqual(day.go_live_at, expected)
        self.assertEqual(
            timezone.localtime(day.go_live_at, PARIS).time(), dt.time(7, 45)
        )
        self.assertFalse(day.live)
        self.assertTrue(day.approved_schedule)
        self.assertIn("programmée", out)
        self.assertIn("à 07:45", out)
        self.assertEqual(self.client.get(day.url).status_code, 404)

    def test_dry_run_writes_nothing_and_says_so(self):
        campaign = add_week_2021()
        campaign_revisions = campaign.revisions.count()
        before = db_counts()
        out, err = self.run_import(
            str(SEED_000), campaign=SLUG, date="2021-02-01", dry_run=True, publish=True
        )
        self.assertEqual(db_counts(), before)
        self.assertEqual(
            out.splitlines(),
            [
                f"{SEED_000} : Lundi 1er février (2021-02-01) créée, publiée",
                "Simulation (--dry-run) : rien n’a été enregistré.",
            ],
        )
        self.assertEqual(err, "")
        self.assertFalse(CampaignDayPage.objects.exists())
        campaign = CampaignPage.objects.get(pk=campaign.pk)
        self.assertEqual(campaign.revisions.count(), campaign_revisions)
        self.assertEqual(campaign.get_latest_revision_as_object().intro, "")

    def test_reimporting_a_date_updates_the_same_day_as_a_new_revision(self):
        campaign = add_week_2021()
        self.run_import(str(SEED_000), campaign=SLUG, date="2021-02-01")
        day = CampaignDayPage.objects.child_of(campaign).get(date=MONDAY)
        pages = db_counts()["pages"]
        path = self.write("lundi-corrige.txt", seed(SEED_001))
        out, _err = self.run_import(path, campaign=SLUG, date="2021-02-01")
        self.assertEqual(
            out, f"{path} : Lundi 1er février (2021-02-01) mise à jour, brouillon\n"
        )
        self.assertEqual(db_counts()["pages"], pages)
        again = CampaignDayPage.objects.child_of(campaign).get(date=MONDAY)
        self.assertEqual(again.pk, day.pk)
        self.assertEqual(again.revisions.count(), 2)
        self.assertEqual(
            self.export_json(SLUG, MONDAY)["body"], example(EXAMPLE_001)["body"]
        )

    def test_reimporting_a_published_day_keeps_it_live_until_published_again(self):
        campaign = add_week_2021()
        self.run_import(str(SEED_000), campaign=SLUG, date="2021-02-01", publish=True)
        path = self.write("lundi-corrige.txt", seed(SEED_001))
        self.run_import(path, campaign=SLUG, date="2021-02-01")
        day = CampaignDayPage.objects.child_of(campaign).get(date=MONDAY)
        self.assertTrue(day.live)
        self.assertTrue(day.has_unpublished_changes)
        self.assertEqual(day.body[1].value["title"], "Les clauses sociales")
        self.assertEqual(
            day.get_latest_revision_as_object().body[1].value["title"],
            "Les réseaux FOQUALE",
        )


# -- 4. refusals ---------------------------------------------------------------------


def replaced(text, old, new):
    assert old in text, old
    return text.replace(old, new, 1)


class TestRefusedTextImport(CommandTestCase):
    """Bad input: every problem as FILE:LINE: message, nothing written."""

    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_week_2021()
        call_command(
            "campaign_import",
            str(SEED_000),
            campaign=SLUG,
            date="2021-02-01",
            stdout=StringIO(),
        )

    def refuse_tuesday(self, text, problems, name="mardi.txt"):
        path = self.write(name, text)
        self.assert_refused(
            path,
            campaign=SLUG,
            date="2021-02-02",
            problems=[f"{path}:{line}: {message}" for line, message in problems],
        )
        self.assertFalse(CampaignDayPage.objects.filter(date=TUESDAY).exists())
        return path

    def test_unknown_department(self):
        text = replaced(seed(SEED_001), "(Vérac-33)", "(Vérac-99)")
        self.refuse_tuesday(
            text,
            [
                (
                    line_number(text, "(Vérac-99)"),
                    f"département « 99 » inconnu : {UNKNOWN}",
                )
            ],
        )
        self.assertFalse(Establishment.objects.filter(town="Vérac").exists())

    def test_department_outside_the_region(self):
        text = replaced(seed(SEED_001), "(Pauillac-33)", "(*Paris - 75*)")
        self.refuse_tuesday(
            text,
            [
                (
                    line_number(text, "(*Paris - 75*)"),
                    outside("75", "Paris", SLUG),
                )
            ],
        )

    def test_action_without_establishment(self):
        text = replaced(seed(SEED_001), "Collège Léon Drouyn (Vérac-33)\n", "")
        self.refuse_tuesday(
            text,
            [
                (
                    line_number(text, "On sort du coin"),
                    f"action « On sort du coin » sans établissement : {ESTABLISHMENT_HINT}",
                )
            ],
        )

    def test_line_that_cannot_be_placed(self):
        stray = "Voici les actions retenues cette semaine."
        text = replaced(
            seed(SEED_001),
            "Quelques actions de la région académique :\n\n",
            f"Quelques actions de la région académique :\n\n{stray}\n",
        )
        self.refuse_tuesday(
            text,
            [
                (
                    line_number(text, stray),
                    f"ligne inattendue avant la première action « {stray} » : "
                    'attendu « - ★ " **TITRE** " »',
                )
            ],
        )

    def test_missing_zoom_title(self):
        # Without its title nor its text, "ZOOM du jour" runs into the resources.
        start = seed(SEED_001).index("Les réseaux FOQUALE")
        end = seed(SEED_001).index("Ressources ONISEP")
        text = seed(SEED_001)[:start] + seed(SEED_001)[end:]
        self.refuse_tuesday(
            text,
            [
                (
                    line_number(text, "ZOOM du jour"),
                    "« ZOOM du jour » sans titre : attendu le titre du zoom sur la "
                    "ligne suivante, par exemple « Les clauses sociales »",
                )
            ],
        )

    def test_every_problem_of_the_file_at_once_in_line_order(self):
        text = seed(SEED_001)
        text = replaced(text, "Collège Léon Drouyn (Vérac-33)\n", "")
        text = replaced(text, "(Pauillac-33)", "(Pauillac-99)")
        text = replaced(text, "(Ruelle-16)", "(Ruelle-75)")
        text = replaced(
            text,
            "Ressources ONISEP et autres\n",
            "Ressources ONISEP et autres\nLe site de l'Onisep.\n",
        )
        self.refuse_tuesday(
            text,
            [
                (
                    line_number(text, "(Pauillac-99)"),
                    f"département « 99 » inconnu : {UNKNOWN}",
                ),
                (
                    line_number(text, "On sort du coin"),
                    f"action « On sort du coin » sans établissement : {ESTABLISHMENT_HINT}",
                ),
                (
                    line_number(text, "(Ruelle-75)"),
                    outside("75", "Paris", SLUG),
                ),
                (
                    line_number(text, "Le site de l'Onisep."),
                    "ligne inattendue dans les ressources « Le site de l'Onisep. » : "
                    "attendu un lien « - [TITRE](https://…) », éventuellement suivi "
                    "de sa source « (ONISEP) »",
                ),
            ],
        )

    def test_known_establishment_in_another_department_names_its_line(self):
        # Collège Henri Bretin (Neuvic) came with Monday, in the 24.
        text = replaced(
            seed(SEED_001),
            "Collège Léon Drouyn (Vérac-33)",
            "Collège Léon Drouyn (Vérac-33) / COLLÈGE HENRI BRETIN (Neuvic – 19)",
        )
        self.refuse_tuesday(
            text,
            [
                (
                    line_number(text, "COLLÈGE HENRI BRETIN"),
                    "Collège Henri Bretin (Neuvic) est déjà enregistré dans le "
                    "département 24, pas 19 : corrigez le fichier ou la fiche de "
                    "l’établissement.",
                )
            ],
        )

    def test_an_establishment_written_with_marks_is_on_its_own_line(self):
        # Its name as stored ("Collège Henri Bretin") is nowhere in the text:
        # the line comes from the reader, not from a search of the text.
        text = replaced(
            seed(SEED_001),
            "Collège Léon Drouyn (Vérac-33)",
            "Collège Léon Drouyn (Vérac-33)\nCollège *Henri* Bretin (Neuvic – 19)",
        )
        self.refuse_tuesday(
            text,
            [
                (
                    line_number(text, "*Henri*"),
                    "Collège Henri Bretin (Neuvic) est déjà enregistré dans le "
                    "département 24, pas 19 : corrigez le fichier ou la fiche de "
                    "l’établissement.",
                )
            ],
        )

    def test_empty_file(self):
        for content in (b"", b"\n  \n\t\n"):
            with self.subTest(content=content):
                path = self.write("vide.txt", content)
                self.assert_refused(
                    path,
                    campaign=SLUG,
                    date="2021-02-02",
                    problems=[f"{path}:1: le fichier est vide."],
                )

    def test_non_utf8_file(self):
        text = seed(SEED_001)
        # "★" has no latin-1 byte: it becomes "?"; the accents are latin-1 bytes.
        path = self.write("mardi.txt", text.encode("latin-1", errors="replace"))
        line = line_number(text, "é")
        word = next(w for w in text.splitlines()[line - 1].split() if "é" in w)
        self.assert_refused(
            path,
            campaign=SLUG,
            date="2021-02-02",
            problems=[f"{path}:{line}: {windows_1252(word)}"],
        )

    def test_binary_file(self):
        path = self.write(
            "image.md", b"Quelques actions :\n\n\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
        )
        self.assert_refused(
            path,
            campaign=SLUG,
            date="2021-02-02",
            # The first control byte (\x1a) is on the fourth line.
            problems=[f"{path}:4: {NOT_TEXT}"],
        )

    def test_date_outside_the_campaign(self):
        path = self.write("lundi-suivant.txt", seed(SEED_001))
        self.assert_refused(
            path,
            campaign=SLUG,
            date="2021-02-08",
            problems=[
                f"{path}:1: le lundi 8 février 2021 est en dehors de la campagne "
                "« Semaine de la Persévérance Scolaire 2021 », qui va du 1er février "
                "2021 au 5 février 2021."
            ],
        )

    def test_unknown_campaign(self):
        path = self.write("mardi.txt", seed(SEED_001))
        self.assert_refused(
            path,
            campaign="semaine-inconnue",
            date="2021-02-02",
            problems=[
                f"{path}:1: campagne « semaine-inconnue » introuvable : créez-la "
                "d’abord ou vérifiez son identifiant."
            ],
        )

    def test_text_without_campaign(self):
        path = self.write("mardi.md", seed(SEED_001))
        self.assert_refused(
            path,
            date="2021-02-02",
            problems=[
                f"{path}:1: indiquez la campagne (--campaign SLUG) pour une lettre au "
                "format texte."
            ],
        )

    def test_text_without_date(self):
        path = self.write("mardi.md", seed(SEED_001))
        self.assert_refused(
            path,
            campaign=SLUG,
            problems=[
                f"{path}:1: indiquez la date de la journée (--date AAAA-MM-JJ) pour "
                "une lettre au format texte."
            ],
        )

    def test_bad_date_value(self):
        path = self.write("mardi.txt", seed(SEED_001))
        for value in ("2021-02-30", "mardi", "02/02/2021"):
            with self.subTest(value=value):
                self.assert_option_refused(
                    path,
                    campaign=SLUG,
                    date=value,
                    message=f"--date : « {value} » n’est pas une date valide "
                    "(AAAA-MM-JJ).",
                )

    def test_date_with_several_text_files(self):
        tuesday = self.write("mardi.txt", seed(SEED_001))
        wednesday = self.write("mercredi.md", seed(SEED_000))
        self.assert_option_refused(
            tuesday,
            wednesday,
            campaign=SLUG,
            date="2021-02-02",
            message="--date date une seule lettre : importez un fichier texte à la fois",
        )

    def test_a_bad_second_file_keeps_the_first_out(self):
        """A good day (JSON: it carries its date) and a bad newsletter: nothing
        of the first is written either."""
        good_document = example(EXAMPLE_001)
        good = self.write("mardi.json", json.dumps(good_document, ensure_ascii=False))
        bad_text = replaced(seed(SEED_001), "(Vérac-33)", "(Vérac-99)")
        bad = self.write("mercredi.txt", bad_text.encode("latin-1", errors="replace"))
        line = bad_text.splitlines()[line_number(bad_text, "é") - 1]
        word_with_e = next(word for word in line.split() if "é" in word)
        self.assert_refused(
            good,
            bad,
            campaign=SLUG,
            problems=[
                f"{bad}:{line_number(bad_text, 'é')}: {windows_1252(word_with_e)}"
            ],
        )
        self.assertFalse(CampaignDayPage.objects.filter(date=TUESDAY).exists())
        self.assertFalse(Establishment.objects.filter(town="Pauillac").exists())

    def test_refused_import_leaves_the_existing_day_and_campaign_as_they_were(self):
        monday = CampaignDayPage.objects.get(date=MONDAY)
        revisions = monday.revisions.count()
        campaign_revisions = self.campaign.revisions.count()
        text = replaced(seed(SEED_001), "(Vérac-33)", "(Vérac-99)")
        path = self.write("lundi.txt", text)
        self.assert_refused(
            path,
            campaign=SLUG,
            date="2021-02-01",
            problems=[
                f"{path}:{line_number(text, '(Vérac-99)')}: département « 99 » "
                f"inconnu : {UNKNOWN}"
            ],
        )
        self.assertEqual(monday.revisions.count(), revisions)
        self.assertEqual(self.campaign.revisions.count(), campaign_revisions)
        self.assertEqual(self.export_json(SLUG, MONDAY), example(EXAMPLE_000))


class TestHostileNewsletters(CommandTestCase):
    """Letters as they come out of Word, the Notepad or a hostile review:
    French problems with their lines, the command fails, nothing written."""

    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_week_2021()
        call_command(
            "campaign_import",
            str(SEED_000),
            campaign=SLUG,
            date="2021-02-01",
            stdout=StringIO(),
        )

    def refuse_tuesday(self, content, problems, name="mardi.txt"):
        path = self.write(name, content)
        self.assert_refused(
            path,
            campaign=SLUG,
            date="2021-02-02",
            problems=[f"{path}:{line}: {message}" for line, message in problems],
        )
        self.assertFalse(CampaignDayPage.objects.filter(date=TUESDAY).exists())

    def import_tuesday(self, content):
        self.run_import(
            self.write("mardi.txt", content), campaign=SLUG, date="2021-02-02"
        )
        return self.export_json(SLUG, TUESDAY)

    def test_utf16_and_utf32_letters_name_their_encoding(self):
        text = seed(SEED_001)
        for encoding, name in (
            ("utf-16", "UTF-16 (petit-boutiste)"),  # the Notepad's "Unicode"
            ("utf-32", "UTF-32 (petit-boutiste)"),
            ("utf-16-le", "UTF-16 (petit-boutiste)"),  # no byte-order mark
            ("utf-32-be", "UTF-32 (gros-boutiste)"),
        ):
            with self.subTest(encoding=encoding):
                self.refuse_tuesday(text.encode(encoding), [(1, wrong_encoding(name))])
        big_endian = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
        self.refuse_tuesday(big_endian, [(1, wrong_encoding("UTF-16 (gros-boutiste)"))])

    def test_utf8_with_a_byte_order_mark_just_works(self):
        exported = self.import_tuesday(codecs.BOM_UTF8 + seed(SEED_001).encode())
        self.assertEqual(exported["body"], example(EXAMPLE_001)["body"])

    def test_windows_and_old_mac_line_ends(self):
        for name, end in (("CRLF", "\r\n"), ("CR", "\r")):
            with self.subTest(line_ends=name):
                text = replaced(seed(SEED_001), "(Vérac-33)", "(Vérac-99)")
                self.refuse_tuesday(
                    text.replace("\n", end).encode(),
                    [
                        (
                            line_number(text, "(Vérac-99)"),
                            f"département « 99 » inconnu : {UNKNOWN}",
                        )
                    ],
                )
        exported = self.import_tuesday(seed(SEED_001).replace("\n", "\r\n").encode())
        self.assertEqual(exported["body"], example(EXAMPLE_001)["body"])

    def test_documents_that_are_not_text_say_what_they_are(self):
        for name, content, message in (
            ("lettre.txt", DOCX, document_of("un document Word (.docx)")),
            ("lettre.txt", ODT, document_of("un document LibreOffice Writer (.odt)")),
            ("lettre.md", PDF, document_of("un document PDF")),
            (
                "lettre.txt",
                PNG,
                "c’est une image PNG, pas un fichier texte : attendu une lettre en "
                "texte (.txt, .md) ou un fichier JSON (.json).",
            ),
            ("lettre.txt", bytes(range(256)) * 8, NOT_TEXT),
        ):
            with self.subTest(content=content[:8]):
                self.refuse_tuesday(content, [(1, message)], name=name)

    def test_nul_and_control_characters_are_shown_on_their_lines(self):
        text = seed(SEED_001)
        text = replaced(text, "On sort du coin", "On sort\x00 du coin")
        text = replaced(text, "La mise en œuvre", "La mise\x0ben œuvre")
        self.refuse_tuesday(
            text,
            [
                (
                    line_number(text, "\x00"),
                    "caractère invisible U+0000 (caractère nul) en colonne 16 : "
                    "supprimez-le.",
                ),
                (
                    line_number(text, "\x0b"),
                    "caractère invisible U+000B (tabulation verticale, le saut de "
                    "ligne manuel de Word) en colonne 8 : supprimez-le.",
                ),
            ],
        )

    def test_only_blanks(self):
        for content in ("\ufeff \r\n\r\n", "\u00a0\u2003\n\t \n"):
            with self.subTest(content=content):
                self.refuse_tuesday(content, [(1, "le fichier est vide.")])

    def test_extremely_long_lines(self):
        text = seed(SEED_001)
        long_line = "Un lien égaré " + "x" * 1_500_000
        text = replaced(
            text,
            "Ressources ONISEP et autres\n",
            f"Ressources ONISEP et autres\n{long_line}\n",
        )
        text = replaced(text, "Collège Léon Drouyn", "Collège " + "L" * 300)
        text = replaced(text, "**On sort du coin**", "**" + "O" * 301 + "**")
        at_most = "Assurez-vous que cette valeur comporte au plus"
        self.refuse_tuesday(
            text,
            [
                (
                    line_number(text, "O" * 301),
                    f"titre : {at_most} 300 caractères (actuellement 301).",
                ),
                (
                    line_number(text, "L" * 300),
                    f"nom de l’établissement : {at_most} 255 caractères (actuellement "
                    "308).",
                ),
                (
                    line_number(text, "Un lien égaré"),
                    f"ligne inattendue dans les ressources « {long_line[:79]}… » : "
                    "attendu un lien « - [TITRE](https://…) », éventuellement suivi de "
                    "sa source « (ONISEP) »",
                ),
            ],
        )

    def test_emphasis_nested_thousands_deep(self):
        text = seed(SEED_001)
        nested = "*a " * 20_000 + "b" + " c*" * 20_000
        text = replaced(text, "Quelques actions", f"{nested}\n\nQuelques actions")
        self.run_import(self.write("mardi.txt", text), campaign=SLUG, date="2021-02-02")
        campaign = CampaignPage.objects.get(pk=self.campaign.pk)
        intro = campaign.get_latest_revision_as_object().intro
        self.assertNotIn("<i><i>", intro)
        self.assertEqual(intro.count("<i>"), intro.count("</i>"))

    def test_numbers_of_thirty_digits(self):
        text = seed(SEED_001)
        thirty = "1" * 30
        text = replaced(text, "(Vérac-33)", f"(Vérac-{thirty})")
        self.refuse_tuesday(
            text,
            [
                (
                    line_number(text, thirty),
                    f"établissement illisible « Collège Léon Drouyn (Vérac-{thirty}) » : "
                    "attendu « NOM (VILLE - DÉPARTEMENT) », par exemple « Collège Henri "
                    "Bretin (Neuvic - 24) »",
                )
            ],
        )
        path = self.write("mardi.txt", seed(SEED_001))
        self.assert_option_refused(
            path,
            campaign=SLUG,
            date=thirty,
            message=f"--date : « {thirty} » n’est pas une date valide (AAAA-MM-JJ).",
        )

    def test_every_problem_at_once_with_those_of_the_database(self):
        """The letter's own problems, those of its establishments against the
        database and those of its blocks, in one run."""
        text = seed(SEED_001)
        text = replaced(text, "(Vérac-33)", "(Vérac-99)")
        # Collège Henri Bretin came with Monday, in the 24.
        text = replaced(
            text, "Lycée Odilon Redon (Pauillac-33)", "Collège Henri Bretin (Neuvic-19)"
        )
        text = replaced(
            text,
            "LP du bâtiment Sillac (Angoulême-16)\n",
            "LP du bâtiment Sillac (Angoulême-16)\nmailto:contact@example.org\n",
        )
        self.refuse_tuesday(
            text,
            [
                (
                    line_number(text, "(Neuvic-19)"),
                    "Collège Henri Bretin (Neuvic) est déjà enregistré dans le "
                    "département 24, pas 19 : corrigez le fichier ou la fiche de "
                    "l’établissement.",
                ),
                (
                    line_number(text, "(Vérac-99)"),
                    f"département « 99 » inconnu : {UNKNOWN}",
                ),
                (
                    # On the link's own line, not the action's title.
                    line_number(text, "mailto:contact@example.org"),
                    "adresse du lien : Saisissez une URL valide.",
                ),
            ],
        )

    def test_a_campaign_option_no_database_can_read(self):
        """A terminal's undecodable bytes reach Python as lone surrogates."""
        path = self.write("mardi.txt", seed(SEED_001))
        self.assert_refused(
            path,
            campaign="semaine-\udcff",
            date="2021-02-02",
            problems=[
                f"{path}:1: campagne « semaine-\\udcff » introuvable : créez-la "
                "d’abord ou vérifiez son identifiant."
            ],
        )
