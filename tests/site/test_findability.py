"""How search engines find the site: sitemap.xml (the site's pages and
what the campaigns add: actions pages, establishment pages), robots.txt."""

import datetime as dt
import re
import xml.etree.ElementTree as ET

from django.test import TestCase

from tests.builders import (
    action,
    actions_block,
    add_campaign,
    add_day,
    add_establishment,
    home_page,
)

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200, response.status_code
    root = ET.fromstring(response.content)  # noqa: S314 - our own answer
    return [loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)]


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


class TestCanonicalOfTheHomePage(TestCase):
    def test_the_home_page_has_one_canonical_url(self):
        home = home_page()
        html = self.client.get(home.url).content.decode()
        self.assertEqual(html.count('<link rel="canonical"'), 1)
        self.assertIn(f'<link rel="canonical" href="{home.get_full_url()}">', html)
