"""RSS, Atom, JSON Feed and iCalendar of a campaign, read by real parsers and
checked against their specifications (tests/campaign/feed_checks.py)."""

import datetime as dt
import zoneinfo

import feedparser
import time_machine
from django.test import TestCase
from icalendar import Calendar
from wagtail.models import Site

from tests.campaign.feed_checks import atom_problems, json_feed_problems, rss_problems
from tests.campaign.partner_data import HIDDEN, MONDAY, TUESDAY, WEEK_SLUG, load_week

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
# The demo days go live at 08:00, Paris time (CET in February).
MONDAY_GO_LIVE = dt.datetime(2021, 2, 1, 8, 0, tzinfo=PARIS)
TUESDAY_GO_LIVE = dt.datetime(2021, 2, 2, 8, 0, tzinfo=PARIS)


def feed_url(kind, slug=WEEK_SLUG):
    return f"/campagnes/{slug}/{kind}"


class FeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = load_week()

    def fetch(self, kind, slug=WEEK_SLUG, status=200):
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

    def test_day_pages_link_the_campaign_feeds(self):
        # A reader (or a feed reader's bookmarklet) on a day page finds the
        # campaign's feeds in its <head>, as on the campaign page.
        day = self.data["campaign"].get_children().live().first()
        html = self.client.get(day.url).content.decode()
        head = html.split("</head>")[0]
        for kind in ("flux.rss", "flux.atom", "flux.json", "semaine.ics"):
            self.assertIn(f'href="{feed_url(kind)}"', head)
        self.assertIn('title="Semaine', head)


