"""Public pages of a campaign, rendered with the demo week (campaign/demo/*.json)."""

import datetime as dt
import re
from io import StringIO

from django.core.management import call_command
from wagtail.test.utils import WagtailPageTestCase

from campaign.models import CampaignDayPage, CampaignPage
from campaign.reference.dates import format_date, today
from tests.builders import (
    DEMO_SLUG,
    add_campaign,
    add_day,
    demo_document,
    zoom_block,
)
from tests.html_reading import (
    hrefs,
    line_with,
    links,
    paragraphs,
    texts_of,
    visible_text,
)

MONDAY = dt.date(2021, 2, 1)
TUESDAY = dt.date(2021, 2, 2)


def load_demo():
    """The plugin's demo campaign, under the default site's root page: what
    these tests read is the demo's own content."""
    call_command("load_campaign_demo", stdout=StringIO())


class DemoWeekMixin:
    @classmethod
    def setUpTestData(cls):
        load_demo()
        cls.campaign = CampaignPage.objects.get(slug=DEMO_SLUG)
        cls.monday = CampaignDayPage.objects.get(date=MONDAY)
        cls.tuesday = CampaignDayPage.objects.get(date=TUESDAY)


class TestCampaignPage(DemoWeekMixin, WagtailPageTestCase):
    def setUp(self):
        self.response = self.client.get(self.campaign.url)
        self.text = visible_text(self.response.content.decode())

    def test_renders_with_its_template(self):
        # (<html lang> is the host's base template's: tests/site/test_demo_pages.py.)
        self.assertEqual(self.response.status_code, 200)
        self.assertTemplateUsed(self.response, "campaign/campaign_page.html")

    def test_shows_title_dates_and_intro(self):
        self.assertIn("Semaine de la Persévérance Scolaire 2021", self.text)
        self.assertIn("Du 1er au 5 février 2021", self.text)
        self.assertIn("région académique Nouvelle-Aquitaine", self.text)
        self.assertIn(
            "vise à sensibiliser tous les acteurs à l'importance de la prévention du décrochage",
            self.text,
        )

    def test_lists_live_days_with_their_zoom_titles(self):
        links = hrefs(self.response.content.decode())
        self.assertIn(self.monday.url, links)
        self.assertIn(self.tuesday.url, links)
        self.assertIn("Lundi 1er février", self.text)
        self.assertIn("ZOOM du jour : Les clauses sociales", self.text)
        self.assertIn("Mardi 2 février", self.text)
        self.assertIn("ZOOM du jour : Les réseaux FOQUALE", self.text)

    def test_every_date_of_the_week_is_listed(self):
        lines = self.text.split("\n")
        for title in ("Mercredi 3 février", "Jeudi 4 février", "Vendredi 5 février"):
            with self.subTest(date=title):
                self.assertIn(title, lines)
        # Only live days are links.
        day_links = [link.href for link in links(self.response.content.decode())]
        self.assertEqual(
            [
                href
                for href in day_links
                if href.startswith(self.campaign.url) and href != self.campaign.url
            ],
            [self.monday.url, self.tuesday.url],
        )

    def test_upcoming_dates_are_announced(self):
        start = today() + dt.timedelta(days=30)
        upcoming = add_campaign(
            slug="semaine-a-venir",
            title="Semaine à venir",
            start=start,
            end=start + dt.timedelta(days=4),
        )
        add_day(upcoming, start, live=False)  # a draft is not announced as published
        text = visible_text(self.client.get(upcoming.url).content.decode())
        for offset in range(5):
            date = start + dt.timedelta(days=offset)
            expected = format_date(date, "j F")  # « 1er février »
            with self.subTest(date=date):
                self.assertRegex(
                    text, rf"À (venir|paraître) le (\w+ )?{re.escape(expected)}"
                )

    def test_shows_closing(self):
        # (The credits: in the persev site's footer, tests/site/test_demo_pages.py.)
        self.assertIn(
            "Du 1er au 5 février 2021, retrouvez sur le site de votre académie des actions "
            "en faveur de la persévérance scolaire",
            self.text,
        )

    def test_is_renderable_and_routable(self):
        self.assertPageIsRoutable(self.campaign)
        self.assertPageIsRenderable(self.campaign)


