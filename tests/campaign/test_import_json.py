"""`campaign_import` with JSON interchange files (persev-day/1)."""

import datetime as dt
import os
import tempfile
from io import StringIO
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from campaign.authoring.sources import MAX_FILE_SIZE, read_path
from campaign.models import CampaignDayPage, CampaignPage, Establishment, match_key
from campaign.reference.dates import today
from campaign.reference.regions import REGION_NAMES
from tests.builders import (
    DEMO_FILES,
    DEMO_SLUG,
    add_campaign,
    db_counts,
    demo_document,
    line_number,
    write_document,
)
from tests.campaign.hostile_files import NOT_TEXT, deep_json, windows_1252
from tests.campaign.import_assertions import ImportAssertions

MONDAY = dt.date(2021, 2, 1)
TUESDAY = dt.date(2021, 2, 2)
PARIS = ZoneInfo("Europe/Paris")


class ImportTestCase(ImportAssertions, TestCase):
    def setUp(self):
        self.tmp = self.enterContext(tempfile.TemporaryDirectory())

    def write(self, name, document):
        return write_document(self.tmp, name, document)

    def write_bytes(self, name, data):
        path = f"{self.tmp}/{name}"
        with open(path, "wb") as file:
            file.write(data)
        return path

    def run_import(self, *paths, **options):
        out, err = StringIO(), StringIO()
        call_command("campaign_import", *paths, stdout=out, stderr=err, **options)
        return out.getvalue(), err.getvalue()


class TestImportExamples(ImportTestCase):
    @classmethod
    def setUpTestData(cls):
        call_command(
            "campaign_import",
            *(str(path) for path in DEMO_FILES.values()),
            publish=True,
            stdout=StringIO(),
        )

    def test_creates_the_campaign_from_the_first_file(self):
        campaign = CampaignPage.objects.get(slug=DEMO_SLUG)
        document = demo_document(MONDAY)["campaign"]
        self.assertEqual(campaign.title, document["title"])
        self.assertEqual(
            (campaign.start_date, campaign.end_date), (MONDAY, dt.date(2021, 2, 5))
        )
        self.assertEqual(campaign.region, "Nouvelle-Aquitaine")
        self.assertIn("Cet événement permet de mobiliser", campaign.intro)
        self.assertEqual(campaign.closing, document["closing"])
        self.assertTrue(campaign.live)

    def test_creates_one_live_day_per_file(self):
        days = CampaignDayPage.objects.child_of(
            CampaignPage.objects.get(slug=DEMO_SLUG)
        )
        self.assertEqual(
            [(day.date, day.title, day.live) for day in days.order_by("date")],
            [(MONDAY, "Lundi 1er février", True), (TUESDAY, "Mardi 2 février", True)],
        )

    def test_creates_each_establishment_once(self):
        expected = {
            match_key(e["name"], e["town"]): e
            for date in (MONDAY, TUESDAY)
            for block in demo_document(date)["body"]
            if block["type"] == "actions"
            for action in block["value"]["actions"]
            for e in action["establishments"]
        }
        self.assertEqual(Establishment.objects.count(), len(expected))
        for key, data in expected.items():
            with self.subTest(establishment=data["name"]):
                establishment = Establishment.objects.get(match_key=key)
                self.assertEqual(
                    (establishment.name, establishment.town, establishment.department),
                    (data["name"], data["town"], data["department"]),
                )

    def test_reimporting_the_same_files_changes_nothing_visible(self):
        before = db_counts()
        self.run_import(*(str(path) for path in DEMO_FILES.values()), publish=True)
        after = db_counts()
        self.assertEqual(after["pages"], before["pages"])
        self.assertEqual(after["establishments"], before["establishments"])


class TestReimport(ImportTestCase):
    @classmethod
    def setUpTestData(cls):
        call_command(
            "campaign_import", str(DEMO_FILES[MONDAY]), publish=True, stdout=StringIO()
        )
        cls.day = CampaignDayPage.objects.get(date=MONDAY)

    def changed_monday(self):
        document = demo_document(MONDAY)
        document["body"][1]["value"]["title"] = "Les clauses sociales, version revue"
        return document

    def test_changed_file_updates_the_same_day_as_a_new_revision(self):
        revisions = self.day.revisions.count()
        path, _text = self.write("lundi.json", self.changed_monday())
        out, _err = self.run_import(path)
        self.assertEqual(CampaignDayPage.objects.filter(date=MONDAY).count(), 1)
        day = CampaignDayPage.objects.get(date=MONDAY)
        self.assertEqual(day.pk, self.day.pk)
        self.assertEqual(day.revisions.count(), revisions + 1)
        self.assertIn("mise à jour, brouillon", out)
        # A draft: readers keep the published version, editors see the new one.
        self.assertEqual(day.body[1].value["title"], "Les clauses sociales")
        self.assertTrue(day.has_unpublished_changes)
        latest = day.get_latest_revision_as_object()
        self.assertEqual(
            latest.body[1].value["title"], "Les clauses sociales, version revue"
        )

    def test_changed_file_with_publish_goes_live(self):
        path, _text = self.write("lundi.json", self.changed_monday())
        out, _err = self.run_import(path, publish=True)
        self.assertIn("Lundi 1er février (2021-02-01) mise à jour, publiée", out)
        day = CampaignDayPage.objects.get(date=MONDAY)
        self.assertEqual(
            day.body[1].value["title"], "Les clauses sociales, version revue"
        )
        self.assertFalse(day.has_unpublished_changes)

    def test_title_in_file_replaces_the_derived_one(self):
        document = demo_document(MONDAY)
        document["title"] = "Lundi de la persévérance"
        path, _text = self.write("lundi.json", document)
        self.run_import(path, publish=True)
        day = CampaignDayPage.objects.get(date=MONDAY)
        self.assertEqual(day.title, "Lundi de la persévérance")
        self.assertEqual(day.pk, self.day.pk)

    def test_later_file_never_overwrites_campaign_texts(self):
        document = demo_document(TUESDAY)
        document["campaign"]["intro"] = "<p>Une autre introduction.</p>"
        document["campaign"]["title"] = "Un autre titre"
        path, _text = self.write("mardi.json", document)
        self.run_import(path, publish=True)
        campaign = CampaignPage.objects.get(
            slug=DEMO_SLUG
        ).get_latest_revision_as_object()
        self.assertEqual(campaign.title, "Semaine de la Persévérance Scolaire 2021")
        self.assertNotIn("Une autre introduction", campaign.intro)


