"""Sharing and findability of the campaign's pages: canonical URLs,
OpenGraph and Twitter cards, schema.org Event JSON-LD, print stylesheet.
(The site's sitemap.xml and robots.txt: tests/site/test_findability.py.)"""

import datetime as dt
import json
import re
from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.test import TestCase

from campaign.models import CampaignDayPage, CampaignPage
from campaign.public.structured_data import json_ld
from tests.builders import (
    DEMO_SLUG,
    add_campaign,
    add_day,
    zoom_block,
)

TUESDAY = dt.date(2021, 2, 2)


def json_ld_blocks(html):
    return [
        json.loads(block)
        for block in re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', html, re.S
        )
    ]


class TestMetaOfDemoPages(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_campaign_demo", stdout=StringIO())
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
            self.meta(html, "property", "og:site_name"), settings.WAGTAIL_SITE_NAME
        )
        self.assertIn("FOQUALE", self.meta(html, "property", "og:description"))
        self.assertEqual(self.meta(html, "name", "twitter:card"), "summary")
        self.assertEqual(self.meta(html, "name", "twitter:title"), self.tuesday.title)

    def test_the_campaign_has_a_canonical_url(self):
        # (The persev site's home page: tests/site/test_findability.py.)
        html = self.get(self.campaign.url)
        self.assertEqual(html.count('<link rel="canonical"'), 1)
        self.assertIn(
            f'<link rel="canonical" href="{self.campaign.get_full_url()}">', html
        )

    def test_actions_page_canonical_leaves_out_the_filters(self):
        html = self.get(f"/campagnes/{DEMO_SLUG}/actions/?department=86")
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
