"""The site's French wording of Wagtail admin strings
(persev_site/locale/fr/LC_MESSAGES/django.po) is in effect: the committed
django.mo holds every entry of the .po, and it wins over Wagtail's own."""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from django.utils import translation

PO = (
    Path(settings.BASE_DIR)
    / "persev_site"
    / "locale"
    / "fr"
    / "LC_MESSAGES"
    / "django.po"
)


def _unquote(lines):
    return "".join(
        bytes(line.strip()[1:-1], "utf-8")
        .decode("unicode_escape")
        .encode("latin-1")
        .decode("utf-8")
        for line in lines
    )


def entries(text):
    """(msgid, msgstr) of the simple entries of a .po file (no contexts);
    entries with plural forms are left to plural_entries()."""
    found = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        if not lines or not lines[0].startswith("msgid"):
            continue
        if any(line.startswith("msgid_plural") for line in lines):
            continue
        at = next(i for i, line in enumerate(lines) if line.startswith("msgstr"))
        msgid = _unquote([lines[0][len("msgid ") :], *lines[1:at]])
        msgstr = _unquote([lines[at][len("msgstr ") :], *lines[at + 1 :]])
        if msgid:
            found.append((msgid, msgstr))
    return found


def plural_entries(text):
    """(msgid, msgid_plural, [msgstr[0], msgstr[1]…]) of the .po file's
    entries with plural forms (one line each)."""
    found = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        if not any(line.startswith("msgid_plural") for line in lines):
            continue
        fields = {}
        for line in lines:
            key, _space, value = line.partition(" ")
            fields[key] = _unquote([value])
        msgstrs = [v for k, v in fields.items() if k.startswith("msgstr[")]
        found.append((fields["msgid"], fields["msgid_plural"], msgstrs))
    return found


class TestAdminWording(SimpleTestCase):
    def test_every_entry_is_compiled_and_wins(self):
        wording = entries(PO.read_text(encoding="utf-8"))
        self.assertGreater(len(wording), 5)
        with translation.override("fr"):
            for msgid, msgstr in wording:
                with self.subTest(msgid=msgid):
                    self.assertEqual(translation.gettext(msgid), msgstr)

    def test_every_plural_entry_is_compiled_and_wins(self):
        wording = plural_entries(PO.read_text(encoding="utf-8"))
        self.assertGreaterEqual(len(wording), 2)
        with translation.override("fr"):
            for msgid, msgid_plural, msgstrs in wording:
                for count in (0, 1, 3):
                    with self.subTest(msgid=msgid, count=count):
                        self.assertIn(
                            translation.ngettext(msgid, msgid_plural, count), msgstrs
                        )

    def test_no_workflow_left_in_the_wording(self):
        text = PO.read_text(encoding="utf-8")
        msgstrs = [msgstr for _msgid, msgstr in entries(text)] + [
            msgstr for *_ids, forms in plural_entries(text) for msgstr in forms
        ]
        for msgstr in msgstrs:
            msgstr = re.sub(r"%\([a-z_]+\)s", "", msgstr)  # placeholders aside
            self.assertNotIn("workflow", msgstr)
            self.assertNotIn("domain.com", msgstr)
            self.assertNotIn("(e)", msgstr)
        for msgstr in msgstrs:
            self.assertNotIn("modération", msgstr)

    def test_moderation_is_relecture(self):
        with translation.override("fr"):
            for msgid, expected in [
                ("Submit for moderation", "Soumettre à la relecture"),
                ("In Moderation", "En relecture"),
                ("in moderation", "en relecture"),
                ("Hello %(username)s,", "Bonjour %(username)s,"),
                ("Yes, delete it", "Oui, la supprimer"),
                ("Current page status:", "Statut actuel de la page :"),
                ("just now", "il y a moins d’une minute"),
            ]:
                with self.subTest(msgid=msgid):
                    self.assertEqual(translation.gettext(msgid), expected)
            self.assertEqual(
                translation.gettext("Submit to %(workflow_name)s")
                % {"workflow_name": "Relecture"},
                "Soumettre à la relecture",
            )

    def test_counts_agree_with_their_noun(self):
        page = '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>'
        image = (
            '%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>'
        )
        with translation.override("fr"):
            for msgid, count, expected in [
                (page, 7, '7 pages <span class="w-sr-only">créées dans'),
                (page, 1, '1 page <span class="w-sr-only">créée dans'),
                (image, 0, '0 image <span class="w-sr-only">créée dans'),
            ]:
                plural = msgid.replace("Page ", "Pages ").replace("Image ", "Images ")
                text = translation.ngettext(msgid, plural, count) % {
                    "total": count,
                    "site_name": "le site",
                }
                self.assertTrue(text.startswith(expected), text)

    def test_just_now_matches_djangos_french_timesince(self):
        """Wagtail says "just now" when Django's timesince equals its own
        "0 minutes": both in French, or it shows « il y a 0 minute »."""
        from django.utils import timezone
        from wagtail.admin.templatetags.wagtailadmin_tags import timesince_simple

        with translation.override("fr"):
            self.assertEqual(
                timesince_simple(timezone.now()), "il y a moins d’une minute"
            )


