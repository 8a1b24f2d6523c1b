"""The e-mail of a day, read back the way a mail client reads it.

Every message is turned into bytes and parsed again with Python's `email`
package, so the tests see the MIME structure that actually travels: both
parts, their charset, the subject, the links.
"""

import datetime as dt
import email
import email.policy
import io
import json
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.test.utils.form_data import (
    nested_form_data,
    rich_text,
    streamfield,
)

from campaign.authoring import importer
from campaign.authoring.demo import load_demo
from campaign.models import CampaignDayPage, CampaignPage, Establishment
from campaign.publishing.day_email import build_message, render_html, subject_of
from tests.builders import (
    DEMO_SLUG,
    action,
    actions_block,
    add_campaign,
    add_day,
    add_establishment,
    default_site_at_admin_base_url,
    demo_document,
    resource_link,
    resources_block,
    text_block,
    zoom_block,
)
from tests.html_reading import hrefs, tags, visible_text

MONDAY = dt.date(2021, 2, 1)
TUESDAY = dt.date(2021, 2, 2)
RECIPIENTS = ["liste-persev@example.org"]
SCRIPT = '<script>alert("pirate")</script>'
ABSOLUTE_SCHEMES = {"http", "https", "mailto"}


def parse(raw):
    """Bytes (or text) of a MIME message → email.message.EmailMessage."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    return email.message_from_bytes(raw, policy=email.policy.default)


def parse_message(message):
    """A Django EmailMessage, through the bytes it would be sent as."""
    return parse(message.message().as_bytes())


def parts_of(parsed):
    """(plain text, HTML) of a parsed multipart/alternative message."""
    return (
        parsed.get_body(preferencelist=("plain",)).get_content(),
        parsed.get_body(preferencelist=("html",)).get_content(),
    )


def subject(parsed):
    """The decoded subject.

    Django (5.2, legacy email API) folds a long non-ASCII subject right after
    "Subject:", so the unfolded value starts with the folding space; mail
    clients strip it, and so does this helper.
    """
    return parsed["Subject"].strip()


def squash(text):
    """Whitespace collapsed, to compare text whatever its line breaks."""
    return " ".join(text.split())


class EmailAssertions:
    """Checks shared by every test class that reads an e-mail."""

    def assertMailStructure(self, parsed):
        self.assertEqual(parsed.get_content_type(), "multipart/alternative")
        types = [part.get_content_type() for part in parsed.iter_parts()]
        self.assertEqual(types, ["text/plain", "text/html"])
        for part in parsed.iter_parts():
            self.assertEqual(part.get_content_charset(), "utf-8")

    def assertMailClientHtml(self, html):
        """HTML built for mail clients: tables, inline styles, nothing external."""
        self.assertEqual(tags(html, "script"), [])
        self.assertEqual(tags(html, "style"), [])
        self.assertEqual(
            [a for _t, a in tags(html, "link") if "stylesheet" in a.get("rel", "")], []
        )
        tables = tags(html, "table")
        self.assertTrue(tables, "the layout is made of tables")
        for _tag, attrs in tables:
            self.assertEqual(attrs.get("role"), "presentation", attrs)
        for _tag, attrs in tags(html, "img"):
            self.assertTrue(attrs.get("alt", "").strip(), f"image without alt: {attrs}")
        # Styles are inline: the body, the layout and every text block carry them.
        for tag in ("body", "h1", "h2", "p", "a"):
            for _tag, attrs in tags(html, tag):
                self.assertIn("style", attrs, f"<{tag}> without inline style")

    def assertAbsoluteLinks(self, html):
        links = hrefs(html)
        self.assertTrue(links)
        for href in links:
            parts = urlsplit(href)
            self.assertIn(parts.scheme, ABSOLUTE_SCHEMES, href)
            if parts.scheme in {"http", "https"}:
                self.assertTrue(parts.netloc, href)
        # No other attribute points anywhere relative either (src, background…).
        for _tag, attrs in tags(html):
            for name in ("src", "background", "action"):
                if name in attrs:
                    self.assertIn(urlsplit(attrs[name]).scheme, {"http", "https"})


class TestDemoDayEmail(EmailAssertions, TestCase):
    """The e-mail of the demo Monday, content checked against its JSON file."""

    @classmethod
    def setUpTestData(cls):
        default_site_at_admin_base_url()  # the site is served at WAGTAILADMIN_BASE_URL
        load_demo()
        cls.campaign = CampaignPage.objects.get(slug=DEMO_SLUG)
        cls.day = CampaignDayPage.objects.get(date=MONDAY)

    def setUp(self):
        self.document = demo_document(MONDAY)
        self.message = build_message(self.day, self.campaign, RECIPIENTS)
        self.parsed = parse_message(self.message)
        self.text, self.html = parts_of(self.parsed)

    def actions(self):
        return [
            item
            for block in self.document["body"]
            if block["type"] == "actions"
            for item in block["value"]["actions"]
        ]

    def test_multipart_alternative_with_text_and_html(self):
        self.assertMailStructure(self.parsed)

    def test_subject_sender_and_recipients(self):
        self.assertEqual(
            subject(self.parsed),
            "Semaine de la Persévérance Scolaire 2021 — Lundi 1er février",
        )
        self.assertEqual(subject(self.parsed), subject_of(self.day, self.campaign))
        self.assertEqual(self.parsed["To"], "liste-persev@example.org")
        self.assertTrue(self.parsed["From"])
        self.assertTrue(self.parsed["Message-ID"])

    def test_every_action_and_establishment_in_both_parts(self):
        html_text = squash(visible_text(self.html))
        text = squash(self.text)
        self.assertEqual(len(self.actions()), 6)
        for item in self.actions():
            with self.subTest(action=item["title"]):
                self.assertIn(squash(item["title"]), html_text)
                self.assertIn(squash(item["title"]), text)
                for establishment in item["establishments"]:
                    for key in ("name", "town", "department"):
                        self.assertIn(establishment[key], html_text)
                        self.assertIn(establishment[key], text)
                    self.assertIn(
                        f"{establishment['name']} ({establishment['town']}",
                        text,
                    )

    def test_zoom_and_other_sections_in_both_parts(self):
        zoom = next(b for b in self.document["body"] if b["type"] == "zoom")["value"]
        partnership = next(
            b for b in self.document["body"] if b["type"] == "partnership"
        )["value"]
        for expected in (
            zoom["title"],
            visible_text(zoom["body"]),
            partnership["heading"],
            visible_text(partnership["body"]),
        ):
            for line in expected.split("\n"):
                self.assertIn(squash(line), squash(visible_text(self.html)))
                self.assertIn(squash(line), squash(self.text))

    def test_campaign_intro_closing_and_credits_in_both_parts(self):
        campaign = self.document["campaign"]
        for name in ("intro", "closing", "credits"):
            with self.subTest(name):
                expected = squash(visible_text(campaign[name]))
                self.assertTrue(expected)
                self.assertIn(expected, squash(visible_text(self.html)))
                self.assertIn(expected, squash(self.text))

    def test_text_part_has_no_html_left(self):
        self.assertNotIn("<", self.text)
        self.assertNotIn("&#", self.text)
        self.assertNotIn("&amp;", self.text)
        self.assertIn("L'apprentissage coûte que coûte", self.text)

    def test_links_to_the_day_page_with_an_absolute_url(self):
        url = "http://testserver/semaine-perseverance-scolaire-2021/lundi-1er-fevrier/"
        self.assertEqual(self.day.get_full_url(), url)
        self.assertIn(url, hrefs(self.html))
        self.assertIn(url, self.text)

    def test_every_href_is_absolute(self):
        self.assertAbsoluteLinks(self.html)

    def test_html_is_built_for_mail_clients(self):
        self.assertMailClientHtml(self.html)
        self.assertTrue(self.html.lstrip().startswith("<!DOCTYPE html>"))

    def test_render_html_is_the_html_part(self):
        # The admin preview shows exactly what is sent.
        self.assertEqual(
            squash(render_html(self.day, self.campaign)), squash(self.html)
        )

    def test_every_demo_day_carries_its_actions(self):
        for date in (MONDAY, TUESDAY):
            day = CampaignDayPage.objects.get(date=date)
            text, html = parts_of(
                parse_message(build_message(day, self.campaign, RECIPIENTS))
            )
            for block in demo_document(date)["body"]:
                if block["type"] != "actions":
                    continue
                for item in block["value"]["actions"]:
                    self.assertIn(squash(item["title"]), squash(visible_text(html)))
                    self.assertIn(squash(item["title"]), squash(text))


class TestEmailLinks(EmailAssertions, TestCase):
    """Links to pages, documents, the web and relative paths all come out absolute."""

    @classmethod
    def setUpTestData(cls):
        default_site_at_admin_base_url()
        cls.campaign = add_campaign(recipients="liste@example.org")
        cls.school = add_establishment("Collège Jean Moulin", "Brive", "19")
        cls.other = add_day(cls.campaign, TUESDAY)
        document = get_document_model()(title="Programme")
        document.file.save("programme.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
        document.save()
        cls.document = document
        cls.day = add_day(
            cls.campaign,
            MONDAY,
            [
                actions_block(
                    action(
                        "Une action avec lien",
                        [cls.school],
                        description=(
                            '<p>Voir <a href="/mentions-legales/">les mentions</a> '
                            f'et <a linktype="page" id="{cls.other.pk}">mardi</a>.</p>'
                        ),
                        url="https://college-jean-moulin.example.org/action",
                    )
                ),
                zoom_block(
                    "Le zoom",
                    '<p>Écrire à <a href="mailto:persev@example.org">l’équipe</a> '
                    f'ou lire <a linktype="document" id="{document.pk}">le programme</a>.</p>',
                ),
                resources_block(
                    resource_link("Une page", page=cls.other),
                    resource_link("Un document", document=document),
                    resource_link(
                        "Le site", url="https://www.onisep.fr/", source="ONISEP"
                    ),
                ),
                text_block('<p><a href="/contact/">Nous contacter</a></p>'),
            ],
        )

    def setUp(self):
        message = build_message(self.day, self.campaign, ["liste@example.org"])
        self.text, self.html = parts_of(parse_message(message))

    def test_every_href_is_absolute(self):
        self.assertAbsoluteLinks(self.html)

    def test_internal_links_point_to_the_site(self):
        links = hrefs(self.html)
        self.assertIn(self.other.get_full_url(), links)
        self.assertIn("http://testserver" + self.document.url, links)
        self.assertIn("http://testserver/mentions-legales/", links)
        self.assertIn("http://testserver/contact/", links)
        self.assertIn("mailto:persev@example.org", links)
        self.assertIn("https://www.onisep.fr/", links)
        self.assertIn("https://college-jean-moulin.example.org/action", links)

    def test_text_part_spells_out_absolute_urls(self):
        for url in (
            self.other.get_full_url(),
            "http://testserver" + self.document.url,
            "http://testserver/contact/",
            "https://www.onisep.fr/",
        ):
            self.assertIn(url, self.text)
        self.assertNotIn("(/", self.text)


class TestHostileContent(EmailAssertions, TestCase):
    """A script planted in the content is shown as text, never run."""

    @classmethod
    def setUpTestData(cls):
        default_site_at_admin_base_url()
        cls.campaign = add_campaign(
            recipients="liste@example.org",
            intro=f"<p>Intro</p>{SCRIPT}",
        )
        cls.school = add_establishment("Lycée <b>Gras</b>", "Tulle", "19")
        cls.day = add_day(
            cls.campaign,
            MONDAY,
            [
                actions_block(action(f"Action {SCRIPT}", [cls.school])),
                zoom_block(
                    f"Zoom {SCRIPT}",
                    f'<p onclick="alert(1)">Texte</p>{SCRIPT}'
                    '<p><a href="javascript:alert(1)">piège</a></p>',
                ),
            ],
        )

    def read(self, day, campaign=None):
        message = build_message(
            day, campaign or day.get_parent().specific, ["x@example.org"]
        )
        parsed = parse_message(message)
        self.assertMailStructure(parsed)
        return parts_of(parsed)

    def assertHarmless(self, text, html, title):
        self.assertEqual(tags(html, "script"), [])
        self.assertNotIn("<script", html.lower())
        self.assertIn("&lt;script&gt;", html)
        # What the reader sees is the title as it was typed.
        self.assertIn(title, visible_text(html))
        self.assertNotIn("javascript:", html)
        self.assertNotIn("onclick", html)
        self.assertMailClientHtml(html)
        # The plain-text part is never interpreted: the title reads as typed.
        self.assertIn(title, text)

    def test_script_in_titles_is_escaped(self):
        text, html = self.read(self.day)
        self.assertHarmless(text, html, f"Action {SCRIPT}")
        self.assertIn(f"Zoom {SCRIPT}", visible_text(html))
        self.assertIn(f"Zoom {SCRIPT}", text)
        self.assertIn("Lycée <b>Gras</b>", visible_text(html))
        self.assertEqual(tags(html, "b"), [])

    def test_script_in_rich_text_is_dropped(self):
        text, html = self.read(self.day)
        self.assertNotIn("alert", visible_text(html).replace(SCRIPT, ""))
        self.assertIn("Texte", visible_text(html))
        self.assertIn("Intro", visible_text(html))
        self.assertNotIn("alert(1)", text)

    def test_script_imported_from_a_json_file_is_escaped(self):
        document = {
            "format": "persev-day/1",
            "campaign": {
                "slug": self.campaign.slug,
                "title": self.campaign.title,
                "start_date": "2021-02-01",
                "end_date": "2021-02-05",
            },
            "date": "2021-02-03",
            "body": [
                {
                    "type": "actions",
                    "value": {
                        "actions": [
                            {
                                "title": f"Importée {SCRIPT}",
                                "establishments": [
                                    {
                                        "name": "Collège Pirate",
                                        "town": "Ussel",
                                        "department": "19",
                                    }
                                ],
                            }
                        ]
                    },
                },
                {
                    "type": "zoom",
                    "value": {
                        "title": f"Zoom importé {SCRIPT}",
                        "body": f"<p>Corps</p>{SCRIPT}",
                    },
                },
            ],
        }
        (result,) = importer.import_files(
            [("hostile.json", json.dumps(document).encode())],
            campaign_slug=self.campaign.slug,
            mode=importer.PUBLISH,
        )
        day = CampaignDayPage.objects.get(pk=result.day.pk)
        text, html = self.read(day)
        self.assertHarmless(text, html, f"Importée {SCRIPT}")
        self.assertIn(f"Zoom importé {SCRIPT}", visible_text(html))
        self.assertIn(f"Zoom importé {SCRIPT}", text)


class TestExportEmailCommand(EmailAssertions, TestCase):
    @classmethod
    def setUpTestData(cls):
        default_site_at_admin_base_url()
        load_demo()
        CampaignPage.objects.filter(slug=DEMO_SLUG).update(
            recipients="liste-persev@example.org"
        )

    def export(self, **options):
        out = io.StringIO()
        call_command("campaign_export", campaign=DEMO_SLUG, stdout=out, **options)
        return out.getvalue()

    def test_email_format_writes_a_mime_message(self):
        parsed = parse(self.export(date="2021-02-01", format="email"))
        self.assertMailStructure(parsed)
        self.assertEqual(
            subject(parsed),
            "Semaine de la Persévérance Scolaire 2021 — Lundi 1er février",
        )
        self.assertEqual(parsed["To"], "liste-persev@example.org")
        text, html = parts_of(parsed)
        self.assertMailClientHtml(html)
        self.assertAbsoluteLinks(html)
        url = "http://testserver/semaine-perseverance-scolaire-2021/lundi-1er-fevrier/"
        self.assertIn(url, hrefs(html))
        self.assertIn(url, text)
        for block in demo_document(MONDAY)["body"]:
            for item in block["value"].get("actions", []):
                self.assertIn(squash(item["title"]), squash(visible_text(html)))
                self.assertIn(squash(item["title"]), squash(text))
        credits = squash(visible_text(demo_document(MONDAY)["campaign"]["credits"]))
        self.assertIn(credits, squash(text))
        self.assertIn(credits, squash(visible_text(html)))

    def test_email_export_shows_the_latest_draft(self):
        day = CampaignDayPage.objects.get(date=TUESDAY).get_latest_revision_as_object()
        day.title = "Mardi en brouillon"
        day.save_revision()
        parsed = parse(self.export(date="2021-02-02", format="email"))
        self.assertEqual(
            subject(parsed),
            "Semaine de la Persévérance Scolaire 2021 — Mardi en brouillon",
        )

    def test_email_format_to_a_file(self):
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "lundi.eml"
            self.export(date="2021-02-01", format="email", output=str(path))
            parsed = parse(path.read_bytes())
        self.assertMailStructure(parsed)

    def test_email_format_needs_a_date(self):
        with self.assertRaisesMessage(
            CommandError,
            "un e-mail présente une seule journée : indiquez --date AAAA-MM-JJ.",
        ):
            self.export(format="email")

    def test_email_format_of_a_missing_day(self):
        with self.assertRaisesMessage(CommandError, "n’a pas de journée le 2021-02-05"):
            self.export(date="2021-02-05", format="email")


def list_block(items):
    """ListBlock form data (like `streamfield`, without block types)."""
    data = {
        str(index): {"value": value, "deleted": "", "order": str(index)}
        for index, value in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


class TestEmailPreview(TestCase):
    """The admin's "E-mail" preview mode shows the e-mail of the form being edited."""

    @classmethod
    def setUpTestData(cls):
        default_site_at_admin_base_url()
        campaign = add_campaign(region="Nouvelle-Aquitaine")
        add_establishment("Collège Henri Bretin", "Neuvic", "24")
        cls.day = add_day(
            campaign, MONDAY, [zoom_block("Le zoom publié", "<p>Publié.</p>")]
        )
        cls.user = get_user_model().objects.create_superuser(
            "redactrice", "redactrice@example.org", "motdepasse"
        )

    def setUp(self):
        self.client.force_login(self.user)

    def test_day_offers_the_email_preview_mode(self):
        self.assertEqual(
            [mode for mode, _label in self.day.preview_modes], ["", "email"]
        )
        response = self.client.get(
            reverse("wagtailadmin_pages:edit", args=[self.day.pk])
        )
        self.assertEqual(response.status_code, 200)
        options = {
            attrs.get("value"): attrs
            for _tag, attrs in tags(response.content.decode(), "option")
        }
        self.assertIn("email", options)
        self.assertContains(response, "E-mail")

    def post_preview(self, zoom_title):
        school = Establishment.objects.get(name="Collège Henri Bretin")
        data = nested_form_data(
            {
                "title": self.day.title,
                "slug": self.day.slug,
                "date": "2021-02-01",
                "body": streamfield(
                    [
                        (
                            "actions",
                            {
                                "heading": "Quelques actions",
                                "actions": list_block(
                                    [
                                        {
                                            "title": "Action en cours d’écriture",
                                            "establishments": list_block(
                                                [str(school.pk)]
                                            ),
                                            "description": rich_text(""),
                                            "url": "",
                                        }
                                    ]
                                ),
                            },
                        ),
                        (
                            "zoom",
                            {
                                "title": zoom_title,
                                "body": rich_text("<p>Un zoom pas encore publié.</p>"),
                            },
                        ),
                    ]
                ),
            }
        )
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[self.day.pk])
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"is_valid": True, "is_available": True})
        return url

    def test_email_preview_of_the_unsaved_form(self):
        url = self.post_preview("Zoom en cours d’écriture")
        response = self.client.get(url, {"mode": "email"})
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("Action en cours d’écriture", visible_text(html))
        self.assertIn("Collège Henri Bretin", visible_text(html))
        self.assertIn("Zoom en cours d’écriture", visible_text(html))
        self.assertIn("Lire la journée sur le site", html)
        self.assertTrue(
            all(a.get("role") == "presentation" for _t, a in tags(html, "table"))
        )
        # The e-mail's inline styles are allowed (the preview runs through
        # the public page's URL, whose policy forbids them), scripts are not.
        policy = dict(
            directive.strip().split(" ", 1)
            for directive in response["Content-Security-Policy"].split(";")
        )
        self.assertEqual(policy["style-src"], "'unsafe-inline'")
        self.assertEqual(policy["default-src"], "'none'")
        self.assertNotIn("script-src", policy)
        # The saved page is untouched.
        self.assertNotIn(
            "Zoom en cours",
            str(CampaignDayPage.objects.get(pk=self.day.pk).body.raw_data),
        )

    def test_web_preview_is_still_the_page(self):
        url = self.post_preview("Zoom web")
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Lire la journée sur le site", response.content.decode())
        self.assertIn("Zoom web", response.content.decode())

    def test_preview_needs_edit_permission(self):
        self.client.logout()
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[self.day.pk])
        response = self.client.get(url, {"mode": "email"})
        # To the login form, the e-mail unseen.
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("wagtailadmin_login")))