class TestImportModes(ImportTestCase):
    def future_document(self, slug="semaine-a-venir"):
        start = today() + dt.timedelta(days=30)
        document = demo_document(MONDAY)
        document["campaign"].update(
            slug=slug,
            title="Semaine à venir",
            start_date=start.isoformat(),
            end_date=(start + dt.timedelta(days=4)).isoformat(),
        )
        document["date"] = (start + dt.timedelta(days=1)).isoformat()
        return document, start + dt.timedelta(days=1)

    def test_default_is_a_draft(self):
        out, _err = self.run_import(str(DEMO_FILES[MONDAY]))
        day = CampaignDayPage.objects.get(date=MONDAY)
        self.assertFalse(day.live)
        self.assertEqual(day.revisions.count(), 1)
        self.assertEqual(
            out.strip(),
            "2021-02-01.json : Lundi 1er février (2021-02-01) créée, brouillon".replace(
                "2021-02-01.json", str(DEMO_FILES[MONDAY])
            ),
        )
        self.assertEqual(self.client.get(day.url).status_code, 404)

    def test_publish_makes_day_and_campaign_live(self):
        self.run_import(str(DEMO_FILES[MONDAY]), publish=True)
        day = CampaignDayPage.objects.get(date=MONDAY)
        self.assertTrue(day.live)
        self.assertTrue(day.get_parent().live)
        self.assertEqual(self.client.get(day.url).status_code, 200)

    def test_schedule_sets_go_live_at_the_campaign_time_in_paris(self):
        document, date = self.future_document()
        path, _text = self.write("jour.json", document)
        out, _err = self.run_import(path, schedule=True)
        day = CampaignDayPage.objects.get(date=date)
        expected = dt.datetime.combine(date, dt.time(8, 0), tzinfo=PARIS)
        self.assertEqual(day.go_live_at, expected)
        self.assertFalse(day.live)
        self.assertTrue(day.approved_schedule)
        self.assertIn("programmée", out)
        self.assertIn("à 08:00", out)
        self.assertEqual(self.client.get(day.url).status_code, 404)

    def test_schedule_uses_the_campaign_go_live_time(self):
        document, date = self.future_document()
        add_campaign(
            slug="semaine-a-venir",
            title="Semaine à venir",
            start=date - dt.timedelta(days=1),
            end=date + dt.timedelta(days=3),
            go_live_time=dt.time(7, 30),
        )
        path, _text = self.write("jour.json", document)
        self.run_import(path, schedule=True)
        day = CampaignDayPage.objects.get(date=date)
        self.assertEqual(
            day.go_live_at, dt.datetime.combine(date, dt.time(7, 30), tzinfo=PARIS)
        )

    def test_schedule_of_a_past_date_publishes_now(self):
        out, _err = self.run_import(str(DEMO_FILES[MONDAY]), schedule=True)
        day = CampaignDayPage.objects.get(date=MONDAY)
        self.assertTrue(day.live)
        self.assertIn("publiée", out)

    def test_dry_run_writes_nothing(self):
        before = db_counts()
        out, _err = self.run_import(
            *(str(path) for path in DEMO_FILES.values()), publish=True, dry_run=True
        )
        self.assertEqual(db_counts(), before)
        self.assertFalse(CampaignPage.objects.filter(slug=DEMO_SLUG).exists())
        self.assertIn("Lundi 1er février (2021-02-01) créée, publiée", out)
        self.assertIn("Simulation (--dry-run) : rien n’a été enregistré.", out)


