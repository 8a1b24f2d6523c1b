"""RSS, Atom, JSON Feed and iCalendar of a campaign, read by real parsers."""

import datetime as dt

import feedparser
from django.test import TestCase
from icalendar import Calendar

from tests.builders import DEMO_SLUG
from tests.campaign.partner_data import HIDDEN, load_week


def feed_url(kind, slug=DEMO_SLUG):
    return f"/campagnes/{slug}/{kind}"


class FeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = load_week()

    def fetch(self, kind, slug=DEMO_SLUG, status=200):
        response = self.client.get(feed_url(kind, slug))
        self.assertEqual(response.status_code, status)
        return response

    def test_rss_and_atom_have_one_entry_per_live_day_with_full_content(self):
        for kind, version in (("flux.rss", "rss20"), ("flux.atom", "atom10")):
            with self.subTest(kind=kind):
                response = self.fetch(kind)
                parsed = feedparser.parse(response.content)
                self.assertFalse(parsed.bozo, parsed.get("bozo_exception"))
                self.assertEqual(parsed.version, version)
                self.assertEqual(parsed.feed.title, self.data["campaign"].title)
                titles = [entry.title for entry in parsed.entries]
                self.assertEqual(len(titles), 2)
                self.assertTrue(titles[0].startswith("Mardi 2 février"))
                self.assertIn("ZOOM du jour", titles[0])
                entry = parsed.entries[1]
                content = (
                    entry.content[0].value if "content" in entry else entry.summary
                )
                self.assertIn("<h2>", content)
                self.assertIn("Collège Henri Bretin", content)
                self.assertTrue(entry.link.startswith("http"))
                self.assertNotIn(HIDDEN, response.content.decode())

    def test_json_feed(self):
        feed = self.fetch("flux.json").json()
        self.assertEqual(feed["version"], "https://jsonfeed.org/version/1.1")
        self.assertEqual(len(feed["items"]), 2)
        for item in feed["items"]:
            self.assertTrue(item["id"] and item["url"].startswith("http"))
            self.assertIn("<h2>", item["content_html"])
            dt.datetime.fromisoformat(item["date_published"])
        self.assertTrue(feed["feed_url"].endswith("/flux.json"))

    def test_calendar_has_one_all_day_event_per_live_day(self):
        response = self.fetch("semaine.ics")
        self.assertTrue(response["Content-Type"].startswith("text/calendar"))
        calendar = Calendar.from_ical(response.content)
        self.assertEqual(str(calendar["X-WR-TIMEZONE"]), "Europe/Paris")
        events = calendar.walk("VEVENT")
        self.assertEqual(
            sorted(e.decoded("dtstart") for e in events),
            [dt.date(2021, 2, 1), dt.date(2021, 2, 2)],
        )
        for event in events:
            self.assertTrue(str(event["summary"]).startswith("ZOOM du jour : "))
            self.assertTrue(str(event["url"]).startswith("http"))
        self.assertNotIn(HIDDEN, response.content.decode())

    def test_unpublished_campaign_and_unknown_slug_have_no_feeds(self):
        for kind in ("flux.rss", "flux.atom", "flux.json", "semaine.ics"):
            self.fetch(kind, "campagne-cachee", status=404)
            self.fetch(kind, "inconnue", status=404)

    def test_campaign_page_links_its_feeds(self):
        html = self.client.get(self.data["campaign"].url).content.decode()
        for kind, mime in (
            ("flux.rss", "application/rss+xml"),
            ("flux.atom", "application/atom+xml"),
            ("flux.json", "application/feed+json"),
            ("semaine.ics", "text/calendar"),
        ):
            self.assertIn(
                f'<link rel="alternate" type="{mime}"', html.replace("\n", " ")
            )
            self.assertIn(f'href="{feed_url(kind)}"', html)
