"""The admin's "Importer une lettre": upload, preview, confirm, as an editor does.

Step 1 posts the file and the day; the page answers with the day as it will
be (its e-mail, in an iframe) and a confirmation form, or with every problem
and its line, and writes nothing. Step 2 posts the confirmation form as the
page gave it, and the day is created (or updated) as a draft.
"""

import base64
import datetime as dt
import json
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from wagtail.models import GroupPagePermission

from campaign.models import CampaignDayPage, CampaignPage, Establishment
from tests.builders import add_campaign, db_counts
from tests.html_reading import links, visible_text

FILES = Path(__file__).resolve().parent / "files"
SEED_000 = FILES / "000_bf873ccb520f72ae.txt"
SEED_001 = FILES / "001_20587ba5ecf37751.txt"
EXAMPLE_000 = FILES / "000_bf873ccb520f72ae.json"
EXAMPLE_001 = FILES / "001_20587ba5ecf37751.json"

SLUG = "semaine-perseverance-scolaire-2021"
MONDAY = dt.date(2021, 2, 1)
TUESDAY = dt.date(2021, 2, 2)
COMMUNICANTS = "Communicants"

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


class _Forms(HTMLParser):
    """Every form of a page: its action, fields (name → value) and buttons,
    plus the srcdoc of every iframe."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.srcdocs = []
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "action": attrs.get("action", ""),
                    "enctype": attrs.get("enctype", ""),
                    "fields": {},
                    "types": {},
                    "options": {},
                    "buttons": [],
                }
            )
            return
        if tag == "iframe" and "srcdoc" in attrs:
            self.srcdocs.append(attrs["srcdoc"])
        if not self.forms:
            return
        form = self.forms[-1]
        if tag == "input" and attrs.get("name"):
            form["fields"][attrs["name"]] = attrs.get("value", "")
            form["types"][attrs["name"]] = attrs.get("type", "text")
        elif tag == "select":
            self.select = attrs.get("name")
            form["options"][self.select] = []
        elif tag == "option" and self.select:
            form["options"][self.select].append(attrs.get("value", ""))
        elif tag == "button":
            form["buttons"].append((attrs.get("name"), attrs.get("value")))

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None


def read_forms(html):
    reader = _Forms()
    reader.feed(html)
    reader.close()
    return reader


class ImportNewsletterFlow:
    """The whole flow, for a user allowed to add days under the campaign.

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
            cls.user.groups.add(Group.objects.get(name=cls.group))
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

    def assertImportLink(self, page_url):
        response = self.client.get(page_url)
        self.assertEqual(response.status_code, 200)
        found = [
            link.text
            for link in links(response.content.decode())
            if link.href == self.url
        ]
        self.assertEqual(found, ["Importer une lettre"])

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

    def test_confirm_form_carries_the_file_and_the_day(self):
        response = self.post_file(upload(SEED_000), TUESDAY)
        data = self.confirm_form(response)
        self.assertEqual(data["filename"], SEED_000.name)
        self.assertEqual(data["date"], "2021-02-02")
        self.assertEqual(base64.b64decode(data["content"]), SEED_000.read_bytes())

    # -- step 2: confirm --------------------------------------------------------------

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
        self.assertIn("département « 75 » inconnu", problems[2])
        self.assertIn("« ZOOM du jour » sans titre", problems[3])
        self.assertIn("ligne inattendue dans les ressources", problems[4])
        self.assertEqual(read_forms(html).srcdocs, [])
        self.assertNotIn('name="confirm"', html)

    def test_tampered_confirmation_is_refused_and_writes_nothing(self):
        preview = self.post_file(upload(SEED_000))
        data = self.confirm_form(preview)
        data["content"] = "pas du base64 !"
        before = db_counts()
        response = self.client.post(self.url, data)
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        self.assertEqual(db_counts(), before)
        self.assertEqual(
            [(m.level, m.message) for m in get_messages(response.wsgi_request)],
            [(messages.ERROR, "L’envoi n’a pas pu être confirmé : recommencez.")],
        )

    def test_confirmation_of_a_changed_file_lists_its_problems(self):
        """The confirmed content is checked again: a file changed between the
        two steps is refused whole."""
        preview = self.post_file(upload(SEED_000))
        data = self.confirm_form(preview)
        data["content"] = base64.b64encode(MALFORMED.encode()).decode()
        before = db_counts()
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(db_counts(), before)
        self.assertEqual(len(self.problems_listed(response)), 5)

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
    group = "Éditeurs"
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
                "filename": SEED_000.name,
                "content": base64.b64encode(SEED_000.read_bytes()).decode(),
                "date": "2021-02-01",
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
