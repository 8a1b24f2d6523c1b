"""Sharing and findability: sitemap.xml, robots.txt, canonical URLs,
OpenGraph and Twitter cards, schema.org Event JSON-LD, print stylesheet."""

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from campaign.models import CampaignDayPage, CampaignPage
from campaign.public.structured_data import json_ld
from tests.builders import (
    DEMO_SLUG,
    action,
    actions_block,
    add_campaign,
    add_day,
    add_establishment,
    zoom_block,
)

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
TUESDAY = dt.date(2021, 2, 2)


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200, response.status_code
    root = ET.fromstring(response.content)  # noqa: S314 - our own answer
    return [loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)]


def json_ld_blocks(html):
    return [
        json.loads(block)
        for block in re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', html, re.S
        )
    ]


class TestSitemapAndRobots(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.shown = add_establishment("Collège Jean Moulin", "Poitiers", "86")
        cls.unshown = add_establishment("Collège Caché", "Loudun", "86")
        cls.campaign = add_campaign(slug="semaine-live")
        cls.live_day = add_day(
            cls.campaign,
            dt.date(2021, 2, 1),
            [actions_block(action("Action publiée", [cls.shown]))],
        )
        cls.draft_day = add_day(
            cls.campaign,
            dt.date(2021, 2, 2),
            [actions_block(action("Action brouillon", [cls.unshown]))],
            live=False,
        )
        cls.scheduled_day = add_day(cls.campaign, dt.date(2021, 2, 3), live=False)
        cls.scheduled_day.go_live_at = dt.datetime(2099, 1, 1, tzinfo=dt.UTC)
        cls.scheduled_day.save_revision().publish()
        cls.hidden = add_campaign(slug="semaine-cachee", live=False)
        cls.hidden_day = add_day(cls.hidden, dt.date(2021, 2, 1))

    def test_sitemap_is_xml_with_live_pages_only(self):
        locations = sitemap_locations(self.client)
        paths = [re.sub(r"^https?://[^/]+", "", loc) for loc in locations]
        self.assertIn("/", paths)
        self.assertIn(self.campaign.url, paths)
        self.assertIn(self.live_day.url, paths)
        self.assertIn("/campagnes/semaine-live/actions/", paths)
        for page in (self.draft_day, self.scheduled_day, self.hidden, self.hidden_day):
            with self.subTest(page=page.title):
                self.assertNotIn(page.url, paths)
        self.assertNotIn("/campagnes/semaine-cachee/actions/", paths)
        self.assertIn(
            f"/campagnes/etablissements/{self.shown.pk}-college-jean-moulin/", paths
        )
        self.assertFalse(any(f"/etablissements/{self.unshown.pk}-" in p for p in paths))
        self.assertTrue(all(loc.startswith("http") for loc in locations))

    def test_robots_txt(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        lines = response.content.decode().splitlines()
        self.assertIn("User-agent: *", lines)
        self.assertIn("Disallow: /admin/", lines)
        self.assertIn("Sitemap: http://testserver/sitemap.xml", lines)


class TestMetaOfDemoPages(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_site_demo", "--no-admin", stdout=StringIO())
        cls.campaign = CampaignPage.objects.get(slug=DEMO_SLUG)
        cls.tuesday = CampaignDayPage.objects.get(date=TUESDAY)

    def get(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def meta(self, html, attribute, name):
        match = re.search(
            rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html
        )
        return match and match.group(1)

    def test_canonical_and_social_cards_of_a_day(self):
        html = self.get(self.tuesday.url)
        full_url = self.tuesday.get_full_url()
        self.assertIn(f'<link rel="canonical" href="{full_url}">', html)
        self.assertEqual(self.meta(html, "property", "og:url"), full_url)
        self.assertEqual(self.meta(html, "property", "og:title"), self.tuesday.title)
        self.assertEqual(self.meta(html, "property", "og:locale"), "fr_FR")
        self.assertEqual(
            self.meta(html, "property", "og:site_name"),
            "Semaine de la Persévérance Scolaire",
        )
        self.assertIn("FOQUALE", self.meta(html, "property", "og:description"))
        self.assertEqual(self.meta(html, "name", "twitter:card"), "summary")
        self.assertEqual(self.meta(html, "name", "twitter:title"), self.tuesday.title)

    def test_campaign_and_home_have_a_canonical_url(self):
        for page in (self.campaign, self.campaign.get_parent()):
            with self.subTest(page=page.title):
                html = self.get(page.url)
                self.assertEqual(html.count('<link rel="canonical"'), 1)
                self.assertIn(
                    f'<link rel="canonical" href="{page.get_full_url()}">', html
                )

    def test_actions_page_canonical_leaves_out_the_filters(self):
        html = self.get(f"/campagnes/{DEMO_SLUG}/actions/?departement=86")
        self.assertIn(
            f'<link rel="canonical" href="http://testserver/campagnes/{DEMO_SLUG}/actions/">',
            html,
        )
        self.assertEqual(self.meta(html, "property", "og:locale"), "fr_FR")

    def test_day_event_json_ld(self):
        html = self.get(self.tuesday.url)
        blocks = json_ld_blocks(html)
        self.assertEqual(len(blocks), 1)
        event = blocks[0]
        self.assertEqual(event["@context"], "https://schema.org")
        self.assertEqual(event["@type"], "Event")
        go_live = self.campaign.go_live_time
        self.assertEqual(
            event["startDate"],
            f"2021-02-02T{go_live:%H:%M:%S}+01:00",  # Europe/Paris in winter
        )
        self.assertEqual(event["url"], self.tuesday.get_full_url())
        self.assertEqual(event["description"], "ZOOM du jour : Les réseaux FOQUALE")
        self.assertEqual(
            event["organizer"]["name"], "Région académique Nouvelle-Aquitaine"
        )
        self.assertEqual(
            event["location"]["name"], "Région académique Nouvelle-Aquitaine"
        )
        self.assertIn(self.tuesday.title, event["name"])

    def test_no_json_ld_on_the_campaign_page(self):
        self.assertEqual(json_ld_blocks(self.get(self.campaign.url)), [])

    def test_print_stylesheet_on_the_campaign_page(self):
        html = self.get(self.campaign.url)
        self.assertRegex(
            html,
            r'<link rel="stylesheet" href="[^"]*campaign/css/print\.css" media="print">',
        )
        css = (
            __import__("pathlib").Path(__file__).resolve().parents[2]
            / "campaign/static/campaign/css/print.css"
        ).read_text()
        for selector in (
            ".fr-header",
            ".fr-footer",
            ".fr-breadcrumb",
            ".campaign-programme",
        ):
            self.assertIn(selector, css)


class TestJsonLdEscaping(TestCase):
    def test_cannot_close_the_script(self):
        html = str(json_ld({"name": "</script><script>alert(1)</script> & co"}))
        self.assertEqual(html.count("</script>"), 1)
        self.assertNotIn("<script>alert", html)
        inner = html.removeprefix('<script type="application/ld+json">').removesuffix(
            "</script>"
        )
        self.assertEqual(
            json.loads(inner)["name"], "</script><script>alert(1)</script> & co"
        )

    def test_escaped_title_in_a_day_page(self):
        campaign = add_campaign(slug="semaine-esc")
        day = add_day(
            campaign,
            dt.date(2021, 2, 1),
            [zoom_block('</script><b>Zoom</b> & "guillemets"', "<p>x</p>")],
        )
        html = self.client.get(day.url).content.decode()
        self.assertNotIn("</script><b>", html)
        event = json_ld_blocks(html)[0]
        self.assertEqual(
            event["description"], 'ZOOM du jour : </script><b>Zoom</b> & "guillemets"'
        )