class TestRefusedImport(ImportTestCase):
    """Every refused import leaves the database as it was, and says where the problem is."""

    @classmethod
    def setUpTestData(cls):
        call_command(
            "campaign_import", str(DEMO_FILES[MONDAY]), publish=True, stdout=StringIO()
        )

    def tuesday(self):
        return demo_document(TUESDAY)

    def test_unknown_department(self):
        document = self.tuesday()
        document["body"][0]["value"]["actions"][3]["establishments"][1][
            "department"
        ] = "99"
        path, text = self.write("mardi.json", document)
        line = line_number(text, '"department": "99"')
        self.assert_refused(
            path,
            problems=[
                f"{path}:{line}: $.body[0].value.actions[3].establishments[1].department : "
                "département « 99 » inconnu : attendu le code d’un département "
                "français, par exemple 86, 2A ou 974"
            ],
        )

    def test_missing_zoom_title(self):
        document = self.tuesday()
        del document["body"][1]["value"]["title"]
        path, text = self.write("mardi.json", document)
        line = line_number(text, '"value": {', after='"type": "zoom"')
        self.assert_refused(
            path,
            problems=[
                f"{path}:{line}: $.body[1].value : champ obligatoire manquant : title"
            ],
        )

    def test_unknown_block_type(self):
        document = self.tuesday()
        document["body"][2]["type"] = "video"
        path, text = self.write("mardi.json", document)
        line = line_number(text, '"type": "video"')
        self.assert_refused(
            path,
            problems=[
                f"{path}:{line}: $.body[2].type : type de bloc « video » inconnu "
                "(attendu : actions, zoom, resources, partnership, text, testimony)"
            ],
        )

    def test_invalid_date(self):
        document = self.tuesday()
        document["date"] = "2021-02-30"
        path, text = self.write("mardi.json", document)
        line = line_number(text, '"date": "2021-02-30"')
        self.assert_refused(
            path,
            problems=[
                f"{path}:{line}: $.date : « 2021-02-30 » n’est pas une date valide (AAAA-MM-JJ)"
            ],
        )

    def test_date_outside_campaign(self):
        document = self.tuesday()
        document["date"] = "2021-02-08"
        path, text = self.write("mardi.json", document)
        line = line_number(text, '"date": "2021-02-08"')
        self.assert_refused(
            path,
            problems=[
                f"{path}:{line}: le lundi 8 février 2021 est en dehors de la campagne "
                "« Semaine de la Persévérance Scolaire 2021 », qui va du 1er février 2021 "
                "au 5 février 2021."
            ],
        )

    def test_several_problems_are_listed_in_line_order(self):
        document = self.tuesday()
        document["body"][0]["value"]["actions"][0]["establishments"][0][
            "department"
        ] = "75"
        document["body"][1]["value"]["title"] = ""
        path, text = self.write("mardi.json", document)
        problems = StringIO()
        before = db_counts()
        with self.assertRaises(CommandError):
            call_command("campaign_import", path, stdout=StringIO(), stderr=problems)
        self.assertEqual(db_counts(), before)
        lines = problems.getvalue().splitlines()
        self.assertEqual(len(lines), 2)
        department_line = line_number(text, '"department": "75"')
        title_line = line_number(text, '"title": ""')
        self.assertLess(department_line, title_line)
        self.assertTrue(
            lines[0].startswith(f"{path}:{department_line}: $.body[0].value.")
        )
        self.assertTrue(
            lines[1].startswith(f"{path}:{title_line}: $.body[1].value.title : ")
        )

    def test_malformed_json(self):
        path, text = self.write("mardi.json", self.tuesday())
        broken = text.replace('"date": "2021-02-02",', '"date": "2021-02-02"')
        with open(path, "w", encoding="utf-8") as file:
            file.write(broken)
        # The parser stops on the key after the missing comma.
        line = line_number(broken, '"body"')
        self.assert_refused(
            path,
            problems=[f"{path}:{line}: JSON illisible : virgule attendue (colonne 3)"],
        )

    def test_empty_file(self):
        path = self.write_bytes("vide.json", b"  \n\n")
        self.assert_refused(path, problems=[f"{path}:1: le fichier est vide."])

    def test_binary_file(self):
        path = self.write_bytes("image.json", b'{\n"format":\n' + bytes(range(256)))
        # The first control byte is on the third line.
        self.assert_refused(path, problems=[f"{path}:3: {NOT_TEXT}"])

    def test_non_utf8_file(self):
        _path, text = self.write("mardi.json", self.tuesday())
        path = self.write_bytes("latin1.json", text.encode("latin-1", errors="replace"))
        line = line_number(text, "é")
        self.assertIn("Persévérance", text.splitlines()[line - 1])
        self.assert_refused(
            path, problems=[f"{path}:{line}: {windows_1252('Persévérance')}"]
        )

    def test_a_bad_second_file_refuses_the_first_too(self):
        good_document = self.tuesday()
        good, _text = self.write("mardi.json", good_document)
        bad_document = demo_document(MONDAY)
        bad_document["date"] = "2021-02-03"
        bad_document["body"][0]["value"]["actions"][0]["establishments"][0][
            "department"
        ] = "99"
        bad_document["body"][0]["value"]["actions"][0]["establishments"][0]["name"] = (
            "Collège inédit"
        )
        bad, bad_text = self.write("mercredi.json", bad_document)
        line = line_number(bad_text, '"department": "99"')
        self.assert_refused(
            good,
            bad,
            problems=[
                f"{bad}:{line}: $.body[0].value.actions[0].establishments[0].department : "
                "département « 99 » inconnu : attendu le code d’un département "
                "français, par exemple 86, 2A ou 974"
            ],
        )
        self.assertFalse(CampaignDayPage.objects.filter(date=TUESDAY).exists())
        self.assertFalse(
            Establishment.objects.filter(name="Lycée Odilon Redon").exists()
        )

    def test_a_bad_file_keeps_a_new_campaign_out(self):
        document = self.tuesday()
        document["campaign"]["slug"] = "semaine-2022"
        document["campaign"]["start_date"] = "2022-01-31"
        document["campaign"]["end_date"] = "2022-02-04"
        path, text = self.write("mardi.json", document)
        line = line_number(text, '"date": "2021-02-02"')
        self.assert_refused(
            path,
            problems=[
                f"{path}:{line}: le mardi 2 février 2021 est en dehors de la campagne "
                "« Semaine de la Persévérance Scolaire 2021 », qui va du 31 janvier 2022 "
                "au 4 février 2022."
            ],
        )
        self.assertFalse(CampaignPage.objects.filter(slug="semaine-2022").exists())

    def test_known_establishment_in_another_department(self):
        document = self.tuesday()
        document["body"][0]["value"]["actions"][0]["establishments"][0] = {
            "name": "Collège Henri Bretin",
            "town": "Neuvic",
            "department": "19",
        }
        path, text = self.write("mardi.json", document)
        line = line_number(text, '"department": "19"')
        self.assert_refused(
            path,
            problems=[
                f"{path}:{line}: Collège Henri Bretin (Neuvic) est déjà enregistré dans le "
                "département 24, pas 19 : corrigez le fichier ou la fiche de l’établissement."
            ],
        )

    def test_unsafe_or_invalid_urls_are_refused_with_their_path(self):
        document = self.tuesday()
        document["body"][0]["value"]["actions"][0]["url"] = "javascript:void(0)"
        document["body"][2]["value"]["links"] = [
            {"title": "Piège", "url": "javascript:alert(1)"}
        ]
        path, text = self.write("mardi.json", document)
        self.assert_refused(
            path,
            problems=[
                f"{path}:{line_number(text, 'javascript:void(0)')}: "
                "$.body[0].value.actions[0].url : Saisissez une URL valide.",
                f"{path}:{line_number(text, 'javascript:alert(1)')}: "
                "$.body[2].value.links[0].url : Saisissez une URL valide.",
            ],
        )

    def test_unsupported_file_type(self):
        path = self.write_bytes("mardi.csv", b"date;titre\n")
        self.assert_refused(
            path,
            problems=[
                f"{path}:1: type de fichier non pris en charge : .json, .txt ou .md attendu."
            ],
        )

    def test_missing_file(self):
        err = StringIO()
        with self.assertRaisesMessage(
            CommandError, "Import refusé : 1 problème, rien n’a été enregistré."
        ):
            call_command(
                "campaign_import",
                f"{self.tmp}/absent.json",
                stdout=StringIO(),
                stderr=err,
            )
        self.assertTrue(
            err.getvalue().startswith(f"{self.tmp}/absent.json:1: fichier illisible")
        )


