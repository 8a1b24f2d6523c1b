"""A kind of block owns its part of the newsletter text format: a kind the
reader and the writer have never heard of reads and writes through the
BlockKind protocol alone (its tags, its heading recogniser, its section, its
text), once named in DayBodyBlock."""

from unittest import mock

from django.test import SimpleTestCase
from django.utils import translation
from wagtail import blocks

from campaign.authoring.interchange.newsletter import (
    NewsletterError,
    parse_newsletter,
    write_newsletter,
)
from campaign.blocks.day_body import DayBodyBlock, kinds
from campaign.blocks.kind import BlockKind
from campaign.formats.newsletter.grammar import Heading, heading_text, short
from campaign.formats.newsletter.lexer import plain
from campaign.formats.newsletter.sections import RichSection
from campaign.reference.text import fold


class QuoteSection(RichSection):
    def block(self, problems):
        value = {"heading": self.heading or "", "body": self.rich.html(problems)}
        return {"type": self.kind, "value": value}


class QuoteBlock(BlockKind, blocks.StructBlock):
    """A made-up kind: a heading starting with "Citation", then rich text."""

    heading = blocks.CharBlock()
    body = blocks.RichTextBlock()

    newsletter_tags = ("citation", "témoin")

    def newsletter_heading(self, text, next_text):
        heading = heading_text(text)
        if short(heading) and fold(heading).startswith("citation"):
            return Heading(self.name, plain(heading))
        return None

    def newsletter_section(self, line, heading):
        return QuoteSection(self.name, line, heading.heading)

    def to_newsletter(self, value, writing):
        heading = writing.heading(self.name, value.get("heading"))
        body = writing.rich(value.get("body") or "")
        return f"{heading}\n\n{body}" if body else heading


def with_quote():
    """DayBodyBlock with the made-up kind named in it, as a new kind is."""
    quote = QuoteBlock()
    quote.set_name("quote")
    return mock.patch.dict(DayBodyBlock.base_blocks, {"quote": quote})


ZOOM = "ZOOM du jour\n\nUn titre\n\nUn paragraphe."


class NewKindTest(SimpleTestCase):
    def test_a_new_kind_is_asked_like_the_others(self):
        with with_quote():
            self.assertIn("quote", [kind.name for kind in kinds()])
        self.assertNotIn("quote", [kind.name for kind in kinds()])

    def test_its_tag_opens_its_block(self):
        with with_quote():
            parsed = parse_newsletter(
                f"{ZOOM}\n\n{{Citation}} Camille\n\nJe *reviens*.\n"
            )
        self.assertEqual(
            parsed.body[1],
            {
                "type": "quote",
                "value": {"heading": "Camille", "body": "<p>Je <em>reviens</em>.</p>"},
            },
        )
        self.assertEqual(parsed.lines, [1, 7])
        self.assertEqual(parsed.line(("body", 1, "value", "body")), 9)

    def test_its_tags_are_read_without_case_or_accents(self):
        for tag in ("citation", "CITATION", "témoin", "temoin", "Témoin"):
            with self.subTest(tag=tag), with_quote():
                parsed = parse_newsletter(f"{{{tag}}} Lou\n\nUn mot.\n")
                self.assertEqual(parsed.body[0]["type"], "quote")

    def test_its_heading_opens_its_block(self):
        with with_quote():
            parsed = parse_newsletter(
                f"Citation de Camille :\n\nJe reviens.\n\n{ZOOM}\n"
            )
        self.assertEqual([block["type"] for block in parsed.body], ["quote", "zoom"])
        self.assertEqual(parsed.body[0]["value"]["heading"], "Citation de Camille")

    def test_written_and_read_back(self):
        day = {
            "campaign": {"intro": "<p>Bonjour.</p>"},
            "body": [
                {
                    "type": "quote",
                    "value": {
                        "heading": "Citation de Camille",
                        "body": "<p>Un <strong>mot</strong>.</p>",
                    },
                },
                {
                    "type": "quote",
                    "value": {"heading": "Lou. Enfin", "body": "<p>Deux.</p>"},
                },
                {"type": "text", "value": "<p>Citation de Lou</p>"},
            ],
        }
        with with_quote():
            text = write_newsletter(day)
            parsed = parse_newsletter(text)
        self.assertIn("Citation de Camille\n", text)
        self.assertIn("{citation} Lou. Enfin\n", text)
        # The writer escapes a line of another block that the new kind's
        # recogniser would take for its heading.
        self.assertIn("\\Citation de Lou", text)
        self.assertEqual(parsed.body, day["body"])

    def test_unknown_tag_lists_the_new_kinds_tag(self):
        with with_quote(), self.assertRaises(NewsletterError) as raised:
            parse_newsletter(f"{ZOOM}\n\n{{inconnu}}\n")
        self.assertEqual(
            raised.exception.problems[0].message,
            "balise « {inconnu} » inconnue : attendu {actions}, {ressources}, "
            "{partenariat}, {texte}, {citation}, {clôture} ou {crédits}",
        )

    def test_without_it_its_tag_is_unknown(self):
        with self.assertRaises(NewsletterError) as raised:
            parse_newsletter(f"{ZOOM}\n\n{{citation}} Camille\n")
        self.assertIn(
            "balise « {citation} » inconnue", raised.exception.problems[0].message
        )


class MessagesTest(SimpleTestCase):
    def test_messages_are_english_ids_said_in_french(self):
        source = f"{ZOOM}\n\nRessources\n\npas un lien\n"
        with translation.override("en"), self.assertRaises(NewsletterError) as english:
            parse_newsletter(source)
        with translation.override("en"):
            self.assertEqual(
                str(english.exception.problems[0]),
                "line 9: unexpected line in the resources “pas un lien”: expected "
                "a link “- [TITLE](https://…)”, possibly followed by its source "
                "“(ONISEP)”",
            )
        with translation.override("fr"), self.assertRaises(NewsletterError) as french:
            parse_newsletter(source)
        self.assertEqual(
            str(french.exception.problems[0]),
            "ligne 9 : ligne inattendue dans les ressources « pas un lien » : "
            "attendu un lien « - [TITRE](https://…) », éventuellement suivi de sa "
            "source « (ONISEP) »",
        )
