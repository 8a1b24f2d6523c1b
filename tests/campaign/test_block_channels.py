"""Each kind of block owns its template per channel; the templates that lay
out a whole day (e-mail HTML and text, widget, feed) name no kind.

A kind that is not part of the campaign ("fake", with its templates in a
folder of this test) shows on every channel it has a template for, through
the day templates as they are, and is left out of the others."""

import datetime as dt
import tempfile
from pathlib import Path
from unittest import mock

import time_machine
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError
from django.template.loader import get_template, render_to_string
from django.test import RequestFactory, SimpleTestCase, TestCase, override_settings
from django.urls import reverse
from django.utils import translation
from wagtail import blocks
from wagtail.test.utils import WagtailTestUtils

from campaign.blocks.day_body import DayBodyBlock, kinds
from campaign.blocks.kind import BlockKind
from campaign.partners import feeds, widget
from campaign.publishing.day_email import build_message, email_html, email_text
from tests.builders import (
    action,
    actions_block,
    add_campaign,
    add_day,
    add_establishment,
    default_site_at_admin_base_url,
    resource_link,
    resources_block,
    zoom_block,
)

MONDAY = dt.date(2021, 2, 1)
MONDAY_MORNING = "2021-02-01 10:00 +01:00"

DAY_TEMPLATES = (
    "campaign/email/day.html",
    "campaign/email/day.txt",
    "campaign/widget/day.html",
    "campaign/feeds/day_content.html",
)

FAKE_TEMPLATES = {
    "email.html": "<p class=fake>{{ value.said }} — {{ day_url }}</p>",
    "email.txt": "{% autoescape off %}FAKE SAYS {{ value.said }}{% endautoescape %}",
    "widget.html": "<p class=fake>{{ value.said }} in the widget</p>",
    "feed.html": "<p class=fake>{{ value.said }} in the feed</p>",
}


class FakeBlock(BlockKind, blocks.StructBlock):
    name = "fake"
    said = blocks.CharBlock()


class QuietBlock(BlockKind, blocks.StructBlock):
    """A kind with no template at all: left out of every channel."""

    name = "quiet"
    said = blocks.CharBlock()


class DayTemplatesNameNoKind(SimpleTestCase):
    def test_no_kind_is_named_in_a_day_template(self):
        names = [kind.name for kind in kinds()]
        self.assertTrue(names)
        for path in DAY_TEMPLATES:
            source = Path(get_template(path).origin.name).read_text()
            with self.subTest(template=path):
                self.assertNotIn(".type", source)
                for name in names:
                    self.assertNotIn(f'"{name}"', source)

    def test_every_kind_has_its_page_template_in_its_folder(self):
        for kind in kinds():
            with self.subTest(kind=kind.name):
                self.assertEqual(kind.meta.template, kind.channel_template("page.html"))
                get_template(kind.channel_template("page.html"))


class AFakeKindRendersOnEveryChannel(SimpleTestCase):
    def setUp(self):
        folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        (folder / "campaign/blocks/fake").mkdir(parents=True)
        for channel, source in FAKE_TEMPLATES.items():
            (folder / "campaign/blocks/fake" / channel).write_text(source)
        engines = [{**settings.TEMPLATES[0], "DIRS": [folder]}]
        self.enterContext(override_settings(TEMPLATES=engines))
        self.enterContext(
            mock.patch.dict(
                DayBodyBlock.base_blocks, {"fake": FakeBlock(), "quiet": QuietBlock()}
            )
        )
        self.enterContext(translation.override("fr"))
        self.body = [
            {"type": "fake", "value": {"said": "Bonjour <b>"}},
            {"type": "quiet", "value": {"said": "Chut"}},
        ]

    def email_context(self):
        campaign = mock.Mock(title="Campagne", region="Nouvelle-Aquitaine")
        return {
            "campaign": campaign,
            "day_title": "Lundi 1er février",
            "day_url": "https://example.org/jour/",
            "base_url": "https://example.org/jour/",
            "campaign_url": "https://example.org/",
            "blocks": self.body,
            "texts": {},
        }

    def test_email_html(self):
        html = render_to_string("campaign/email/day.html", self.email_context())
        self.assertIn(
            "<p class=fake>Bonjour &lt;b&gt; — https://example.org/jour/</p>", html
        )
        self.assertNotIn("Chut", html)
        self.assertIn("Lire la journée sur le site", html)

    def test_email_text(self):
        text = render_to_string("campaign/email/day.txt", self.email_context())
        self.assertIn("\nLundi 1er février\n\nFAKE SAYS Bonjour <b>\n\nLire la", text)
        self.assertNotIn("Chut", text)

    def test_widget(self):
        day = {"title": "Lundi", "url": "https://example.org/jour/", "body": self.body}
        html = render_to_string(
            "campaign/widget/day.html",
            {"campaign": mock.Mock(slug="c", title="C"), "day": day, "is_today": True},
        )
        self.assertIn("<p class=fake>Bonjour &lt;b&gt; in the widget</p>", html)
        self.assertNotIn("Chut", html)

    def test_feed(self):
        day = {"url": "https://example.org/jour/", "body": self.body}
        html = render_to_string("campaign/feeds/day_content.html", {"day": day})
        self.assertIn("<p class=fake>Bonjour &lt;b&gt; in the feed</p>", html)
        self.assertNotIn("Chut", html)

    def test_a_channel_not_listed_is_refused(self):
        template = Template('{% load campaign_channels %}{% block_channel b "x.pdf" %}')
        with self.assertRaises(TemplateSyntaxError):
            template.render(Context({"b": self.body[0]}))


