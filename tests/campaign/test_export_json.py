"""`campaign_export --format json`: the interchange format, back from the database."""

import datetime as dt
import json
import tempfile
from io import StringIO
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase
from wagtail.documents import get_document_model

from campaign.authoring.interchange.json_format import check_document
from campaign.models import CampaignDayPage
from tests.builders import (
    DEMO_FILES,
    DEMO_SLUG,
    action,
    actions_block,
    add_campaign,
    add_day,
    add_establishment,
    db_counts,
    demo_document,
    home_page,
    resource_link,
    resources_block,
    text_block,
    write_document,
    zoom_block,
)

MONDAY = dt.date(2021, 2, 1)
TUESDAY = dt.date(2021, 2, 2)


def export(campaign, date=None, **options):
    out = StringIO()
    if date is not None:
        options["date"] = date.isoformat()
    call_command(
        "campaign_export", campaign=campaign, format="json", stdout=out, **options
    )
    return out.getvalue()


class TestExportExamples(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command(
            "campaign_import",
            *(str(path) for path in DEMO_FILES.values()),
            publish=True,
            stdout=StringIO(),
        )

    def test_each_example_exports_back_identically(self):
        for date, path in DEMO_FILES.items():
            with self.subTest(date=date):
                exported = export(DEMO_SLUG, date)
                self.assertEqual(
                    json.loads(exported), json.loads(path.read_text(encoding="utf-8"))
                )

    def test_export_text_is_the_example_file_byte_for_byte(self):
        for date, path in DEMO_FILES.items():
            with self.subTest(date=date):
                self.assertEqual(
                    export(DEMO_SLUG, date), path.read_text(encoding="utf-8")
                )

    def test_whole_campaign_is_a_list_of_valid_days_in_date_order(self):
        documents = json.loads(export(DEMO_SLUG))
        self.assertIsInstance(documents, list)
        self.assertEqual([d["date"] for d in documents], ["2021-02-01", "2021-02-02"])
        for document in documents:
            with self.subTest(date=document["date"]):
                self.assertEqual(check_document(document), [])
                self.assertEqual(
                    document, demo_document(dt.date.fromisoformat(document["date"]))
                )

    def test_reimporting_an_export_changes_no_content(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "lundi.json"
            call_command(
                "campaign_export",
                campaign=DEMO_SLUG,
                date="2021-02-01",
                output=str(path),
                stdout=StringIO(),
            )
            before = db_counts()
            call_command("campaign_import", str(path), publish=True, stdout=StringIO())
        after = db_counts()
        self.assertEqual(after["pages"], before["pages"])
        self.assertEqual(after["establishments"], before["establishments"])
        self.assertEqual(json.loads(export(DEMO_SLUG, MONDAY)), demo_document(MONDAY))

    def test_output_option_writes_the_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "semaine.json"
            out = StringIO()
            call_command(
                "campaign_export", campaign=DEMO_SLUG, output=str(path), stdout=out
            )
            self.assertEqual(out.getvalue(), "")
            self.assertEqual(len(json.loads(path.read_text(encoding="utf-8"))), 2)

    def test_export_gives_the_latest_draft(self):
        document = demo_document(TUESDAY)
        document["body"][1]["value"]["title"] = "Les réseaux FOQUALE, version revue"
        with tempfile.TemporaryDirectory() as tmp:
            path, _text = write_document(tmp, "mardi.json", document)
            call_command("campaign_import", path, stdout=StringIO())
        self.assertTrue(
            CampaignDayPage.objects.get(date=TUESDAY).has_unpublished_changes
        )
        self.assertEqual(json.loads(export(DEMO_SLUG, TUESDAY)), document)

    def test_unknown_campaign_is_an_error(self):
        with self.assertRaisesMessage(
            CommandError, "campagne « nulle-part » introuvable."
        ):
            export("nulle-part")

    def test_date_without_a_day_is_an_error(self):
        with self.assertRaisesMessage(
            CommandError,
            f"la campagne « {DEMO_SLUG} » n’a pas de journée le 2021-02-03.",
        ):
            export(DEMO_SLUG, dt.date(2021, 2, 3))

    def test_invalid_date_is_an_error(self):
        with self.assertRaisesMessage(
            CommandError,
            "--date : « 2021-13-01 » n’est pas une date valide (AAAA-MM-JJ).",
        ):
            call_command(
                "campaign_export",
                campaign=DEMO_SLUG,
                date="2021-13-01",
                stdout=StringIO(),
            )


class TestExportOfEditedContent(TestCase):
    """Content written in the admin (internal links, documents…) exports as valid JSON."""

    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_campaign(
            slug="semaine-editee",
            title="Semaine éditée",
            intro="<p>Une <b>intro</b>.</p>",
            closing="<p>Du 1<sup>er</sup> au 5 février.</p>",
        )
        cls.favard = add_establishment("Lycée Jean Favard", "Guéret", "23")
        cls.document = get_document_model().objects.create(
            title="Guide", file=ContentFile(b"%PDF-1.4", name="guide.pdf")
        )
        cls.hidden = add_campaign(slug="brouillon", title="Brouillon", live=False)
        home = home_page()
        cls.day = add_day(
            cls.campaign,
            MONDAY,
            [
                actions_block(
                    action(
                        "Construire son avenir",
                        [cls.favard],
                        description="<p>Des <i>ateliers</i>.</p>",
                        url="https://www.example.org/avenir",
                    )
                ),
                zoom_block(
                    "Un zoom",
                    f'<p>Voir <a linktype="page" id="{home.pk}">l’accueil</a> et '
                    f'<a linktype="page" id="{cls.hidden.pk}">un brouillon</a>.</p>',
                ),
                resources_block(
                    resource_link("Accueil", page=home, source="Site"),
                    resource_link("Le guide", document=cls.document),
                ),
                text_block("<p>Fin.</p>"),
            ],
            title="Lundi spécial",
        )

    def setUp(self):
        self.document_json = json.loads(export("semaine-editee", MONDAY))

    def test_validates_against_the_schema(self):
        self.assertEqual(check_document(self.document_json), [])

    def test_keeps_a_title_that_is_not_the_derived_one(self):
        self.assertEqual(self.document_json["title"], "Lundi spécial")

    def test_expands_establishments_and_uses_interchange_tags(self):
        actions, _zoom, _resources, text = self.document_json["body"]
        self.assertEqual(
            actions["value"]["actions"],
            [
                {
                    "title": "Construire son avenir",
                    "establishments": [
                        {
                            "name": "Lycée Jean Favard",
                            "town": "Guéret",
                            "department": "23",
                        }
                    ],
                    "description": "<p>Des <em>ateliers</em>.</p>",
                    "url": "https://www.example.org/avenir",
                }
            ],
        )
        self.assertEqual(text, {"type": "text", "value": "<p>Fin.</p>"})
        self.assertEqual(
            self.document_json["campaign"]["intro"],
            "<p>Une <strong>intro</strong>.</p>",
        )

    def test_internal_links_become_absolute_and_hidden_pages_lose_their_link(self):
        zoom = self.document_json["body"][1]["value"]["body"]
        home_url = home_page().get_full_url()
        self.assertTrue(home_url.startswith("http"))
        self.assertEqual(
            zoom, f'<p>Voir <a href="{home_url}">l’accueil</a> et un brouillon.</p>'
        )

    def test_resource_links_to_pages_and_documents_are_absolute(self):
        links = self.document_json["body"][2]["value"]["links"]
        self.assertEqual(
            links[0],
            {"title": "Accueil", "url": home_page().get_full_url(), "source": "Site"},
        )
        self.assertEqual(links[1]["title"], "Le guide")
        self.assertTrue(links[1]["url"].startswith("http://testserver/documents/"))
        self.assertTrue(links[1]["url"].endswith("/guide.pdf"))