class FeedsByTheBookTests(TestCase):
    """Every required element, dates at the days' go-live, identifiers that
    survive edits and differ between installations."""

    @classmethod
    def setUpTestData(cls):
        # The week is put online long after its dates, as an archive would be.
        with time_machine.travel(dt.datetime(2026, 12, 1, 15, 30, tzinfo=PARIS)):
            cls.data = load_week()
        cls.campaign = cls.data["campaign"]

    def fetch(self, kind):
        response = self.client.get(feed_url(kind))
        self.assertEqual(response.status_code, 200)
        return response

    def day(self, date):
        return (
            self.campaign.get_children()
            .live()
            .specific()
            .get(campaigndaypage__date=date)
        )

    def test_atom_has_its_author_and_every_required_element(self):
        document = self.fetch("flux.atom").content
        self.assertEqual(atom_problems(document), [])
        parsed = feedparser.parse(document)
        self.assertFalse(parsed.bozo, parsed.get("bozo_exception"))
        self.assertEqual(parsed.feed.author, "Région académique Nouvelle-Aquitaine")
        self.assertTrue(parsed.feed.id.startswith("tag:"))
        for entry in parsed.entries:
            # The full text is the entry's content, not a summary.
            self.assertEqual(entry.content[0].type, "text/html")
            self.assertIn("<h2>", entry.content[0].value)

    def test_rss_and_json_feed_have_every_required_element(self):
        document = self.fetch("flux.rss").content
        self.assertEqual(rss_problems(document), [])
        self.assertFalse(feedparser.parse(document).bozo)
        feed = self.fetch("flux.json").json()
        self.assertEqual(json_feed_problems(feed), [])
        self.assertEqual(
            feed["authors"][0]["name"], "Région académique Nouvelle-Aquitaine"
        )

    def test_the_checks_find_what_is_missing(self):
        atom = self.fetch("flux.atom").content.decode()
        without_author = atom.replace(
            "<author><name>Région académique Nouvelle-Aquitaine</name>"
            "<uri>http://localhost</uri></author>",
            "",
        )
        self.assertNotEqual(without_author, atom)
        self.assertIn(
            "entry 1: no atom:author, and the feed has none",
            atom_problems(without_author.encode()),
        )
        no_updated = atom.replace("<updated>2021-02-02T08:00:00+01:00</updated>", "", 1)
        self.assertIn(
            "feed: 0 atom:updated, exactly one required",
            atom_problems(no_updated.encode()),
        )
        relative_id = atom.replace("<id>tag:", "<id>", 1)
        self.assertTrue(
            any(
                "atom:id is no absolute IRI" in p
                for p in atom_problems(relative_id.encode())
            )
        )
        rss = self.fetch("flux.rss").content.decode()
        no_description = rss.replace("<description>", "<summary>", 1).replace(
            "</description>", "</summary>", 1
        )
        self.assertEqual(
            rss_problems(no_description.encode()),
            ["channel: description is required, once"],
        )
        feed = self.fetch("flux.json").json()
        feed["items"][1]["id"] = feed["items"][0]["id"]
        del feed["items"][0]["content_html"]
        self.assertEqual(len(json_feed_problems(feed)), 2)

    def test_entries_are_dated_at_their_go_live(self):
        atom = feedparser.parse(self.fetch("flux.atom").content)
        rss = feedparser.parse(self.fetch("flux.rss").content)
        for parsed in (atom, rss):
            with self.subTest(parsed.version):
                published = [
                    dt.datetime(*entry.published_parsed[:6], tzinfo=dt.UTC)
                    for entry in parsed.entries
                ]
                self.assertEqual(published, [TUESDAY_GO_LIVE, MONDAY_GO_LIVE])
        self.assertEqual(
            [entry.updated for entry in atom.entries],
            ["2021-02-02T08:00:00+01:00", "2021-02-01T08:00:00+01:00"],
        )
        self.assertIn(
            "<updated>2021-02-02T08:00:00+01:00</updated>",
            str(self.fetch("flux.atom").content, "utf-8").split("<entry>")[0],
        )
        feed = self.fetch("flux.json").json()
        self.assertEqual(
            [item["date_published"] for item in feed["items"]],
            ["2021-02-02T08:00:00+01:00", "2021-02-01T08:00:00+01:00"],
        )
        self.assertEqual(
            [item["date_modified"] for item in feed["items"]],
            ["2021-02-02T08:00:00+01:00", "2021-02-01T08:00:00+01:00"],
        )

    def test_a_correction_updates_the_entry_not_its_date(self):
        campaign = self.campaign
        campaign.go_live_time = dt.time(9, 30)
        campaign.save_revision().publish()
        monday = self.day(MONDAY)
        corrected_at = dt.datetime(2027, 1, 4, 10, 0, tzinfo=PARIS)
        with time_machine.travel(corrected_at, tick=False):
            monday.title = "Lundi 1er février (corrigé)"
            monday.save_revision().publish()
        feed = self.fetch("flux.json").json()
        item = next(
            i for i in feed["items"] if i["url"].endswith("/" + monday.slug + "/")
        )
        self.assertEqual(item["date_published"], "2021-02-01T09:30:00+01:00")
        self.assertEqual(item["date_modified"], "2027-01-04T10:00:00+01:00")
        atom = feedparser.parse(self.fetch("flux.atom").content)
        entry = next(e for e in atom.entries if "corrigé" in e.title)
        self.assertEqual(entry.published, "2021-02-01T09:30:00+01:00")
        self.assertEqual(dt.datetime.fromisoformat(entry.updated), corrected_at)

    def identifiers(self):
        calendar = Calendar.from_ical(self.fetch("semaine.ics").content)
        uids = {
            event.decoded("dtstart"): str(event["uid"])
            for event in calendar.walk("VEVENT")
        }
        atom = feedparser.parse(self.fetch("flux.atom").content)
        rss = feedparser.parse(self.fetch("flux.rss").content)
        feed = self.fetch("flux.json").json()
        return {
            "ical": uids,
            "atom": [entry.id for entry in atom.entries],
            "atom_feed": atom.feed.id,
            "rss": [entry.id for entry in rss.entries],
            "json": [item["id"] for item in feed["items"]],
        }

    def test_identifiers_are_built_on_the_site_domain(self):
        ids = self.identifiers()
        monday, tuesday = self.day(MONDAY), self.day(TUESDAY)
        self.assertEqual(
            ids["ical"],
            {
                MONDAY: f"day-{monday.pk}@localhost",
                TUESDAY: f"day-{tuesday.pk}@localhost",
            },
        )
        expected = [
            f"tag:localhost,2026:day-{tuesday.pk}",
            f"tag:localhost,2026:day-{monday.pk}",
        ]
        self.assertEqual(ids["atom"], expected)
        self.assertEqual(ids["rss"], expected)
        self.assertEqual(ids["json"], expected)
        self.assertEqual(
            ids["atom_feed"], f"tag:localhost,2026:campaign-{self.campaign.pk}"
        )
        self.assertIn(
            '<guid isPermaLink="false">', self.fetch("flux.rss").content.decode()
        )

    def test_identifiers_are_stable_across_edits(self):
        before = self.identifiers()
        monday = self.day(MONDAY)
        monday.title = "Un autre titre"
        monday.slug = "un-autre-nom"
        monday.save_revision().publish()
        self.campaign.title = "Semaine renommée"
        self.campaign.save_revision().publish()
        # Another host name for the same site (a proxy, an alias) changes
        # nothing either.
        response = self.client.get(feed_url("semaine.ics"), HTTP_HOST="localhost:8000")
        self.assertIn(f"UID:day-{monday.pk}@localhost", response.content.decode())
        self.assertEqual(self.identifiers(), before)

    def test_another_installation_has_other_identifiers(self):
        before = self.identifiers()
        site = Site.objects.get(is_default_site=True)
        site.hostname = "persev.ac-bordeaux.fr"
        site.save()
        after = self.identifiers()
        monday = self.day(MONDAY)
        self.assertEqual(
            after["ical"][MONDAY], f"day-{monday.pk}@persev.ac-bordeaux.fr"
        )
        self.assertTrue(
            all(i.startswith("tag:persev.ac-bordeaux.fr,") for i in after["json"])
        )
        for kind in ("atom", "rss", "json"):
            self.assertFalse(set(before[kind]) & set(after[kind]), kind)
        self.assertFalse(set(before["ical"].values()) & set(after["ical"].values()))
