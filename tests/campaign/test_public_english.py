"""The public side of the plugin in an English site: pages, filters, feeds,
calendar and the API's problem documents read English (the message ids),
where the persev site (LANGUAGE_CODE "fr") reads the French of
campaign/locale, as the other tests check."""

import datetime as dt
import gettext
from pathlib import Path
from unittest import skipUnless

from django.test import SimpleTestCase, TestCase, override_settings
from django.utils import translation

import campaign
from campaign.public.discovery import establishment_url
from tests.builders import (
    action,
    actions_block,
    add_campaign,
    add_day,
    add_establishment,
    zoom_block,
)

MONDAY = dt.date(2021, 2, 1)
TUESDAY = dt.date(2021, 2, 2)
PROBLEM_JSON = "application/problem+json"


@override_settings(LANGUAGE_CODE="en", LANGUAGES=[("en", "English")])
class EnglishPublicSideTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_campaign(slug="week", title="Test week")
        cls.school = add_establishment("Collège Jean Rostand", "Poitiers", "86")
        cls.monday = add_day(
            cls.campaign,
            MONDAY,
            [
                zoom_block("Tutoring", "<p>Older pupils help younger ones.</p>"),
                actions_block(action("Reading club", [cls.school])),
            ],
        )
        cls.tuesday = add_day(cls.campaign, TUESDAY)

    def html(self, url, status=200):
        response = self.client.get(url)
        self.assertEqual(response.status_code, status, url)
        return response.content.decode()

    def assertNoFrench(self, html, *french):
        """None of `french` in the page's main content (the host's base
        template, persev's here, has its own language)."""
        if "</main>" in html:
            html = html[html.index("<main") : html.index("</main>")]
        for text in french:
            self.assertNotIn(text, html)

    def test_campaign_page(self):
        html = self.html(self.campaign.url)
        self.assertIn("The week’s programme", html)
        self.assertIn("academic region", html)
        self.assertIn("No day published on that date.", html)
        self.assertIn("Zoom of the day: Tutoring", html)
        self.assertIn('content="en_US"', html)
        self.assertNoFrench(
            html, "Le programme de la semaine", "région académique", "ZOOM du jour"
        )

    def test_day_page(self):
        html = self.html(self.monday.url)
        self.assertIn("The whole week’s programme", html)
        self.assertIn("Next day:", html)
        self.assertIn('aria-label="you are here:"', html)
        self.assertIn('"inLanguage": "en-US"', html)
        self.assertNoFrench(html, "Journée suivante", "fil d’Ariane")

    def test_actions_page(self):
        url = f"/campagnes/{self.campaign.slug}/actions/"
        html = self.html(url)
        self.assertIn("The schools’ actions", html)
        self.assertIn("1 action</h2>", html)
        self.assertIn("Filter the actions", html)
        self.assertIn("Number of actions by department", html)
        self.assertNoFrench(html, "Filtrer", "Aucune action", "Département")
        html = self.html(f"{url}?department=99", status=400)
        self.assertIn("Error: Actions — Test week", html)
        self.assertIn("The department “99” is not in this campaign", html)
        html = self.html(f"{url}?department=86")
        self.assertIn("1 action for these criteria</h2>", html)
        html = self.html(f"{url}?department=17")
        self.assertIn("No action for these criteria</h2>", html)

    def test_establishment_page(self):
        html = self.html(establishment_url(self.school))
        self.assertIn("Its action during the School Perseverance Week", html)
        self.assertIn("académie of", html)

    def test_feeds_and_calendar(self):
        rss = self.html(f"/campagnes/{self.campaign.slug}/flux.rss")
        self.assertIn("<language>en</language>", rss)
        self.assertIn("as soon as it goes online", rss)
        self.assertIn("Zoom of the day: Tutoring", rss)
        # Unfolded: iCalendar folds its lines at 75 octets (RFC 5545, 3.1).
        ical = self.html(f"/campagnes/{self.campaign.slug}/semaine.ics")
        ical = ical.replace("\r\n ", "")
        self.assertIn("SUMMARY:Zoom of the day: Tutoring", ical)
        self.assertIn("(Paris time)", ical)

    def test_problem_documents(self):
        response = self.client.get("/api/v3/campaigns/nope/days/")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response["Content-Type"], PROBLEM_JSON)
        self.assertEqual(response.json()["title"], "Not found")
        self.assertEqual(response.json()["detail"], "No published campaign “nope”.")
        response = self.client.get(
            f"/api/v3/campaigns/{self.campaign.slug}/days/?departement=86&kid=1"
        )
        self.assertEqual(response.status_code, 400)
        detail = response.json()["detail"]
        self.assertTrue(detail.startswith("Unknown parameters: departement, kid."))
        self.assertIn("Did you mean", detail)
        response = self.client.get(
            f"/api/v3/campaigns/{self.campaign.slug}/days/?limit=zero"
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"], "Invalid parameter: limit.")
        self.assertEqual(response.json()["errors"][0]["msg"], "integer expected")


CATALOGUE = Path(campaign.__file__).parent / "locale/fr/LC_MESSAGES/django.mo"


@skipUnless(
    CATALOGUE.exists(), "campaign/locale's django.mo is built by `make messages`"
)
class CatalogueNotShadowedTests(SimpleTestCase):
    """Django merges the catalogues of every installed app, and one of an app
    listed before `campaign` wins for the same message id: Wagtail's French
    of "Filter" is « Filtre », where the actions page's button reads
    « Filtrer ». Every entry of the plugin's catalogue must be what a French
    site reads (a context of its own, pgettext, keeps a short id apart)."""

    def test_every_entry_reads_as_the_plugin_translates_it(self):
        with CATALOGUE.open("rb") as file:
            entries = gettext.GNUTranslations(file)._catalog
        shadowed = []
        with translation.override("fr"):
            for key, french in entries.items():
                msgid, count = key if isinstance(key, tuple) else (key, None)
                if not msgid:
                    continue  # the header
                context, _sep, msgid = msgid.rpartition("\x04")
                if count is None:
                    read = (
                        translation.pgettext(context, msgid)
                        if context
                        else translation.gettext(msgid)
                    )
                else:  # msgstr[0] for one, msgstr[1] for two (French)
                    number = count + 1
                    read = (
                        translation.npgettext(context, msgid, msgid, number)
                        if context
                        else translation.ngettext(msgid, msgid, number)
                    )
                if read != french:
                    shadowed.append((context, msgid, read, french))
        self.assertEqual(shadowed, [])
