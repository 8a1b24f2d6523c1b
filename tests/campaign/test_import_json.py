"""`campaign_import` with JSON interchange files (persev-day/1)."""

import datetime as dt
import tempfile
from io import StringIO
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from campaign.models import CampaignDayPage, CampaignPage, Establishment, match_key
from campaign.reference.dates import today
from tests.builders import (
    DEMO_FILES,
    DEMO_SLUG,
    add_campaign,
    db_counts,
    demo_document,
    line_number,
    write_document,
)

MONDAY = dt.date(2021, 2, 1)
TUESDAY = dt.date(2021, 2, 2)
PARIS = ZoneInfo("Europe/Paris")


class ImportTestCase(TestCase):
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

    def assert_refused(self, *paths, problems, **options):
        """The import fails, writes nothing and prints one FILE:LINE: message per problem."""
        before = db_counts()
        err = StringIO()
        with self.assertRaises(CommandError) as caught:
            call_command(
                "campaign_import", *paths, stdout=StringIO(), stderr=err, **options
            )
        self.assertEqual(db_counts(), before)
        self.assertEqual(err.getvalue().splitlines(), problems)
        count = len(problems)
        self.assertEqual(
            str(caught.exception),
            f"Import refusé : {count} problème{'s' if count > 1 else ''}, rien n’a été enregistré.",
        )


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
                "département « 99 » inconnu : la région académique compte "
                "16, 17, 19, 23, 24, 33, 40, 47, 64, 79, 86, 87"
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
                "(attendu : actions, zoom, resources, partnership, text)"
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
        path = self.write_bytes("image.json", b'{\n"format":\n\x89PNG\x00\x01')
        self.assert_refused(
            path,
            problems=[f"{path}:3: ce n’est pas un fichier texte (contenu binaire)."],
        )

    def test_non_utf8_file(self):
        _path, text = self.write("mardi.json", self.tuesday())
        path = self.write_bytes("latin1.json", text.encode("latin-1", errors="replace"))
        line = line_number(text, "é")
        self.assert_refused(
            path,
            problems=[
                f"{path}:{line}: le fichier n’est pas encodé en UTF-8 (octet illisible) : "
                "enregistrez-le en UTF-8."
            ],
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
                "département « 99 » inconnu : la région académique compte "
                "16, 17, 19, 23, 24, 33, 40, 47, 64, 79, 86, 87"
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
            CommandError, "Import refusé : rien n’a été enregistré."
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
        self.assert_refused(
            self.path,
            campaign=DEMO_SLUG,
            problems=[
                f"{self.path}:1: indiquez la date de la journée (--date AAAA-MM-JJ) "
                "pour une lettre au format texte."
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