class EmailRichText(SimpleTestCase):
    """Rich text for mail clients, from the sanitiser's tree (no regex)."""

    HTML = (
        '<p>Voir <a href="/contact/">le <strong>contact</strong></a> &amp; '
        "plus</p><ul><li>un</li><li>deux<br>lignes</li></ul>"
    )

    def test_html_styles_inline_and_absolute_links(self):
        self.assertEqual(
            email_html(self.HTML, "https://example.org/jour/"),
            '<p style="margin:0 0 12px 0;">Voir <a style="color:#000091;'
            'text-decoration:underline;" href="https://example.org/contact/">le '
            "<strong>contact</strong></a> &amp; plus</p>"
            '<ul style="margin:0 0 12px 0;padding-left:24px;">'
            '<li style="margin:0 0 4px 0;">un</li>'
            '<li style="margin:0 0 4px 0;">deux<br>lignes</li></ul>',
        )

    def test_text_spells_out_links_and_lists(self):
        self.assertEqual(
            email_text(self.HTML, "https://example.org/jour/"),
            "Voir le contact (https://example.org/contact/) & plus\n\n"
            "- un\n- deux\nlignes",
        )

    def test_whatever_is_not_rich_text_is_dropped(self):
        html = email_html(
            '<p onclick="x()">a<script>alert(1)</script></p>'
            '<a href="javascript:alert(1)">b</a>',
            "https://example.org/",
        )
        self.assertNotIn("script", html)
        self.assertNotIn("onclick", html)
        self.assertNotIn("javascript", html)


class BlockPreviewReadsInFrench(WagtailTestUtils, TestCase):
    def test_preview_heading(self):
        self.login()
        block = DayBodyBlock().child_blocks["zoom"]
        url = reverse("wagtailadmin_block_preview") + f"?id={block.definition_prefix}"
        with translation.override("fr"):
            html = self.client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        self.assertIn("Aperçu du bloc « ZOOM du jour »", html)
        self.assertIn("ZOOM du jour", html)


class ChannelsReadInFrenchAsBefore(TestCase):
    """The wording of every channel, on a day built here (English msgids,
    French from the catalogue, exactly as written before)."""

    @classmethod
    def setUpTestData(cls):
        default_site_at_admin_base_url()
        cls.campaign = add_campaign(slug="semaine-test")
        bretin = add_establishment("Collège Henri Bretin", "Neuvic", "24")
        cls.day = add_day(
            cls.campaign,
            MONDAY,
            [
                actions_block(action("Revenir à la base", [bretin])),
                zoom_block("Les clauses sociales", "<p>Un sujet.</p>"),
                resources_block(),
                resources_block(
                    resource_link("Onisep", "https://www.onisep.fr/", source="ONISEP"),
                    heading="Ressources",
                ),
            ],
        )

    def setUp(self):
        self.enterContext(translation.override("fr"))

    def test_email(self):
        message = build_message(self.day, self.campaign, ["a@example.org"])
        text, html = message.body, message.alternatives[0][0]
        url = self.day.get_full_url()
        self.assertIn("\nZOOM DU JOUR : Les clauses sociales\n\nUn sujet.\n", text)
        self.assertIn("Pas de ressource proposée ce jour.", text)
        self.assertIn("- Onisep (ONISEP) : https://www.onisep.fr/\n", text)
        self.assertIn(f"\nLire la journée sur le site : {url}\n", text)
        self.assertIn('<html lang="fr">', html)
        self.assertIn(">Région académique Nouvelle-Aquitaine</p>", html)
        self.assertIn(">ZOOM du jour</p>", html)
        self.assertIn(">Pas de ressource proposée ce jour.</p>", html)
        self.assertIn(">Lire la journée sur le site</a>", html)
        self.assertIn('<p style="margin:0;">Journée en ligne : <a', html)

    @time_machine.travel(MONDAY_MORNING, tick=False)
    def test_widget(self):
        html = widget.render_widget(self.campaign, RequestFactory().get("/"))
        self.assertIn('lang="fr"', html)
        self.assertIn(">Aujourd’hui, Lundi 1er février</p>", html)
        self.assertIn("<h3>ZOOM du jour : Les clauses sociales</h3>", html)
        self.assertIn("Toute la journée sur le site de la Semaine (Lundi 1er", html)
        # Only the kinds with a widget.html: no resources.
        self.assertNotIn("Onisep", html)

    @time_machine.travel("2021-01-20 10:00 +01:00", tick=False)
    def test_widget_before_the_week(self):
        self.day.unpublish()
        html = widget.render_widget(self.campaign, RequestFactory().get("/"))
        self.assertIn(
            "<p>Du 1er au 5 février 2021 : une journée à découvrir chaque matin.</p>",
            html,
        )
        self.assertIn(">Le programme de la semaine</a>", html)

    def test_feed(self):
        (entry,) = feeds.feed_entries(self.campaign, RequestFactory().get("/"))
        self.assertIn("<h2>ZOOM du jour : Les clauses sociales</h2>", entry.html)
        self.assertIn(">Lire la journée sur le site</a></p>", entry.html)

    def test_page(self):
        html = self.client.get(self.day.url).content.decode()
        self.assertIn("ZOOM du jour<span", html)
        self.assertIn("Source\xa0: ONISEP", html)
