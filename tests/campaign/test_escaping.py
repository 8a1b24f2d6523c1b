"""Every user-provided string is escaped, and rich text cannot carry a script.

A campaign whose every editable field and block holds `<script>` (and, in rich
text, an `onerror=` attribute) is published; every public channel — the day
page, the campaign page, the home page, the API, the RSS/Atom/JSON feeds, the
widget (script and iframe) and the daily e-mail — must show none of it as markup.
"""

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import time_machine
from django.test import TestCase

from campaign.publishing.day_email import build_message
from tests.builders import (
    action as action_value,
)
from tests.builders import (
    actions_block,
    add_campaign,
    add_day,
    add_establishment,
    partnership_block,
    resource_link,
    resources_block,
    text_block,
    zoom_block,
)

MONDAY = dt.date(2021, 2, 1)
MONDAY_MORNING = "2021-02-01 10:00 +01:00"
SCRIPT = "<script>alert(1)</script>"
# Rich text: a script element, an event handler and a javascript: link.
RICH = (
    f"<p>Texte{SCRIPT}<img src=x onerror=alert(2)>"
    '<a href="javascript:alert(3)" onclick="alert(4)">lien</a></p>'
    f"{SCRIPT}"
)
SLUG = "semaine-xss"

SCRIPT_TAG = re.compile(r"<script(?![^>]*\b(src=|type=\"application/ld\+json\"))", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"""(href|src)\s*=\s*["']?\s*javascript:""", re.I)


def planted(field):
    return f"{field} {SCRIPT}"


class PlantedScripts:
    """A campaign, a day and an establishment with a script planted in every
    field a writer fills (the persev site's home page: tests/home/test_escaping.py)."""

    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_campaign(
            slug=SLUG,
            title=planted("Campagne"),
            intro=RICH,
            closing=RICH,
            credits=RICH,
        )
        establishment = add_establishment(planted("Collège"), planted("Commune"), "33")
        body = [
            zoom_block(planted("ZOOM du jour"), RICH),
            actions_block(
                action_value(
                    planted("Action"),
                    [establishment],
                    description=RICH,
                    url='https://example.org/"><script>alert(5)</script>',
                ),
                heading=planted("Actions"),
            ),
            resources_block(
                resource_link(
                    planted("Ressource"),
                    url="https://example.org/ressource",
                    source=planted("Source"),
                ),
                heading=planted("Ressources"),
            ),
            partnership_block(RICH, heading=planted("Partenariat")),
            text_block(RICH),
        ]
        cls.day = add_day(cls.campaign, MONDAY, body, title=planted("Lundi"))

    def assert_clean_html(self, html, channel):
        self.assertTrue(html, channel)
        self.assertIsNone(SCRIPT_TAG.search(html), f"{channel}: <script> in\n{html}")
        self.assertIsNone(EVENT_HANDLER.search(html), f"{channel}: on…= in\n{html}")
        self.assertIsNone(JAVASCRIPT_URL.search(html), f"{channel}: javascript: URL")
        self.assertNotIn("alert(1)</script>", html, channel)

    def get(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response.content.decode()


class PlantedScriptsTests(PlantedScripts, TestCase):
    # -- HTML pages -------------------------------------------------------------

    def test_pages(self):
        for channel, url in (
            ("day page", self.day.url),
            ("campaign page", self.campaign.url),
            ("actions page", f"/campagnes/{SLUG}/actions/"),
        ):
            with self.subTest(channel=channel):
                html = self.get(url)
                self.assert_clean_html(html, channel)
                # The plain strings are there, as text.
                if channel != "actions page":
                    self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", html)

    # -- API --------------------------------------------------------------------

    def html_strings(self, data, path=""):
        """(path, value) of every string of a JSON document that is HTML."""
        if isinstance(data, dict):
            for key, value in data.items():
                yield from self.html_strings(value, f"{path}.{key}")
        elif isinstance(data, list):
            for index, value in enumerate(data):
                yield from self.html_strings(value, f"{path}[{index}]")
        elif (
            isinstance(data, str)
            and "<" in data
            and ("html" in path or "body" in path or "description" in path)
        ):
            yield path, data

    def assert_clean_json(self, data, channel):
        found = list(self.html_strings(data))
        self.assertTrue(found, f"{channel}: no HTML field found")
        for path, html in found:
            if path.endswith(
                (".title", ".heading", ".name", ".town", ".source", ".url")
            ):
                continue  # plain text by contract: the reader escapes it
            with self.subTest(channel=channel, field=path):
                self.assertIsNone(SCRIPT_TAG.search(html), f"{path}: {html}")
                self.assertIsNone(EVENT_HANDLER.search(html), f"{path}: {html}")
                self.assertIsNone(JAVASCRIPT_URL.search(html), f"{path}: {html}")

    def test_api_day_detail(self):
        data = json.loads(self.get(f"/api/v3/campaigns/{SLUG}/days/{MONDAY}/"))
        self.assert_clean_json(data, "API day detail")
        # Plain-text fields stay the editor's exact text (escaped by readers).
        self.assertEqual(data["title"], planted("Lundi"))

    # -- feeds ------------------------------------------------------------------

    def test_rss_and_atom_feeds(self):
        for kind in ("flux.rss", "flux.atom"):
            with self.subTest(feed=kind):
                xml = self.get(f"/campagnes/{SLUG}/{kind}")
                # The XML itself: every "<" of the content is escaped.
                self.assertNotIn(SCRIPT, xml)
                tree = ET.fromstring(xml)  # noqa: S314 - our own output
                # The HTML of the feed is in each item's description (RSS) or
                # each entry's content/summary (Atom); titles and the channel's
                # description are plain text, shown as text by readers.
                html_parts = [
                    element.text
                    for entry in tree.iter()
                    if entry.tag.rsplit("}", 1)[-1] in ("item", "entry")
                    for element in entry
                    if element.text
                    and element.tag.rsplit("}", 1)[-1]
                    in ("description", "content", "summary", "encoded")
                ]
                self.assertTrue(html_parts)
                for html in html_parts:
                    self.assert_clean_html(html, kind)

    def test_json_feed(self):
        feed = json.loads(self.get(f"/campagnes/{SLUG}/flux.json"))
        for item in feed["items"]:
            for key in ("content_html", "summary"):
                if item.get(key) and key == "content_html":
                    self.assert_clean_html(item[key], "JSON feed")

    # -- widget -----------------------------------------------------------------

    @time_machine.travel(MONDAY_MORNING, tick=False)
    def test_widget_script(self):
        body = self.get(f"/campagnes/{SLUG}/widget.js")
        self.assertNotIn("</script", body.lower())
        literal = re.search(r"var html = (.*);\n", body).group(1)
        html = json.loads(literal)
        self.assert_clean_html(html, "widget.js")
        self.assertIn("&lt;script&gt;", html)

    @time_machine.travel(MONDAY_MORNING, tick=False)
    def test_widget_iframe(self):
        html = self.get(f"/campagnes/{SLUG}/widget/")
        self.assert_clean_html(html, "widget iframe")

    # -- e-mail -----------------------------------------------------------------

    def test_daily_email(self):
        message = build_message(self.day, self.campaign, ["liste@example.org"])
        html = next(
            content
            for content, mimetype in message.alternatives
            if mimetype == "text/html"
        )
        self.assert_clean_html(html, "e-mail (HTML)")
        self.assertIn("&lt;script&gt;", html)
        self.assertNotIn("\n", message.subject)
