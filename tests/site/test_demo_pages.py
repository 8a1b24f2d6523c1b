"""The site's error pages and footer around the demo campaign's pages: the
French 404, 500 and 503 (persev_site.views), and the legal notice linked
from every page (load_site_demo makes the site's own pages)."""

import datetime as dt
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.db import OperationalError
from django.test import Client, RequestFactory, TestCase

from campaign.models import CampaignDayPage, CampaignPage
from persev_site.views import server_error
from tests.builders import DEMO_SLUG
from tests.campaign.partner_data import api
from tests.html_reading import hrefs, links, texts_of, visible_text

MONDAY = dt.date(2021, 2, 1)
LANG_FR = '<html lang="fr"'


class DemoWeekMixin:
    @classmethod
    def setUpTestData(cls):
        call_command("load_site_demo", "--no-admin", stdout=StringIO())
        cls.campaign = CampaignPage.objects.get(slug=DEMO_SLUG)
        cls.monday = CampaignDayPage.objects.get(date=MONDAY)


class TestErrorPages(DemoWeekMixin, TestCase):
    def test_unknown_url_gets_french_404(self):
        response = self.client.get("/cette-page-n-existe-pas/")
        self.assertEqual(response.status_code, 404)
        self.assertTemplateUsed(response, "404.html")
        self.assertContains(response, LANG_FR, status_code=404)
        self.assertEqual(
            texts_of(response.content.decode(), "h1"), ["Page introuvable"]
        )

    def test_404_keeps_the_footer_links(self):
        response = self.client.get("/cette-page-n-existe-pas/")
        self.assertIn("/mentions-legales/", hrefs(response.content.decode()))

    def test_500_page_renders_standalone(self):
        # Django renders 500.html without context processors or a page.
        response = server_error(RequestFactory().get("/"))
        html = response.content.decode()
        self.assertEqual(response.status_code, 500)
        self.assertIn(LANG_FR, html)
        self.assertEqual(texts_of(html, "h1"), ["Erreur inattendue"])
        self.assertIn('href="/"', html)

    def test_database_out_of_reach_answers_503_with_retry_after(self):
        # PostgreSQL restarting: the same request works again in a moment.
        client = Client(raise_request_exception=False)
        down = OperationalError("connection to server failed: Connection refused")
        with (
            mock.patch("wagtail.models.Site.find_for_request", side_effect=down),
            self.assertLogs("django.request", "ERROR"),
        ):
            response = client.get(self.monday.url)
        html = response.content.decode()
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "30")
        self.assertIn(LANG_FR, html)
        self.assertEqual(texts_of(html, "h1"), ["Service momentanément indisponible"])
        self.assertNotIn("OperationalError", html)
        self.assertNotIn("Connection refused", html)

    def test_other_failures_stay_500(self):
        client = Client(raise_request_exception=False)
        with (
            mock.patch(
                "wagtail.models.Site.find_for_request", side_effect=ValueError("bug")
            ),
            self.assertLogs("django.request", "ERROR"),
        ):
            response = client.get(self.monday.url)
        self.assertEqual(response.status_code, 500)
        self.assertNotIn("Retry-After", response)
        self.assertEqual(
            texts_of(response.content.decode(), "h1"), ["Erreur inattendue"]
        )


class TestFooter(DemoWeekMixin, TestCase):
    def footer_links(self, url):
        html = self.client.get(url).content.decode()
        return links(html[html.index('id="pied-de-page"') :])

    def test_every_page_links_to_legal_notice(self):
        for url in ("/", self.campaign.url, self.monday.url, "/accessibilite/"):
            with self.subTest(url=url):
                footer = {link.text: link.href for link in self.footer_links(url)}
                self.assertEqual(footer.get("Mentions légales"), "/mentions-legales/")

    def test_legal_notice_page_is_live(self):
        response = self.client.get("/mentions-legales/")
        self.assertEqual(
            texts_of(response.content.decode(), "h1"), ["Mentions légales"]
        )
        self.assertContains(response, "Éditeur du site")


class TestDemoPagesInTheSite(DemoWeekMixin, TestCase):
    """What the site's templates add around the plugin's pages."""

    def test_campaign_and_day_pages_are_in_french(self):
        for page in (self.campaign, self.monday):
            with self.subTest(page=page.title):
                self.assertContains(self.client.get(page.url), LANG_FR)

    def test_the_campaign_credits_are_in_the_footer(self):
        html = self.client.get(self.campaign.url).content.decode()
        footer = visible_text(html[html.index('id="pied-de-page"') :])
        self.assertIn(
            "Ce travail d'information et de valorisation a été réalisé en partenariat "
            "avec l'Onisep Nouvelle-Aquitaine",
            footer,
        )


class TestPartnerRequestsWhenTheDatabaseIsOutOfReach(TestCase):
    """The site's handler answers the API's 503 when the CORS middleware,
    before any view, cannot read the partners' origins."""

    def test_partner_request_when_the_origins_cannot_be_read(self):
        # A partner's browser sends Origin: the CORS middleware reads the
        # allowed origins from the database before any view runs.
        client = Client(raise_request_exception=False)
        with (
            mock.patch(
                "campaign.partners.cors.allowed_origins",
                side_effect=OperationalError("connection to server failed"),
            ),
            self.assertLogs("django.request", "ERROR"),
        ):
            response = client.get(
                api(f"{DEMO_SLUG}/days/"),
                headers={"Origin": "https://www.ac-poitiers.fr"},
            )
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "30")
        self.assertEqual(response["Content-Type"], "application/problem+json")
        problem = response.json()
        self.assertEqual(problem["title"], "Service momentanément indisponible")
        self.assertEqual(
            problem["detail"],
            "Service momentanément indisponible : réessayez dans un instant.",
        )