class TestEstablishmentMatching(ImportTestCase):
    @classmethod
    def setUpTestData(cls):
        call_command(
            "campaign_import", str(DEMO_FILES[MONDAY]), publish=True, stdout=StringIO()
        )

    def test_case_and_accent_variants_reuse_the_establishment(self):
        bretin = Establishment.objects.get(name="Collège Henri Bretin")
        favard = Establishment.objects.get(name="Lycée Jean Favard")
        count = Establishment.objects.count()
        document = demo_document(TUESDAY)
        document["body"][0]["value"]["actions"][0]["establishments"] = [
            {"name": "COLLEGE HENRI BRETIN", "town": "neuvic", "department": "24"},
            {"name": "lycee  jean favard", "town": "GUERET", "department": "23"},
        ]
        path, _text = self.write("mardi.json", document)
        self.run_import(path, publish=True)
        new_in_tuesday = {
            match_key(e["name"], e["town"])
            for block in demo_document(TUESDAY)["body"]
            if block["type"] == "actions"
            for action in block["value"]["actions"][1:]
            for e in action["establishments"]
        }
        self.assertEqual(Establishment.objects.count(), count + len(new_in_tuesday))
        self.assertEqual(
            Establishment.objects.filter(match_key=bretin.match_key).count(), 1
        )
        day = CampaignDayPage.objects.get(date=TUESDAY)
        chosen = day.body[0].value["actions"][0]["establishments"]
        self.assertEqual([e.pk for e in chosen], [bretin.pk, favard.pk])
        # The first spelling stays.
        self.assertEqual(
            Establishment.objects.get(pk=favard.pk).name, "Lycée Jean Favard"
        )

    def test_same_establishment_twice_in_one_file_is_created_once(self):
        document = demo_document(TUESDAY)
        actions = document["body"][0]["value"]["actions"]
        actions[1]["establishments"].append(
            {"name": "LYCÉE ODILON REDON", "town": "Pauillac", "department": "33"}
        )
        path, _text = self.write("mardi.json", document)
        self.run_import(path)
        self.assertEqual(Establishment.objects.filter(town="Pauillac").count(), 1)


