"""The plugin's admin in the site's language: English in an English site
(English message ids), today's French wording in a French one (the
catalogue in campaign/locale/fr/), and a catalogue where every message id
is English and has its French.
"""

import ast
import datetime as dt
import gettext
import os
import re
import shutil
import tempfile
import unittest
from pathlib import Path

from django.contrib.auth import get_user_model
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import translation

import campaign
from campaign.models import WebhookEndpoint
from campaign.publishing import timeline
from campaign.reference import dates
from tests.builders import add_campaign, add_day, add_establishment
from tests.html_reading import visible_text

ENGLISH_SITE = {
    "LANGUAGE_CODE": "en",
    "LANGUAGES": [("en", "English")],
    "WAGTAILADMIN_PERMITTED_LANGUAGES": [("en", "English")],
}
FRENCH_SITE = {
    "LANGUAGE_CODE": "fr",
    "LANGUAGES": [("fr", "Français")],
    "WAGTAILADMIN_PERMITTED_LANGUAGES": [("fr", "Français")],
}

# A week to come: its days can still be scheduled.
START = dt.date(2031, 2, 3)


class AdminPagesMixin:
    """The plugin's admin pages, read by a superuser."""

    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_campaign(start=START, end=START + dt.timedelta(days=4))
        add_day(cls.campaign, START)
        cls.scheduled = add_day(cls.campaign, START + dt.timedelta(days=1), live=False)
        cls.scheduled.go_live_at = dates.go_live_datetime(
            cls.scheduled.date, cls.campaign.go_live_time
        )
        cls.scheduled.save_revision().publish()
        add_establishment("Collège Henri Bretin", "Poitiers", "86")
        WebhookEndpoint.objects.create(
            name="Rectorat", url="https://partenaire.example/hook", secret="s" * 16
        )
        cls.admin = get_user_model().objects.create_superuser(
            "admin", "admin@example.org", "password"
        )

    def setUp(self):
        self.client.force_login(self.admin)

    def text_of(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return visible_text(response.content.decode())

    def html_of(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response.content.decode()

    def assert_reads(self, url, expected, not_expected=()):
        text = self.text_of(url)
        for words in expected:
            with self.subTest(url=url, words=words):
                self.assertIn(words, text)
        for words in not_expected:
            with self.subTest(url=url, absent=words):
                self.assertNotIn(words, text)

    def pages(self):
        pk = self.campaign.pk
        return {
            "import": reverse("campaign_admin:import_newsletter", args=[pk]),
            "schedule": reverse("campaign_admin:schedule_week", args=[pk]),
            "next_edition": reverse("campaign_admin:next_edition", args=[pk]),
            "campaign": reverse("wagtailadmin_pages:edit", args=[pk]),
            "day": reverse("wagtailadmin_pages:edit", args=[self.scheduled.pk]),
            "establishments": reverse("wagtailsnippets_campaign_establishment:list"),
            "new_establishment": reverse("wagtailsnippets_campaign_establishment:add"),
            "webhooks": reverse("webhook_endpoints:index"),
            "new_webhook": reverse("webhook_endpoints:add"),
            "dashboard": reverse("wagtailadmin_home"),
        }


@override_settings(**ENGLISH_SITE)
class TestEnglishSiteAdmin(AdminPagesMixin, TestCase):
    """In an English site (LANGUAGE_CODE "en"), the plugin's admin reads English."""

    def test_the_newsletter_import_reads_english(self):
        self.assert_reads(
            self.pages()["import"],
            ["Import a newsletter", "Newsletter file", "See the preview", "Day"],
            ["Importer une lettre", "Fichier de la lettre", "Voir l’aperçu"],
        )

    def test_the_day_choices_of_the_import_are_english_dates(self):
        html = self.html_of(self.pages()["import"])
        self.assertIn("Monday, February 3", html)
        self.assertNotIn("Lundi 3 février", html)

    def test_schedule_the_week_reads_english(self):
        self.assert_reads(
            self.pages()["schedule"],
            ["Schedule the week", "Back to the campaign"],
            ["Programmer la semaine", "Retour à la campagne"],
        )

    def test_the_next_edition_reads_english(self):
        self.assert_reads(
            self.pages()["next_edition"],
            [
                "Create the next edition",
                "Title of the new edition",
                "Date shift (in days)",
                "The campaign is copied with its texts, its partners and its 2 days",
                "Create the edition as a draft",
            ],
            ["Créer l’édition suivante", "Décalage des dates"],
        )

    def test_the_campaign_editor_reads_english(self):
        self.assert_reads(
            self.pages()["campaign"],
            [
                "Publication of the week",
                "Widget and feeds for partner sites",
                "Publication calendar of the days",
                "Write this day",
                "Schedule the week…",
                "Script (recommended)",
                "Add a partner",
                "Go-live time",
                "Academic region",
            ],
            [
                "Publication de la semaine",
                "Écrire cette journée",
                "Ajouter un partenaire",
                "Heure de mise en ligne",
            ],
        )

    def test_the_day_editor_and_its_state_read_english(self):
        html = self.html_of(self.pages()["day"])
        text = visible_text(html)
        self.assertIn("Preview for partner sites", text)
        self.assertNotIn("Aperçu pour les sites partenaires", text)
        # The state panel and the header's tag: the calendar's word for it.
        self.assertIn("data-day-state", html)
        with translation.override("en"):
            label = str(timeline.LABELS[timeline.SCHEDULED])
        self.assertIn(label.capitalize(), text)

    def test_the_explorer_buttons_read_english(self):
        url = reverse("wagtailadmin_explore", args=[self.campaign.get_parent().pk])
        self.assert_reads(
            url,
            [],
            ["Importer une lettre", "Créer l’édition suivante"],
        )
        html = self.html_of(reverse("wagtailadmin_explore", args=[self.campaign.pk]))
        self.assertIn("Import a newsletter", html)
        self.assertIn("Create the next edition", html)

    def test_the_establishments_read_english(self):
        self.assert_reads(
            self.pages()["establishments"],
            ["Establishments", "Add an establishment", "Collège Henri Bretin"],
            ["Ajouter un établissement"],
        )
        self.assert_reads(
            self.pages()["new_establishment"],
            ["New establishment", "Kind of establishment", "Town", "Department"],
            ["Nouvel établissement", "Commune"],
        )

    def test_the_webhooks_read_english(self):
        self.assert_reads(
            self.pages()["webhooks"],
            ["Partner webhooks", "Rectorat"],
            ["Webhooks partenaires"],
        )
        self.assert_reads(
            self.pages()["new_webhook"],
            ["Events", "What the partner receives.", "day published"],
            ["Événements", "journée mise en ligne"],
        )

    def test_the_dashboard_panel_reads_english(self):
        self.assert_reads(
            self.pages()["dashboard"],
            ["Publication of the days", "Open the campaign"],
            ["Publication des journées", "Ouvrir la campagne"],
        )

    def test_dates_are_english_without_the_french_first(self):
        with translation.override("en"):
            self.assertEqual(dates.day_title(dt.date(2021, 2, 1)), "Monday, February 1")
            self.assertEqual(
                dates.date_range(dt.date(2021, 2, 1), dt.date(2021, 2, 5)),
                "From February 1 to 5, 2021",
            )


@override_settings(**FRENCH_SITE)
class TestFrenchSiteAdmin(AdminPagesMixin, TestCase):
    """With LANGUAGE_CODE "fr", the admin reads exactly as before English
    message ids."""

    def test_the_newsletter_import_reads_french(self):
        self.assert_reads(
            self.pages()["import"],
            [
                "Importer une lettre",
                "Fichier de la lettre",
                "Voir l’aperçu",
                "Envoyez la lettre d’une journée, telle que vous l’écrivez d’habitude.",
            ],
            ["Import a newsletter", "See the preview"],
        )
        self.assertIn("Lundi 3 février", self.html_of(self.pages()["import"]))

    def test_schedule_the_week_reads_french(self):
        self.assert_reads(
            self.pages()["schedule"],
            ["Programmer la semaine", "Retour à la campagne"],
            ["Schedule the week", "Back to the campaign"],
        )

    def test_the_next_edition_reads_french(self):
        self.assert_reads(
            self.pages()["next_edition"],
            [
                "Créer l’édition suivante",
                "Titre de la nouvelle édition",
                "Décalage des dates (en jours)",
                "La campagne est copiée avec ses textes, ses partenaires et ses 2 "
                "journées : toutes les dates sont décalées",
                "Créer l’édition en brouillon",
            ],
            ["Create the next edition"],
        )

    def test_the_campaign_editor_reads_french(self):
        self.assert_reads(
            self.pages()["campaign"],
            [
                "Publication de la semaine",
                "Widget et flux pour les sites partenaires",
                "Calendrier de publication des journées",
                "Écrire cette journée",
                "Programmer la semaine…",
                "Script (recommandé)",
                "Ajouter un partenaire",
                "Heure de mise en ligne",
                "Région académique",
            ],
            ["Publication of the week", "Write this day", "Add a partner"],
        )

    def test_the_day_editor_and_its_state_read_french(self):
        html = self.html_of(self.pages()["day"])
        text = visible_text(html)
        self.assertIn("Aperçu pour les sites partenaires", text)
        self.assertIn("data-day-state", html)
        self.assertIn("Programmée", text)

    def test_the_establishments_read_french(self):
        self.assert_reads(
            self.pages()["establishments"],
            ["Établissements", "Ajouter un établissement", "Collège Henri Bretin"],
            ["Add an establishment"],
        )
        self.assert_reads(
            self.pages()["new_establishment"],
            ["Nouvel établissement", "Type d’établissement", "Commune", "Département"],
            ["New establishment"],
        )

    def test_the_webhooks_read_french(self):
        self.assert_reads(
            self.pages()["webhooks"],
            ["Webhooks partenaires", "Rectorat"],
            ["Partner webhooks"],
        )
        self.assert_reads(
            self.pages()["new_webhook"],
            ["Événements", "Ce que le partenaire reçoit.", "journée mise en ligne"],
            ["What the partner receives."],
        )

    def test_the_dashboard_panel_reads_french(self):
        self.assert_reads(
            self.pages()["dashboard"],
            ["Publication des journées", "Ouvrir la campagne"],
            ["Publication of the days"],
        )

    def test_dates_keep_the_french_first(self):
        with translation.override("fr"):
            self.assertEqual(dates.day_title(dt.date(2021, 2, 1)), "Lundi 1er février")
            self.assertEqual(
                dates.long_date(dt.date(2021, 8, 1)), "dimanche 1er août 2021"
            )
            self.assertEqual(
                dates.date_range(dt.date(2021, 2, 1), dt.date(2021, 2, 5)),
                "Du 1er au 5 février 2021",
            )
            self.assertEqual(
                dates.date_range(dt.date(2021, 1, 29), dt.date(2021, 2, 1)),
                "Du 29 janvier au 1er février 2021",
            )


# --- The catalogue: every msgid English, every one with its French. ---

PLUGIN_DIR = Path(campaign.__file__).resolve().parent
CATALOGUE = PLUGIN_DIR / "locale" / "fr" / "LC_MESSAGES" / "django.mo"
# Letters of French words that English text does not use.
FRENCH_LETTERS = re.compile(r"[àâçéèêëîïôûùüÿœæÀÂÇÉÈÊËÎÏÔÛÙÜŸŒÆ«»]")
# Names of French institutions an English msgid keeps, as English writers on
# French education do (a région académique is not an "academic region" of
# anywhere else), and proper nouns.
ALLOWED_IN_ENGLISH = re.compile(
    r"r[ée]gions? acad[ée]miques?|acad[ée]mies?|d[ée]partements?|coll[èe]ges?"
    r"|lyc[ée]es?|[ée]l[èe]ve|Pers[ée]v[ée]rance|Nouvelle-Aquitaine|L[ée]a",
    re.IGNORECASE,
)
# What a communicator types in a newsletter is French whatever the admin's
# language: the examples a message quotes (“…”, « … », {tag}) are left out.
QUOTED = re.compile(r"“[^”]*”|«[^»]*»|\{[^}]*\}|^[«»]$|quotation mark [«»]")


def extracted_msgids():
    """(msgctxt, msgid, msgid_plural) of every string the plugin marks,
    extracted as `makemessages` does (xgettext) from a copy of campaign/."""
    from django.core.management import call_command

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "campaign"
        shutil.copytree(PLUGIN_DIR, copy, ignore=shutil.ignore_patterns("locale"))
        (copy / "locale").mkdir()
        cwd = os.getcwd()
        try:
            os.chdir(copy)
            call_command(
                "makemessages",
                locale=["fr"],
                domain="django",
                verbosity=0,
                no_location=True,
                no_obsolete=True,
            )
        finally:
            os.chdir(cwd)
        po = (copy / "locale" / "fr" / "LC_MESSAGES" / "django.po").read_text()
    return parse_po(po)


def parse_po(text):
    """The entries of a PO file: (msgctxt, msgid, msgid_plural)."""
    entries = []
    for block in text.split("\n\n"):
        fields, current = {}, None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            match = re.match(
                r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (.*)$", line
            )
            if match:
                current = match.group(1)
                fields[current] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if fields.get("msgid"):
            entries.append(
                (fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"))
            )
    return entries


@unittest.skipUnless(
    shutil.which("xgettext") and shutil.which("msgfmt"),
    "GNU gettext (xgettext, msgfmt) is not installed: no catalogue check",
)
class TestCatalogue(unittest.TestCase):
    """Every message id of the plugin is English, and the compiled French
    catalogue translates each of them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not CATALOGUE.exists():
            raise AssertionError(f"{CATALOGUE} is missing: run `make messages`.")
        cls.entries = extracted_msgids()
        with CATALOGUE.open("rb") as mo:
            cls.french = gettext.GNUTranslations(mo)

    maxDiff = None

    @staticmethod
    def translated_elsewhere(ctx, msgid, plural):
        """Whether the site's French (Django's, Wagtail's catalogues) has it:
        the plugin reuses some of Wagtail's own messages."""
        with translation.override("fr"):
            if plural:
                found = (
                    translation.npgettext(ctx, msgid, plural, 1)
                    if ctx
                    else translation.ngettext(msgid, plural, 1)
                )
            else:
                found = (
                    translation.pgettext(ctx, msgid)
                    if ctx
                    else translation.gettext(msgid)
                )
        return found != msgid

    def test_no_alias_that_makemessages_cannot_see(self):
        """xgettext finds gettext_noop("…") and _("…"), not N_("…"): the
        strings of an alias would silently leave the catalogue."""
        aliased = re.compile(
            r"from django\.utils\.translation import .*\b\w*gettext\w* as (?!_\b)\w+"
        )
        found = [
            str(path.relative_to(PLUGIN_DIR))
            for path in PLUGIN_DIR.rglob("*.py")
            if aliased.search(path.read_text(encoding="utf-8"))
        ]
        self.assertEqual(found, [])

    def test_the_plugin_marks_strings(self):
        self.assertGreater(len(self.entries), 100)

    def test_every_msgid_is_english(self):
        french = []
        for _ctx, msgid, plural in self.entries:
            for text in (msgid, plural or ""):
                stripped = ALLOWED_IN_ENGLISH.sub("", QUOTED.sub("", text))
                if FRENCH_LETTERS.search(stripped):
                    french.append(text)
        self.assertEqual(french, [], "message ids in French")

    def test_every_msgid_has_its_french(self):
        catalog = self.french._catalog
        missing = []
        for ctx, msgid, plural in self.entries:
            key = f"{ctx}\x04{msgid}" if ctx else msgid
            translated = catalog.get((key, 0) if plural else key)
            if not (translated or self.translated_elsewhere(ctx, msgid, plural)):
                missing.append(key.replace("\x04", "|"))
        self.assertEqual(missing, [], "message ids without their French")