class TestPageTypesAreFeminine(SimpleTestCase):
    """« Oui, la supprimer », « Nouvelle journée », « Modifier la campagne »
    and the review e-mails' « La journée … a été approuvée » hold for every
    page type of the site: a masculine one would need its own wording."""

    FEMININE = {"campagne", "journée", "page d’accueil", "page de contenu"}

    def test_every_page_type_has_a_feminine_name(self):
        from wagtail.models import get_page_models

        with translation.override("fr"):
            names = {
                str(model._meta.verbose_name)
                for model in get_page_models()
                if model._meta.app_label in ("home", "campaign")
            }
        self.assertTrue(names)
        self.assertLessEqual(names, self.FEMININE)


class TestPageHeaders(TestCase):
    """The page editor's headings, as a French writer writes them
    (templates/wagtailadmin/pages/, shared/headers/)."""

    @classmethod
    def setUpTestData(cls):
        from tests.builders import add_campaign

        cls.campaign = add_campaign()
        cls.user = get_user_model().objects.create_superuser(
            "admin-test", "admin@example.org", "x"
        )

    def setUp(self):
        self.client.force_login(self.user)

    def test_new_day(self):
        url = reverse(
            "wagtailadmin_pages:add",
            args=["campaign", "campaigndaypage", self.campaign.pk],
        )
        html = self.client.get(url).content.decode()
        self.assertIn("<title>Nouvelle journée", html)
        self.assertInHTML('<h1 class="w-sr-only">Nouvelle journée</h1>', html)
        self.assertNotIn("Nouveau: Journée", html)

    def test_edit_campaign(self):
        url = reverse("wagtailadmin_pages:edit", args=[self.campaign.pk])
        html = self.client.get(url).content.decode()
        heading = f"Modifier la campagne « {self.campaign.title} »"
        self.assertIn(f"<title>{heading}", html)
        self.assertInHTML(f'<h1 class="w-sr-only">{heading}</h1>', html)
        self.assertNotIn("Modification de Campagne", html)
        # The partners' add button (campaign.admin.panels.InlinePanelWithAddLabel).
        self.assertInHTML(
            '<button type="button" class="button button-small button-secondary '
            'chooser__choose-button" id="id_partners-ADD">'
            '<svg class="icon icon-plus-inverse icon" aria-hidden="true">'
            '<use href="#icon-plus-inverse"></use></svg>Ajouter un partenaire</button>',
            html,
        )
        self.assertNotIn("Ajouter un(e)", html)

    def test_delete_a_day_says_la(self):
        from tests.builders import add_day

        day = add_day(self.campaign, self.campaign.start_date)
        html = self.client.get(
            reverse("wagtailadmin_pages:delete", args=[day.pk])
        ).content.decode()
        self.assertIn('value="Oui, la supprimer"', html)


class TestReviewNames(TestCase):
    """The workflow and its step are data (home/migrations): both say
    « relecture », the word the admin uses for the step everywhere."""

    def test_workflow_and_task_names(self):
        from tests.builders import home_page

        workflow = home_page().get_workflow()
        self.assertEqual(workflow.name, "Relecture")
        self.assertEqual(
            [task.name for task in workflow.tasks], ["Relecture par les éditeurs"]
        )