class TestImportedHtmlIsSanitised(ImportTestCase):
    def test_scripts_and_javascript_links_are_dropped(self):
        document = demo_document(MONDAY)
        document["body"][1]["value"]["body"] = (
            '<p onclick="steal()">Avant<script>alert("zoom")</script> après.</p>'
            '<p><a href="javascript:alert(1)">Lien piégé</a> et '
            '<a href="https://www.onisep.fr/">l’Onisep</a>.</p>'
            '<style>p { display: none }</style><iframe src="https://example.org"></iframe>'
        )
        document["body"][0]["value"]["actions"][0]["description"] = (
            '<p>Description <img src="x" onerror="alert(1)"><b>utile</b></p>'
        )
        path, _text = self.write("lundi.json", document)
        self.run_import(path, publish=True)
        day = CampaignDayPage.objects.get(date=MONDAY)
        zoom = day.body[1].value["body"].source
        self.assertEqual(
            zoom,
            "<p>Avant après.</p><p>Lien piégé et "
            '<a href="https://www.onisep.fr/">l’Onisep</a>.</p>',
        )
        description = day.body[0].value["actions"][0]["description"].source
        self.assertEqual(description, "<p>Description <b>utile</b></p>")
        html = self.client.get(day.url).content.decode()
        self.assertNotIn('alert("zoom")', html)
        self.assertNotIn("javascript:", html)
        self.assertNotIn("onclick", html)
        self.assertNotIn("onerror", html)
        self.assertIn("Lien piégé", html)


NEWSLETTER = """Quelques actions de la région académique :

- ★ " **Construire son avenir** "
Lycée Jean Favard (*Guéret - 23*)

ZOOM du jour

Les clauses sociales

Un paragraphe.

Ressources ONISEP ou autres
"""


class TestTextImportNeedsCampaignAndDate(ImportTestCase):
    def setUp(self):
        super().setUp()
        self.path = self.write_bytes("lettre.txt", NEWSLETTER.encode())

    def test_text_without_date_is_refused(self):
        # With every other problem: this campaign does not exist yet.
        self.assert_refused(
            self.path,
            campaign=DEMO_SLUG,
            problems=[
                f"{self.path}:1: indiquez la date de la journée (--date AAAA-MM-JJ) "
                "pour une lettre au format texte.",
                f"{self.path}:1: campagne « {DEMO_SLUG} » introuvable : créez-la "
                "d’abord ou vérifiez son identifiant.",
            ],
        )

    def test_text_without_campaign_is_refused(self):
        err = StringIO()
        before = db_counts()
        with self.assertRaises(CommandError):
            call_command(
                "campaign_import",
                self.path,
                date="2021-02-01",
                stdout=StringIO(),
                stderr=err,
            )
        self.assertEqual(db_counts(), before)
        self.assertIn(
            f"{self.path}:1: indiquez la campagne (--campaign SLUG) pour une lettre au format texte.",
            err.getvalue().splitlines(),
        )

    def test_invalid_date_option_is_refused(self):
        with self.assertRaisesMessage(
            CommandError,
            "--date : « 2021-02-30 » n’est pas une date valide (AAAA-MM-JJ).",
        ):
            call_command(
                "campaign_import",
                self.path,
                campaign=DEMO_SLUG,
                date="2021-02-30",
                stdout=StringIO(),
            )

    def test_a_text_date_applies_to_one_file_only(self):
        other = self.write_bytes("autre.txt", b"x\n")
        with self.assertRaisesMessage(
            CommandError,
            "--date date une seule lettre : importez un fichier texte à la fois",
        ):
            call_command(
                "campaign_import",
                self.path,
                other,
                campaign=DEMO_SLUG,
                date="2021-02-01",
                stdout=StringIO(),
            )