class TestDayPage(DemoWeekMixin, WagtailPageTestCase):
    def get_day(self, day):
        response = self.client.get(day.url)
        self.assertEqual(response.status_code, 200)
        return response, response.content.decode()

    def test_renders_with_its_template(self):
        for day in (self.monday, self.tuesday):
            with self.subTest(day=day.title):
                response, html = self.get_day(day)
                self.assertTemplateUsed(response, "campaign/campaign_day_page.html")
                self.assertEqual(texts_of(html, "h1"), [day.title])

    def test_shows_the_whole_imported_day(self):
        # Everything the demo file says is on the page a reader gets.
        for day in (self.monday, self.tuesday):
            document = demo_document(day.date)
            _response, html = self.get_day(day)
            text = visible_text(html)
            for block in document["body"]:
                kind, value = block["type"], block["value"]
                with self.subTest(day=day.title, block=kind):
                    if value.get("heading") and value.get("links", True):
                        self.assertIn(value["heading"], text)
                    if kind == "actions":
                        for item in value["actions"]:
                            self.assertIn(item["title"], text)
                            for e in item["establishments"]:
                                # Name, town and department read together.
                                line = line_with(text, e["name"])
                                self.assertIn(e["town"], line)
                                self.assertRegex(line, rf"\b{e['department']}\b")
                    if kind == "zoom":
                        self.assertIn(value["title"], text)
                    if kind in ("zoom", "partnership"):
                        for paragraph in paragraphs(value["body"]):
                            self.assertIn(paragraph, text)
            for name in ("intro", "closing", "credits"):
                with self.subTest(day=day.title, campaign_text=name):
                    for paragraph in paragraphs(document["campaign"][name]):
                        self.assertIn(paragraph, text)

    def test_counts_every_action_and_establishment(self):
        for day in (self.monday, self.tuesday):
            document = demo_document(day.date)
            actions = [
                a
                for b in document["body"]
                if b["type"] == "actions"
                for a in b["value"]["actions"]
            ]
            _response, html = self.get_day(day)
            with self.subTest(day=day.title):
                self.assertEqual(
                    html.count('class="campaign-action fr-card'), len(actions)
                )
                self.assertEqual(
                    html.count('class="campaign-action__name"'),
                    sum(len(a["establishments"]) for a in actions),
                )

    def neighbour_links(self, day):
        _response, html = self.get_day(day)
        return {link.rel: link for link in links(html) if link.rel in ("prev", "next")}

    def test_monday_links_to_tuesday(self):
        neighbours = self.neighbour_links(self.monday)
        self.assertEqual(list(neighbours), ["next"])
        self.assertEqual(neighbours["next"].href, self.tuesday.url)
        self.assertIn("Mardi 2 février", neighbours["next"].text)

    def test_tuesday_links_back_to_monday_and_to_the_week(self):
        neighbours = self.neighbour_links(self.tuesday)
        self.assertEqual(list(neighbours), ["prev"])
        self.assertEqual(neighbours["prev"].href, self.monday.url)
        self.assertIn("Lundi 1er février", neighbours["prev"].text)
        _response, html = self.get_day(self.tuesday)
        self.assertIn(self.campaign.url, hrefs(html))

    def test_draft_day_is_not_found(self):
        draft = add_day(
            self.campaign,
            dt.date(2021, 2, 3),
            [zoom_block("Brouillon", "<p>x</p>")],
            live=False,
        )
        response = self.client.get(draft.url)
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(response, "Brouillon", status_code=404)

    def test_draft_day_is_not_a_neighbour(self):
        add_day(self.campaign, dt.date(2021, 2, 3), live=False)
        self.assertNotIn("next", self.neighbour_links(self.tuesday))

    def test_day_of_unpublished_campaign_is_not_found(self):
        hidden = add_campaign(slug="semaine-cachee", title="Semaine cachée", live=False)
        day = add_day(hidden, MONDAY, [zoom_block("Secret", "<p>x</p>")], live=True)
        self.assertTrue(CampaignDayPage.objects.get(pk=day.pk).live)
        response = self.client.get("/semaine-cachee/lundi-1er-fevrier/")
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(response, "Secret", status_code=404)
        self.assertEqual(self.client.get("/semaine-cachee/").status_code, 404)

    def test_is_renderable(self):
        self.assertPageIsRenderable(self.monday)
