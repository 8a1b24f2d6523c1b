"""The home page and the plain pages, with the demo site loaded."""

import datetime as dt
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.test import TestCase
from wagtail.test.utils import WagtailPageTestCase

from campaign.models import CampaignDayPage, CampaignPage
from home.models import HomePage, StandardPage
from tests.builders import DEMO_SLUG, home_page
from tests.html_reading import hrefs, links, texts_of, visible_text

LANG_FR = '<html lang="fr"'


def on(date):
    """Pretend today (Europe/Paris) is `date` for what the home page features."""
    return mock.patch("campaign.reference.dates.today", return_value=date)


class TestHomePage(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_site_demo", "--no-admin", stdout=StringIO())
        cls.home = home_page()
        cls.campaign = CampaignPage.objects.get(slug=DEMO_SLUG)
        cls.monday = CampaignDayPage.objects.get(date=dt.date(2021, 2, 1))
        cls.tuesday = CampaignDayPage.objects.get(date=dt.date(2021, 2, 2))

    def get_home(self):
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        return response, response.content.decode()

    def test_renders_in_french(self):
        response, html = self.get_home()
        self.assertTemplateUsed(response, "home/home_page.html")
        self.assertIn(LANG_FR, html)
        self.assertIsInstance(response.context["page"].specific, HomePage)

    def test_shows_the_campaign(self):
        _response, html = self.get_home()
        self.assertEqual(
            texts_of(html, "h1"), ["Semaine de la Persévérance Scolaire 2021"]
        )
        text = visible_text(html)
        self.assertIn("Du 1er au 5 février 2021", text)
        self.assertIn("vise à sensibiliser tous les acteurs", text)
        self.assertIn(self.campaign.url, hrefs(html))

    def test_after_the_week_features_the_last_day(self):
        _response, html = self.get_home()
        self.assertIn(self.tuesday.url, hrefs(html))
        self.assertNotIn(self.monday.url, hrefs(html))
        self.assertIn("ZOOM du jour : Les réseaux FOQUALE", visible_text(html))

    def test_during_the_week_features_the_day_of_today(self):
        with on(dt.date(2021, 2, 1)):
            _response, html = self.get_home()
        self.assertIn(self.monday.url, hrefs(html))
        self.assertNotIn(self.tuesday.url, hrefs(html))
        self.assertIn("ZOOM du jour : Les clauses sociales", visible_text(html))

    def test_before_the_week_features_no_day(self):
        with on(dt.date(2021, 1, 15)):
            _response, html = self.get_home()
        targets = hrefs(html)
        self.assertIn(self.campaign.url, targets)
        self.assertNotIn(self.monday.url, targets)
        self.assertNotIn(self.tuesday.url, targets)

    def test_links_lead_to_both_seed_days(self):
        # A reader goes from the home page to the week, then to each day.
        _response, html = self.get_home()
        self.assertIn(self.campaign.url, hrefs(html))
        week = self.client.get(self.campaign.url).content.decode()
        day_urls = [
            url
            for url in hrefs(week)
            if url.startswith(self.campaign.url) and url != self.campaign.url
        ]
        self.assertEqual(day_urls, [self.monday.url, self.tuesday.url])
        zooms = {}
        for url in day_urls:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            zooms[url] = visible_text(response.content.decode())
        self.assertIn("Les clauses sociales", zooms[self.monday.url])
        self.assertIn("Les réseaux FOQUALE", zooms[self.tuesday.url])

    def test_footer_links_to_legal_notice_and_accessibility(self):
        _response, html = self.get_home()
        footer = {
            link.text: link.href
            for link in links(html[html.index('id="pied-de-page"') :])
        }
        self.assertEqual(footer["Mentions légales"], "/mentions-legales/")
        self.assertEqual(
            footer["Accessibilité : partiellement conforme"], "/accessibilite/"
        )

    def test_is_renderable(self):
        self.assertPageIsRenderable(self.home)


class TestHomePageWithoutCampaign(TestCase):
    def test_says_no_campaign_is_published(self):
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, LANG_FR)
        self.assertIn("Aucune campagne", visible_text(response.content.decode()))
        self.assertIsNone(response.context["campaign"])


class TestStandardPage(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_site_demo", "--no-admin", stdout=StringIO())

    def test_plain_pages_render_in_french(self):
        expected = {
            "/mentions-legales/": ("Mentions légales", "Directeur de la publication"),
            "/accessibilite/": (
                "Accessibilité : partiellement conforme",
                "État de conformité",
            ),
        }
        for url, (title, section) in expected.items():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertTemplateUsed(response, "home/standard_page.html")
                html = response.content.decode()
                self.assertIn(LANG_FR, html)
                self.assertEqual(texts_of(html, "h1"), [title])
                self.assertIn(section, texts_of(html, "h2"))

    def test_are_renderable(self):
        for page in StandardPage.objects.all():
            with self.subTest(page=page.title):
                self.assertPageIsRenderable(page)