class TestHostileJsonFiles(ImportTestCase):
    """What a hostile review sends: every file gets its French problems,
    with where they are, the command fails and nothing is written."""

    @classmethod
    def setUpTestData(cls):
        call_command(
            "campaign_import", str(DEMO_FILES[MONDAY]), publish=True, stdout=StringIO()
        )

    def tuesday(self):
        return demo_document(TUESDAY)

    def write_text(self, name, text):
        return self.write_bytes(name, text.encode("utf-8"))

    def test_brackets_nested_deeper_than_a_stack(self):
        for name, data, column in (
            ("crochets.json", deep_json(), 33),
            ("objets.json", b'{"a":' * 100_000 + b"1" + b"}" * 100_000, 161),
        ):
            with self.subTest(name=name):
                path = self.write_bytes(name, data)
                self.assert_refused(
                    path,
                    problems=[
                        f"{path}:1: JSON imbriqué trop profondément : plus de 32 "
                        "niveaux de crochets [ ] ou d’accolades { } (colonne "
                        f"{column}), quand une journée n’en compte pas plus de dix."
                    ],
                )

    def test_deep_nesting_inside_a_valid_day_names_its_line(self):
        path, text = self.write("mardi.json", self.tuesday())
        deep = text.replace(
            '"date": "2021-02-02",', '"date": ' + "[" * 40 + "]" * 40 + ","
        )
        path = self.write_text("mardi.json", deep)
        line = line_number(deep, '"date": [')
        # The day's own braces count: the 32nd bracket of "date" is too deep.
        column = deep.splitlines()[line - 1].index("[") + 32
        self.assert_refused(
            path,
            problems=[
                f"{path}:{line}: JSON imbriqué trop profondément : plus de 32 niveaux "
                f"de crochets [ ] ou d’accolades {{ }} (colonne {column}), quand une "
                "journée n’en compte pas plus de dix."
            ],
        )

    def test_nesting_under_the_limit_where_a_text_is_expected(self):
        document = self.tuesday()
        nested = "x"
        for _level in range(10):
            nested = {"a": [nested]}
        document["title"] = nested
        document["body"][1]["value"]["title"] = [[[["ZOOM"]]]]
        path, text = self.write("mardi.json", document)
        title, zoom_title = (line_number(text, f'"title": {c}') for c in "{[")
        self.assert_refused(
            path,
            problems=[
                f"{path}:{zoom_title}: $.body[1].value.title : "
                "type incorrect : attendu un texte, pas une liste",
                f"{path}:{title}: $.title : type incorrect : "
                "attendu un texte, pas un objet",
            ],
        )

    def test_a_key_given_twice(self):
        _path, text = self.write("mardi.json", self.tuesday())
        text = text.replace(
            '"date": "2021-02-02",', '"date": "2021-02-02",\n  "date": "2021-02-03",'
        )
        path = self.write_text("mardi.json", text)
        second = line_number(text, "2021-02-03")
        self.assert_refused(
            path,
            problems=[
                f"{path}:{second}: $.date : clé "
                "« date » donnée plusieurs fois dans le même objet : gardez-en une seule"
            ],
        )

    def test_numbers_where_texts_are_expected(self):
        """No field of the format is a number: 30 digits, 5 000 digits (more
        than Python converts), 1e999 or NaN are each told, never computed."""
        _path, text = self.write("mardi.json", self.tuesday())
        thirty = "1" * 30
        text = text.replace('"2021-02-02"', thirty, 1)
        text = text.replace('"Lycée Odilon Redon"', "9" * 5000)
        text = text.replace('"Pauillac"', "1e999")
        text = text.replace('"department": "86"', '"department": NaN')
        text = text.replace('"department": "16"', '"department": -Infinity', 1)
        path = self.write_text("mardi.json", text)
        establishment = "$.body[0].value.actions"
        self.assert_refused(
            path,
            problems=[
                f"{path}:{line_number(text, thirty)}: $.date : type incorrect : "
                f"attendu un texte, pas un nombre ({thirty})",
                f"{path}:{line_number(text, '99999')}: {establishment}[0]."
                "establishments[0].name : type incorrect : attendu un texte, pas un "
                f"nombre ({'9' * 59}…)",
                f"{path}:{line_number(text, '1e999')}: {establishment}[0]."
                "establishments[0].town : type incorrect : attendu un texte, pas un "
                "nombre (1e999)",
                f"{path}:{line_number(text, 'NaN')}: {establishment}[1]."
                "establishments[0].department : « NaN » n’est pas une valeur JSON : "
                "écrivez un texte entre guillemets",
                f"{path}:{line_number(text, '-Infinity')}: {establishment}[3]."
                "establishments[0].department : « -Infinity » n’est pas une valeur "
                "JSON : écrivez un texte entre guillemets",
            ],
        )

    def test_reserved_keys(self):
        document = self.tuesday()
        document = {"__proto__": {"admin": True}, **document}
        document["body"][1]["value"]["constructor"] = "x"
        path, text = self.write("mardi.json", document)
        self.assert_refused(
            path,
            problems=[
                f"{path}:{line_number(text, '__proto__')}: $.__proto__ : clé "
                "« __proto__ » refusée : ce nom est réservé (les programmes "
                "JavaScript qui liraient le fichier le prendraient pour le leur)",
                f"{path}:{line_number(text, 'constructor')}: $.body[1].value."
                "constructor : clé « constructor » refusée : ce nom est réservé (les "
                "programmes JavaScript qui liraient le fichier le prendraient pour "
                "le leur)",
            ],
        )

    def test_characters_no_text_may_hold(self):
        """A lone surrogate cannot even be written to the database (nor to a
        terminal); a NUL or a control character is invisible."""
        _path, text = self.write("mardi.json", self.tuesday())
        text = text.replace('"title": "On sort du coin"', '"title": "On sort\\ud800"')
        text = text.replace('"Collège Jean Rostand"', '"Collège\\u0000Jean Rostand"')
        text = text.replace('"Les réseaux', '"\\u0007Les réseaux', 1)
        text = text.replace('"heading": "Quelques', '"\\udfffheading": "Quelques', 1)
        path = self.write_text("mardi.json", text)
        actions = "$.body[0].value"
        self.assert_refused(
            path,
            problems=[
                f"{path}:{line_number(text, 'udfffheading')}: {actions}.\\udfffheading : "
                "caractère invalide \\udfff (une moitié de caractère UTF-16, seule) : "
                "supprimez-le",
                f"{path}:{line_number(text, 'Collège')}: {actions}.actions[1]."
                "establishments[0].name : caractère invisible \\u0000 (caractère nul) : "
                "supprimez-le",
                f"{path}:{line_number(text, 'On sort')}: {actions}.actions[2].title : "
                "caractère invalide \\ud800 (une moitié de caractère UTF-16, seule) : "
                "supprimez-le",
                f"{path}:{line_number(text, 'u0007')}: $.body[1].value.title : "
                "caractère invisible \\u0007 (caractère de contrôle) : supprimez-le",
            ],
        )

    def test_a_file_over_the_limit_is_refused_before_it_is_read(self):
        path = f"{self.tmp}/enorme.json"
        with open(path, "wb") as file:
            file.write(b'{"format": "persev-day/1", "body": ["' + b"x" * (50 << 20))
        data, problem = read_path(path)
        self.assertIsNone(problem)
        self.assertEqual(len(data), MAX_FILE_SIZE + 1)
        self.assert_refused(
            path, problems=[f"{path}:1: fichier trop volumineux : 2 Mo au plus."]
        )

    def test_every_problem_of_the_file_at_once(self):
        """A data: link fails the schema, javascript: ones the blocks, a known
        establishment the database, the date the campaign: all in one run."""
        document = self.tuesday()
        document["date"] = "2021-02-08"
        actions = document["body"][0]["value"]["actions"]
        actions[0]["url"] = "data:text/html,<script>alert(1)</script>"
        actions[1]["url"] = "javascript:alert(1)"
        actions[2]["establishments"][0]["department"] = "99"
        actions[3]["establishments"][0] = {
            "name": "Collège Henri Bretin",
            "town": "Neuvic",
            "department": "19",
        }
        document["body"][2]["value"]["links"] = [
            {"title": "Piège", "url": "javascript:void(0)"}
        ]
        path, text = self.write("mardi.json", document)
        unknown, known = (line_number(text, f'"{code}"') for code in ("99", "19"))
        self.assert_refused(
            path,
            problems=[
                f"{path}:{line_number(text, '2021-02-08')}: le lundi 8 février 2021 est "
                "en dehors de la campagne « Semaine de la Persévérance Scolaire "
                "2021 », qui va du 1er février 2021 au 5 février 2021.",
                f"{path}:{line_number(text, 'data:text')}: $.body[0].value.actions[0]."
                "url : « data:text/html,<script>alert(1)</script> » n’est pas une "
                "adresse web complète (https://…)",
                f"{path}:{line_number(text, 'javascript:alert')}: $.body[0].value."
                "actions[1].url : Saisissez une URL valide.",
                f"{path}:{unknown}: $.body[0].value.actions[2]."
                "establishments[0].department : département « 99 » inconnu : attendu "
                "le code d’un département français, par exemple 86, 2A ou 974",
                f"{path}:{known}: Collège Henri Bretin (Neuvic) est "
                "déjà enregistré dans le département 24, pas 19 : corrigez le fichier "
                "ou la fiche de l’établissement.",
                f"{path}:{line_number(text, 'javascript:void')}: $.body[2].value."
                "links[0].url : Saisissez une URL valide.",
            ],
        )
        self.assertFalse(Establishment.objects.filter(town="Vérac").exists())

    def test_values_too_long_for_the_database(self):
        """Only PostgreSQL enforces a column's length, by failing: the
        import checks the model's own limits first."""
        document = self.tuesday()
        document["title"] = "T" * 256
        establishment = document["body"][0]["value"]["actions"][0]["establishments"][0]
        establishment["name"] = "N" * 400
        establishment["town"] = "V" * 300
        document["body"][0]["value"]["actions"][1]["title"] = "A" * 301
        path, text = self.write("mardi.json", document)
        at_most = "Assurez-vous que cette valeur comporte au plus"
        self.assert_refused(
            path,
            problems=[
                f"{path}:{line_number(text, 'N' * 400)}: $.body[0].value.actions[0]."
                f"establishments[0].name : {at_most} 255 caractères (actuellement 400).",
                f"{path}:{line_number(text, 'V' * 300)}: $.body[0].value.actions[0]."
                f"establishments[0].town : {at_most} 255 caractères (actuellement 300).",
                f"{path}:{line_number(text, 'A' * 301)}: $.body[0].value.actions[1]."
                f"title : {at_most} 300 caractères (actuellement 301).",
                f"{path}:{line_number(text, 'T' * 256)}: $.title : {at_most} 255 "
                "caractères (actuellement 256).",
            ],
        )

    def test_a_new_campaign_with_values_too_long(self):
        document = self.tuesday()
        document["campaign"].update(slug="s" * 256, title="C" * 256, region="R" * 101)
        path, text = self.write("mardi.json", document)
        at_most = "Assurez-vous que cette valeur comporte au plus"
        self.assert_refused(
            path,
            problems=[
                f"{path}:{line_number(text, 's' * 256)}: $.campaign.slug : {at_most} "
                "255 caractères (actuellement 256).",
                f"{path}:{line_number(text, 'C' * 256)}: $.campaign.title : {at_most} "
                "255 caractères (actuellement 256).",
                f"{path}:{line_number(text, 'R' * 101)}: $.campaign.region : "
                "région académique « "
                + "R" * 60
                + " » inconnue : attendu l’une de "
                + ", ".join(REGION_NAMES)
                + ".",
            ],
        )
        self.assertFalse(CampaignPage.objects.filter(slug="s" * 256).exists())

    def test_rich_text_nested_too_deep(self):
        document = self.tuesday()
        document["body"][1]["value"]["body"] = "<ul><li>" * 20_000 + "Trop profond"
        path, text = self.write("mardi.json", document)
        self.assert_refused(
            path,
            problems=[
                f"{path}:{line_number(text, '<ul><li><ul>')}: $.body[1].value.body : "
                "texte enrichi imbriqué trop profondément (plus de 16 balises les unes "
                "dans les autres) : les balises en trop ont été retirées ; simplifiez "
                "ce texte"
            ],
        )

    def test_repeated_marks_are_merged_not_nested(self):
        document = self.tuesday()
        document["body"][1]["value"]["body"] = "<p>" + "<b>" * 50_000 + "Gras</p>"
        path, _text = self.write("mardi.json", document)
        self.run_import(path)
        day = CampaignDayPage.objects.get(date=TUESDAY)
        self.assertEqual(day.body[1].value["body"].source, "<p><b>Gras</b></p>")

    def test_an_empty_list_of_days(self):
        path = self.write_bytes("rien.json", b"[]\n")
        self.assert_refused(
            path,
            problems=[
                f"{path}:1: liste vide : attendu au moins une journée (format "
                "persev-day/1)."
            ],
        )

    def test_only_whitespace_or_a_byte_order_mark(self):
        for content in (b"   \r\n\t\r", "\ufeff  \n".encode()):
            with self.subTest(content=content):
                path = self.write_bytes("vide.json", content)
                self.assert_refused(path, problems=[f"{path}:1: le fichier est vide."])

    def test_crlf_and_cr_line_ends(self):
        """Windows (CRLF) and old Mac (CR) files read the same, and their
        problems are on the right line."""
        _path, text = self.write("mardi.json", self.tuesday())
        quoted_99 = '"99"'
        for name, end in (("crlf", "\r\n"), ("cr", "\r")):
            with self.subTest(line_end=name):
                bad = text.replace('"department": "86"', '"department": "99"')
                path = self.write_bytes(f"{name}.json", bad.replace("\n", end).encode())
                self.assert_refused(
                    path,
                    problems=[
                        f"{path}:{line_number(bad, quoted_99)}: $.body[0].value.actions"
                        "[1].establishments[0].department : département « 99 » inconnu "
                        ": attendu le code d’un département français, par exemple "
                        "86, 2A ou 974"
                    ],
                )
        path = self.write_bytes("crlf.json", text.replace("\n", "\r\n").encode())
        self.run_import(path)
        self.assertTrue(CampaignDayPage.objects.filter(date=TUESDAY).exists())

    def test_a_nul_byte_in_the_file(self):
        _path, text = self.write("mardi.json", self.tuesday())
        text = text.replace('"On sort', '"On\x00 sort')
        path = self.write_text("mardi.json", text)
        line = line_number(text, "\x00")
        column = text.splitlines()[line - 1].index("\x00") + 1
        self.assert_refused(
            path,
            problems=[
                f"{path}:{line}: caractère invisible U+0000 (caractère nul) en colonne "
                f"{column} : supprimez-le."
            ],
        )

    def test_dates_that_do_not_exist(self):
        document = self.tuesday()
        document["campaign"]["slug"] = "semaine-2099"
        document["campaign"]["start_date"] = "99999-01-01"
        document["campaign"]["end_date"] = "2021-13-01"
        path, text = self.write("mardi.json", document)
        self.assert_refused(
            path,
            problems=[
                f"{path}:{line_number(text, '99999-01-01')}: $.campaign.start_date : "
                "« 99999-01-01 » n’est pas une date valide (AAAA-MM-JJ)",
                f"{path}:{line_number(text, '2021-13-01')}: $.campaign.end_date : "
                "« 2021-13-01 » n’est pas une date valide (AAAA-MM-JJ)",
            ],
        )
        self.assertFalse(CampaignPage.objects.filter(slug="semaine-2099").exists())

    def test_a_bad_second_file_of_any_kind_refuses_the_first(self):
        good, _text = self.write("mardi.json", self.tuesday())
        for name, data, problem in (
            ("profond.json", deep_json(), "JSON imbriqué trop profondément"),
            ("unicode.json", '{"a": 1}'.encode("utf-16"), "fichier encodé en UTF-16"),
            ("enorme.json", b" " * (MAX_FILE_SIZE + 1), "fichier trop volumineux"),
        ):
            with self.subTest(name=name):
                bad = self.write_bytes(name, data)
                before = db_counts()
                err = StringIO()
                with self.assertRaises(CommandError):
                    call_command(
                        "campaign_import", good, bad, stdout=StringIO(), stderr=err
                    )
                self.assertEqual(db_counts(), before)
                (line,) = err.getvalue().splitlines()
                self.assertTrue(line.startswith(f"{bad}:1: {problem}"), line)
                self.assertFalse(CampaignDayPage.objects.filter(date=TUESDAY).exists())

    def test_file_names_with_a_nul_byte_or_a_parent_folder(self):
        path, _text = self.write("mardi.json", self.tuesday())
        with_nul = f"{self.tmp}/mar\x00di.json"
        self.assert_refused(
            with_nul,
            problems=[
                f"{self.tmp}/mar\\u0000di.json:1: nom de fichier invalide : il "
                "contient un caractère nul."
            ],
        )
        # A relative path through a parent folder is a path like any other.
        os.makedirs(f"{self.tmp}/sous-dossier")
        self.run_import(f"{self.tmp}/sous-dossier/../mardi.json")
        self.assertTrue(CampaignDayPage.objects.filter(date=TUESDAY).exists())
