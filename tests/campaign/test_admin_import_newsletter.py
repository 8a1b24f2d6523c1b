"""The admin's "Importer une lettre": upload, preview, confirm, as an editor does.

Step 1 posts the file and the day; the page answers with the day as it will
be (its e-mail, in an iframe) and a confirmation form, or with every problem
and its line, and writes nothing. Step 2 posts the confirmation form as the
page gave it, and the day is created (or updated) as a draft.
"""

import datetime as dt
import json
import time
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from wagtail.models import GroupPagePermission

from campaign.authoring.sources import MAX_FILE_SIZE
from campaign.models import CampaignDayPage, CampaignPage, Establishment, PendingImport
from tests.builders import (
    COMMUNICANTS,
    EDITEURS,
    add_campaign,
    add_establishment,
    db_counts,
    editorial_group,
    line_number,
)
from tests.campaign.hostile_files import (
    DOCX,
    PDF,
    deep_json,
    document_of,
    windows_1252,
    wrong_encoding,
)
from tests.html_reading import links, read_forms, visible_text

FILES = Path(__file__).resolve().parent / "files"
SEED_000 = FILES / "000_bf873ccb520f72ae.txt"
SEED_001 = FILES / "001_20587ba5ecf37751.txt"
EXAMPLE_000 = FILES / "000_bf873ccb520f72ae.json"
EXAMPLE_001 = FILES / "001_20587ba5ecf37751.json"

SLUG = "semaine-perseverance-scolaire-2021"
MONDAY = dt.date(2021, 2, 1)
TUESDAY = dt.date(2021, 2, 2)
TOKEN_SALT = "campaign.pending-import"  # campaign.authoring.pending_imports
EXPIRED = (
    "Cet aperçu n’est plus valable : il a plus de 2 heures ou a déjà été "
    "confirmé. Envoyez le fichier à nouveau."
)

MALFORMED = """Quelques actions de la région académique :

- ★ " **Sans établissement** "
- ★ " **Mauvais département** "
Collège A (Pau - 99)
- ★ " **Hors région** "
Lycée Louis-le-Grand (*Paris – 75*)

ZOOM du jour

Ressources ONISEP ou autres
Un paragraphe égaré.
"""


def example(path):
    return json.loads(path.read_text(encoding="utf-8"))


def action_titles(document):
    return [
        action["title"]
        for block in document["body"]
        if block["type"] == "actions"
        for action in block["value"]["actions"]
    ]


def upload(path_or_name, content=None):
    """A file as the browser sends it: from the seeds, or made up."""
    if content is None:
        path = Path(path_or_name)
        return SimpleUploadedFile(path.name, path.read_bytes(), "text/plain")
    if isinstance(content, str):
        content = content.encode("utf-8")
    return SimpleUploadedFile(path_or_name, content, "application/octet-stream")


class ImportNewsletterBase:
    """Fixtures and steps of the import, for a user allowed to add days under
    the campaign.

    The campaign is the 2021 week created by hand, texts still empty, as
    before the first newsletter: the import fills them.
    """

    superuser = False
    group = None
    can_publish = False

    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_campaign(
            slug=SLUG,
            title="Semaine de la Persévérance Scolaire 2021",
            region="Nouvelle-Aquitaine",
            start=MONDAY,
            end=dt.date(2021, 2, 5),
        )
        cls.user = get_user_model().objects.create_user(
            username="redacteur",
            email="redacteur@example.org",
            password="x",
            is_superuser=cls.superuser,
            is_staff=cls.superuser,
        )
        if cls.group:
            cls.user.groups.add(editorial_group(cls.group))
        cls.url = reverse("campaign_admin:import_newsletter", args=[cls.campaign.pk])

    def setUp(self):
        self.client.force_login(self.user)

    # -- steps ---------------------------------------------------------------------

    def post_file(self, file, date=MONDAY):
        return self.client.post(self.url, {"file": file, "date": date.isoformat()})

    def confirm_form(self, response):
        """The confirmation form of a preview page, as the browser would post it."""
        (form,) = [
            form
            for form in read_forms(response.content.decode()).forms
            if ("confirm", "1") in form["buttons"]
        ]
        self.assertEqual(form["action"], self.url)
        data = dict(form["fields"])
        data["confirm"] = "1"
        return data

    def preview_then_confirm(self, path, date=MONDAY):
        preview = self.post_file(upload(path), date)
        self.assertEqual(preview.status_code, 200)
        return self.client.post(self.url, self.confirm_form(preview))

    def export(self, date):
        """The day as `campaign_export --format json` gives it."""
        out = StringIO()
        call_command(
            "campaign_export", campaign=SLUG, date=date.isoformat(), stdout=out
        )
        return json.loads(out.getvalue())

    def problems_listed(self, response):
        """The problem lines of the page, as the reader sees them."""
        text = visible_text(response.content.decode())
        return [line for line in text.split("\n") if ", ligne " in line]

    # -- the page and its buttons ------------------------------------------------

    def assertImportLink(self, page_url):
        response = self.client.get(page_url)
        self.assertEqual(response.status_code, 200)
        found = [
            link.text
            for link in links(response.content.decode())
            if link.href == self.url
        ]
        self.assertEqual(found, ["Importer une lettre"])

    def assertConfirmationRefused(self, data, message):
        before = db_counts()
        response = self.client.post(self.url, data)
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        self.assertEqual(db_counts(), before)
        # The last message: those of earlier steps wait for a page to show them.
        self.assertEqual(
            [(m.level, m.message) for m in get_messages(response.wsgi_request)][-1],
            (messages.ERROR, message),
        )


class ImportNewsletterFlow(ImportNewsletterBase):
    """What each role allowed to add days goes through: the upload form, the
    links to it, the confirmed day and who puts the campaign texts live."""

    def test_page_offers_the_upload_form(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("Importer une lettre", html)
        self.assertIn("Semaine de la Persévérance Scolaire 2021", html)
        (form,) = [f for f in read_forms(html).forms if "file" in f["types"]]
        self.assertEqual(form["types"]["file"], "file")
        self.assertEqual(form["enctype"], "multipart/form-data")
        self.assertEqual(
            [value for value in form["options"]["date"] if value],
            ["2021-02-01", "2021-02-02", "2021-02-03", "2021-02-04", "2021-02-05"],
        )
        self.assertIn("Lundi 1er février", visible_text(html))
        self.assertEqual(read_forms(html).srcdocs, [])
        # No link back to the page itself (once an unlabelled "+" button).
        self.assertEqual([link for link in links(html) if link.href == self.url], [])

    def test_campaign_edit_page_header_links_to_the_import(self):
        self.assertImportLink(
            reverse("wagtailadmin_pages:edit", args=[self.campaign.pk])
        )

    def test_campaign_explorer_header_links_to_the_import(self):
        self.assertImportLink(reverse("wagtailadmin_explore", args=[self.campaign.pk]))

    def test_explorer_listing_of_the_campaigns_links_to_the_import(self):
        home = self.campaign.get_parent()
        response = self.client.get(reverse("wagtailadmin_explore", args=[home.pk]))
        self.assertContains(response, f'href="{self.url}"')

    # -- step 1: preview --------------------------------------------------------------

    def test_confirm_creates_the_day_as_a_draft_with_the_exact_content(self):
        before = db_counts()
        response = self.preview_then_confirm(SEED_000)
        day = CampaignDayPage.objects.get()
        self.assertRedirects(
            response,
            reverse("wagtailadmin_pages:edit", args=[day.pk]),
            fetch_redirect_response=False,
        )
        self.assertEqual(day.get_parent().pk, self.campaign.pk)
        self.assertEqual((day.date, day.title), (MONDAY, "Lundi 1er février"))
        self.assertFalse(day.live)
        self.assertEqual(day.revisions.count(), 1)
        self.assertEqual(day.latest_revision.user, self.user)
        self.assertEqual(db_counts()["pages"], before["pages"] + 1)
        self.assertEqual(self.export(MONDAY), example(EXAMPLE_000))
        self.assertEqual(
            [(m.level, m.message) for m in get_messages(response.wsgi_request)],
            [
                (
                    messages.SUCCESS,
                    "La journée « Lundi 1er février » a été créée en brouillon.",
                )
            ],
        )
        # The day's editor opens on the imported draft.
        editor = self.client.get(response["Location"])
        self.assertEqual(editor.status_code, 200)
        self.assertContains(editor, "Les clauses sociales")

    def test_campaign_texts_go_live_only_for_a_user_who_may_publish(self):
        """The first newsletter fills the campaign's empty texts; they are
        published only when the user may publish the campaign."""
        self.preview_then_confirm(SEED_000)
        live = CampaignPage.objects.get(pk=self.campaign.pk)
        latest = live.get_latest_revision_as_object()
        self.assertIn("Cet événement permet", latest.intro)
        self.assertEqual(live.latest_revision.user, self.user)
        if self.can_publish:
            self.assertIn("Cet événement permet", live.intro)
            self.assertFalse(live.has_unpublished_changes)
        else:
            self.assertEqual(live.intro, "")
            self.assertTrue(live.has_unpublished_changes)


class TestNewsletterFilesAndConfirmations(ImportNewsletterBase, TestCase):
    """The checks of the files and of their confirmation, the same for every
    role: run once, as a communicant."""

    group = COMMUNICANTS

    def test_upload_shows_the_day_and_writes_nothing(self):
        before = db_counts()
        response = self.post_file(upload(SEED_000))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(db_counts(), before)
        self.assertFalse(CampaignDayPage.objects.exists())
        self.assertEqual(
            CampaignPage.objects.get(pk=self.campaign.pk)
            .get_latest_revision_as_object()
            .intro,
            "",
        )
        html = response.content.decode()
        self.assertIn("Aperçu : Lundi 1er février", visible_text(html))
        self.assertIn("Créer la journée", html)
        self.assertNotIn("Mettre à jour la journée", html)
        # The whole e-mail is inside the iframe's srcdoc, none of it in the page.
        (srcdoc,) = read_forms(html).srcdocs
        self.assertTrue(srcdoc.rstrip().endswith("</html>"), srcdoc[-200:])
        self.assertNotIn("Parce que revenir à la base", visible_text(html))
        preview = " ".join(visible_text(srcdoc).split())
        expected = example(EXAMPLE_000)
        titles = action_titles(expected)
        self.assertEqual(len(titles), 6)
        for title in titles:
            with self.subTest(title=title):
                self.assertIn(title, preview)
        self.assertIn("Les clauses sociales", preview)
        self.assertEqual(self.problems_listed(response), [])

    def test_preview_shows_the_campaign_texts_the_import_will_fill(self):
        """The day "as it will be": its e-mail opens with the intro and ends
        with the closing and credits that this first newsletter brings."""
        response = self.post_file(upload(SEED_000))
        (srcdoc,) = read_forms(response.content.decode()).srcdocs
        preview = " ".join(visible_text(srcdoc).split())
        self.assertIn("Cet événement permet de mobiliser", preview)
        self.assertIn("Du 1er au 5 février 2021, retrouvez", preview)
        self.assertIn("Ce travail d'information et de valorisation", preview)

    def test_confirm_form_carries_a_token_and_the_server_keeps_the_file(self):
        """The confirmation posts a signed token, never the file again: what
        was checked is what is imported, and a file under the upload limit
        cannot exceed the request limit on its way back."""
        before = db_counts()
        response = self.post_file(upload(SEED_000), TUESDAY)
        data = self.confirm_form(response)
        self.assertEqual(set(data) - {"csrfmiddlewaretoken"}, {"token", "confirm"})
        self.assertNotIn(SEED_000.read_text(encoding="utf-8")[:40], data["token"])
        pending = PendingImport.objects.get()
        self.assertEqual(
            (pending.user, pending.campaign_id, pending.date, pending.filename),
            (self.user, self.campaign.pk, TUESDAY, SEED_000.name),
        )
        self.assertEqual(bytes(pending.content), SEED_000.read_bytes())
        self.assertEqual(db_counts(), before)

    # -- step 2: confirm --------------------------------------------------------------

    def test_confirm_for_an_existing_date_makes_a_new_revision_of_the_same_day(self):
        self.preview_then_confirm(SEED_000)
        day = CampaignDayPage.objects.get()
        pages = db_counts()["pages"]

        preview = self.post_file(upload(SEED_001), MONDAY)
        html = preview.content.decode()
        self.assertIn("Mettre à jour la journée", html)
        self.assertNotIn("Créer la journée", html)
        self.assertIn("Cette journée existe déjà", visible_text(html))
        self.assertEqual(day.revisions.count(), 1)

        response = self.client.post(self.url, self.confirm_form(preview))
        self.assertRedirects(
            response,
            reverse("wagtailadmin_pages:edit", args=[day.pk]),
            fetch_redirect_response=False,
        )
        self.assertEqual(db_counts()["pages"], pages)
        self.assertEqual(CampaignDayPage.objects.get().pk, day.pk)
        self.assertEqual(day.revisions.count(), 2)
        self.assertEqual(self.export(MONDAY)["body"], example(EXAMPLE_001)["body"])
        self.assertIn(
            "La journée « Lundi 1er février » a été mise à jour en brouillon.",
            [m.message for m in get_messages(response.wsgi_request)],
        )

    def test_second_day_keeps_the_campaign_texts_of_the_first(self):
        self.preview_then_confirm(SEED_000, MONDAY)
        self.preview_then_confirm(SEED_001, TUESDAY)
        self.assertEqual(self.export(TUESDAY), example(EXAMPLE_001))

    # -- refusals -----------------------------------------------------------------

    def test_malformed_file_lists_every_problem_and_writes_nothing(self):
        before = db_counts()
        response = self.post_file(upload("mardi.txt", MALFORMED), TUESDAY)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(db_counts(), before)
        html = response.content.decode()
        self.assertIn("La lettre ne peut pas être importée", html)
        self.assertIn("Corrigez ces 5 problèmes", visible_text(html))
        problems = self.problems_listed(response)
        self.assertEqual(
            [line.split(" : ", 1)[0] for line in problems],
            [
                "mardi.txt, ligne 3",
                "mardi.txt, ligne 5",
                "mardi.txt, ligne 7",
                "mardi.txt, ligne 9",
                "mardi.txt, ligne 12",
            ],
        )
        self.assertIn("action « Sans établissement » sans établissement", problems[0])
        self.assertIn("département « 99 » inconnu", problems[1])
        self.assertIn(
            "département 75 (Paris) hors de la région académique Nouvelle-Aquitaine",
            problems[2],
        )
        self.assertIn("« ZOOM du jour » sans titre", problems[3])
        self.assertIn("ligne inattendue dans les ressources", problems[4])
        self.assertEqual(read_forms(html).srcdocs, [])
        self.assertNotIn('name="confirm"', html)

    def test_tampered_confirmation_is_refused_and_writes_nothing(self):
        data = self.confirm_form(self.post_file(upload(SEED_000)))
        token = data["token"]
        for tampered in (
            token[:-1] + ("A" if token[-1] != "A" else "B"),
            "pas un jeton",
            "",
        ):
            with self.subTest(token=tampered):
                self.assertConfirmationRefused(
                    {**data, "token": tampered},
                    "L’envoi n’a pas pu être confirmé : recommencez."
                    if not tampered
                    else "Cette confirmation n’est pas valable (elle a été "
                    "modifiée) : envoyez le fichier à nouveau.",
                )
        self.assertFalse(CampaignDayPage.objects.exists())

    def test_expired_confirmation_is_refused_and_writes_nothing(self):
        data = self.confirm_form(self.post_file(upload(SEED_000)))
        signed = signing.loads(data["token"], salt=TOKEN_SALT)

        class ThreeHoursAgo(signing.TimestampSigner):
            def timestamp(self):
                return signing.b62_encode(int(time.time()) - 3 * 3600)

        old = ThreeHoursAgo(salt=TOKEN_SALT).sign_object(signed)
        self.assertConfirmationRefused({**data, "token": old}, EXPIRED)
        self.assertFalse(CampaignDayPage.objects.exists())

    def test_a_confirmation_is_used_once(self):
        data = self.confirm_form(self.post_file(upload(SEED_000)))
        first = self.client.post(self.url, data)
        day = CampaignDayPage.objects.get()
        self.assertRedirects(
            first,
            reverse("wagtailadmin_pages:edit", args=[day.pk]),
            fetch_redirect_response=False,
        )
        self.assertConfirmationRefused(data, EXPIRED)
        self.assertEqual(day.revisions.count(), 1)
        self.assertFalse(PendingImport.objects.exists())

    def test_a_letter_just_under_the_limit_is_confirmed_too(self):
        """The limit the form states holds end to end: posting the letter
        again (base64 in a form field) would exceed Django's request limit."""
        seed = SEED_000.read_bytes()
        padding = "Une phrase de l’introduction, répétée. " * 60_000
        content = (padding.encode()[: MAX_FILE_SIZE - len(seed) - 4]).rsplit(b" ", 1)[0]
        content += b"\n\n" + seed
        self.assertLessEqual(len(content), MAX_FILE_SIZE)
        self.assertGreater(len(content), MAX_FILE_SIZE - 100)
        self.assertGreater(len(content) * 4 / 3, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        preview = self.post_file(upload("lettre.txt", content))
        self.assertEqual(preview.status_code, 200)
        self.assertEqual(self.problems_listed(preview), [])
        response = self.client.post(self.url, self.confirm_form(preview))
        day = CampaignDayPage.objects.get()
        self.assertRedirects(
            response,
            reverse("wagtailadmin_pages:edit", args=[day.pk]),
            fetch_redirect_response=False,
        )
        self.assertEqual(self.export(MONDAY)["body"], example(EXAMPLE_000)["body"])

    def test_confirmation_checks_the_file_again(self):
        """The database may change between the two steps: the confirmation
        checks again, lists what is now wrong, and writes nothing."""
        preview = self.post_file(upload(SEED_000))
        data = self.confirm_form(preview)
        add_establishment("Collège Henri Bretin", "Neuvic", "19")
        before = db_counts()
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(db_counts(), before)
        text = SEED_000.read_text(encoding="utf-8")
        self.assertEqual(
            self.problems_listed(response),
            [
                f"{SEED_000.name}, ligne {line_number(text, 'Henri Bretin')} : "
                "Collège Henri Bretin (Neuvic) est déjà enregistré dans le "
                "département 19, pas 24 : corrigez le fichier ou la fiche de "
                "l’établissement."
            ],
        )

    def test_other_file_types_are_refused_in_french(self):
        for name, content in (
            ("lettre.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
            ("lettre.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
        ):
            with self.subTest(name=name):
                before = db_counts()
                response = self.post_file(upload(name, content))
                self.assertEqual(response.status_code, 200)
                self.assertEqual(db_counts(), before)
                self.assertEqual(
                    self.problems_listed(response),
                    [
                        f"{name}, ligne 1 : type de fichier non pris en charge : "
                        ".json, .txt ou .md attendu."
                    ],
                )

    def test_file_over_2_mb_is_refused_in_french(self):
        content = SEED_000.read_bytes() + b"\n" + b"x" * (2 * 1024 * 1024)
        before = db_counts()
        response = self.post_file(upload("lettre.txt", content))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(db_counts(), before)
        self.assertIn(
            "Fichier trop volumineux : 2 Mo au plus.",
            visible_text(response.content.decode()),
        )
        self.assertEqual(read_forms(response.content.decode()).srcdocs, [])

    def test_missing_file_or_day_is_asked_again(self):
        response = self.client.post(self.url, {"date": "2021-02-01"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"].errors["file"], ["Champ requis."])
        response = self.client.post(
            self.url, {"file": upload(SEED_000), "date": "2021-02-08"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["form"].errors["date"],
            ["Sélectionnez un choix valide. 2021-02-08 n’en fait pas partie."],
        )
        self.assertFalse(CampaignDayPage.objects.exists())


class TestSuperuserImportsANewsletter(ImportNewsletterFlow, TestCase):
    superuser = True
    can_publish = True


class TestCommunicantImportsANewsletter(ImportNewsletterFlow, TestCase):
    group = COMMUNICANTS


class TestEditeurImportsANewsletter(ImportNewsletterFlow, TestCase):
    group = EDITEURS
    can_publish = True


class TestImportNewsletterRefusedWithoutAddPermission(TestCase):
    """An admin user who may edit the campaign page but not add days under it."""

    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_campaign(slug=SLUG, start=MONDAY, end=dt.date(2021, 2, 5))
        group = Group.objects.create(name="Correcteurs")
        group.permissions.add(
            Permission.objects.get(
                content_type__app_label="wagtailadmin", codename="access_admin"
            )
        )
        GroupPagePermission.objects.create(
            group=group,
            page=cls.campaign,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename="change_page"
            ),
        )
        cls.user = get_user_model().objects.create_user(
            username="correcteur", email="correcteur@example.org", password="x"
        )
        cls.user.groups.add(group)
        cls.url = reverse("campaign_admin:import_newsletter", args=[cls.campaign.pk])

    def setUp(self):
        self.client.force_login(self.user)

    def assertRefused(self, response):
        self.assertRedirects(
            response, reverse("wagtailadmin_home"), fetch_redirect_response=False
        )
        levels = [m.level for m in get_messages(response.wsgi_request)]
        self.assertIn(messages.ERROR, levels)

    def test_get_is_refused(self):
        self.assertRefused(self.client.get(self.url))

    def test_upload_is_refused(self):
        before = db_counts()
        response = self.client.post(
            self.url, {"file": upload(SEED_000), "date": "2021-02-01"}
        )
        self.assertRefused(response)
        self.assertEqual(db_counts(), before)

    def test_confirmation_is_refused(self):
        before = db_counts()
        response = self.client.post(
            self.url,
            {
                "token": signing.dumps({"id": 1, "sha256": "0" * 64}, salt=TOKEN_SALT),
                "confirm": "1",
            },
        )
        self.assertRefused(response)
        self.assertEqual(db_counts(), before)
        self.assertFalse(CampaignDayPage.objects.exists())
        self.assertFalse(Establishment.objects.exists())

    def test_no_import_link_on_the_campaign_pages_they_may_see(self):
        for page_url in (
            reverse("wagtailadmin_pages:edit", args=[self.campaign.pk]),
            reverse("wagtailadmin_explore", args=[self.campaign.pk]),
        ):
            with self.subTest(page_url=page_url):
                response = self.client.get(page_url)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, self.url)
                self.assertNotContains(response, "Importer une lettre")


class TestHostileFilesInTheAdmin(TestCase):
    """What broke the admin's import: every file gets a page listing its
    problems in French, with their lines (never a 500), and nothing is
    written nor kept for confirmation."""

    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_campaign(slug=SLUG, start=MONDAY, end=dt.date(2021, 2, 5))
        cls.user = get_user_model().objects.create_user(
            username="communicante", email="communicante@example.org", password="x"
        )
        cls.user.groups.add(editorial_group(COMMUNICANTS))
        cls.url = reverse("campaign_admin:import_newsletter", args=[cls.campaign.pk])

    def setUp(self):
        self.client.force_login(self.user)

    def problems_of(self, name, content, date=MONDAY):
        before = db_counts()
        response = self.client.post(
            self.url, {"file": upload(name, content), "date": date.isoformat()}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(db_counts(), before)
        self.assertFalse(PendingImport.objects.exists())
        html = response.content.decode()
        self.assertIn("La lettre ne peut pas être importée", html)
        self.assertNotIn('name="confirm"', html)
        text = visible_text(html)
        return [line for line in text.split("\n") if ", ligne " in line]

    def test_brackets_nested_deeper_than_a_stack(self):
        self.assertEqual(
            self.problems_of("profond.json", deep_json()),
            [
                "profond.json, ligne 1 : JSON imbriqué trop profondément : plus de 32 "
                "niveaux de crochets [ ] ou d’accolades { } (colonne 33), quand une "
                "journée n’en compte pas plus de dix."
            ],
        )

    def test_every_hostile_file_gets_its_problems(self):
        day = json.dumps(example(EXAMPLE_000), indent=2)
        letter = SEED_000.read_text(encoding="utf-8")
        for name, content, expected in (
            ("blancs.json", "\ufeff \r\n\t".encode(), "le fichier est vide."),
            ("nul.txt", letter.replace("ZOOM", "ZO\x00OM", 1), "caractère nul"),
            (
                "crlf.txt",
                letter.replace("\n", "\r\n").replace(
                    "(*Neuvic - 24*)", "(*Neuvic - 99*)"
                ),
                "département « 99 » inconnu",
            ),
            (
                "double.json",
                day.replace('"date": ', '"date": "2021-02-01", "date": ', 1),
                "donnée plusieurs fois",
            ),
            (
                "nombres.json",
                day.replace('"2021-02-01"', "1" * 30, 1),
                "pas un nombre (111111",
            ),
            (
                "nan.json",
                day.replace('"24"', "NaN", 1),
                "« NaN » n’est pas une valeur JSON",
            ),
            (
                "proto.json",
                day.replace("{", '{"__proto__": {},', 1),
                "clé « __proto__ » refusée",
            ),
            (
                "demi.json",
                day.replace("Parce que", "Parce\\ud800 que", 1),
                "caractère invalide \\ud800",
            ),
            (
                "date.json",
                day.replace('"2021-02-01"', '"99999-01-01"', 1),
                "« 99999-01-01 » n’est pas une date valide",
            ),
        ):
            with self.subTest(name=name):
                problems = self.problems_of(name, content)
                self.assertTrue(problems, name)
                self.assertIn(expected, problems[0])
        # An empty upload is the form's to refuse, in French too.
        response = self.client.post(
            self.url, {"file": upload("vide.txt", b""), "date": "2021-02-01"}
        )
        self.assertEqual(
            response.context["form"].errors["file"], ["Le fichier soumis est vide."]
        )

    def test_encodings_and_documents_say_what_they_are(self):
        letter = SEED_000.read_text(encoding="utf-8")
        for name, content, message in (
            (
                "unicode.txt",
                letter.encode("utf-16"),
                wrong_encoding("UTF-16 (petit-boutiste)"),
            ),
            (
                "ansi.txt",
                letter.encode("cp1252", errors="replace"),
                windows_1252("Persévérance"),
            ),
            ("lettre.txt", DOCX, document_of("un document Word (.docx)")),
            ("lettre.json", PDF, document_of("un document PDF")),
        ):
            with self.subTest(name=name, content=content[:6]):
                (problem,) = self.problems_of(name, content)
                self.assertTrue(problem.endswith(f" : {message}"), problem)

    def test_every_problem_of_a_json_day_at_once(self):
        document = example(EXAMPLE_000)
        actions = document["body"][0]["value"]["actions"]
        actions[0]["url"] = "data:text/html,<script>alert(1)</script>"
        actions[1]["url"] = "javascript:alert(1)"
        actions[2]["establishments"][0]["department"] = "99"
        document["body"][2]["value"]["links"] = [
            {"title": "Piège", "url": "javascript:void(0)"}
        ]
        problems = self.problems_of("lundi.json", json.dumps(document, indent=2))
        self.assertEqual(
            [problem.split(" : ", 2)[1] for problem in problems],
            [
                "$.body[0].value.actions[0].url",
                "$.body[0].value.actions[1].url",
                "$.body[0].value.actions[2].establishments[0].department",
                "$.body[2].value.links[0].url",
            ],
        )

    def test_values_too_long_for_the_database(self):
        letter = SEED_000.read_text(encoding="utf-8")
        letter = letter.replace("Collège Henri Bretin", "Collège " + "B" * 300, 1)
        line = line_number(letter, "B" * 300)
        self.assertEqual(
            self.problems_of("lundi.txt", letter),
            [
                f"lundi.txt, ligne {line} : nom de l’établissement : Assurez-vous que "
                "cette valeur comporte au plus 255 caractères (actuellement 308)."
            ],
        )

    def test_a_flood_of_problems_is_listed_in_part(self):
        letter = SEED_000.read_text(encoding="utf-8")
        stray = "".join(f"Ligne égarée {n}.\n" for n in range(300))
        letter = letter.replace(
            "Ressources ONISEP ou autres\n", f"Ressources ONISEP ou autres\n{stray}", 1
        )
        response = self.client.post(
            self.url, {"file": upload("lundi.txt", letter), "date": "2021-02-01"}
        )
        text = visible_text(response.content.decode())
        self.assertIn("Corrigez ces 300 problèmes", text)
        self.assertEqual(
            len([line for line in text.split("\n") if ", ligne " in line]), 200
        )
        self.assertIn(
            "… et 100 autres problèmes, que le fichier corrigé montrera.", text
        )

    def test_file_names_lose_their_folders_and_control_characters(self):
        (problem,) = self.problems_of("../../dossier/lettre\x07.txt", b"\x00" * 64)
        self.assertTrue(problem.startswith("lettre.txt, ligne 1 : "), problem)

    def test_a_confirmation_belongs_to_its_user(self):
        response = self.client.post(
            self.url, {"file": upload(SEED_000), "date": "2021-02-01"}
        )
        (form,) = [
            f
            for f in read_forms(response.content.decode()).forms
            if ("confirm", "1") in f["buttons"]
        ]
        other = get_user_model().objects.create_user(
            username="autre", email="autre@example.org", password="x"
        )
        other.groups.add(editorial_group(COMMUNICANTS))
        self.client.force_login(other)
        before = db_counts()
        response = self.client.post(self.url, {**form["fields"], "confirm": "1"})
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        self.assertEqual(db_counts(), before)
        self.assertEqual(
            [(m.level, m.message) for m in get_messages(response.wsgi_request)],
            [
                (
                    messages.ERROR,
                    "Cette confirmation n’est pas la vôtre, ou pas celle de cette "
                    "campagne : envoyez le fichier à nouveau.",
                )
            ],
        )
        # Still there for its owner.
        self.client.force_login(self.user)
        response = self.client.post(self.url, {**form["fields"], "confirm": "1"})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(CampaignDayPage.objects.filter(date=MONDAY).exists())
