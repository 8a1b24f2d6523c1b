import re

from django.utils.translation import gettext_lazy as _
from ninja import Schema
from wagtail import blocks

from campaign.blocks.api_models import HTML
from campaign.blocks.kind import BlockKind, mapping, string
from campaign.blocks.rich_text import RICH_TEXT_FEATURES
from campaign.formats.newsletter.grammar import Heading, heading_text, short
from campaign.formats.newsletter.lexer import plain
from campaign.formats.newsletter.sections import RichSection, Section, Writing
from campaign.formats.problems import Problem
from campaign.reference.text import fold

# The initial value of the heading field, stored as the day's own text: content in
# the site's language (the demo's French), not interface wording, so not
# translated (a lazy default would follow each editor's admin language).
DEFAULT_PARTNERSHIP_HEADING = (
    "Actions de partenariat à l’échelle de la région académique"
)


class PartnershipValue(Schema):
    heading: str
    body: HTML


class PartnershipBlock(BlockKind, blocks.StructBlock):
    """A partnership led at the scale of the academic region."""

    name = "partnership"
    api_model = PartnershipValue

    heading = blocks.CharBlock(
        label=_("Section heading"),
        default=DEFAULT_PARTNERSHIP_HEADING,
        max_length=200,
    )
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))

    def to_interchange(self, value, out):
        return {"heading": value["heading"], "body": out.html(value["body"])}

    def from_interchange(self, data, into, where):
        data = mapping(data)
        return {
            "heading": string(data.get("heading")) or DEFAULT_PARTNERSHIP_HEADING,
            "body": into.html(data.get("body"), [*where, "body"]),
        }

    class Meta:
        icon = "group"
        label = _("Partnership")
        description = _("The actions led with partners across the région académique.")
        template = "campaign/blocks/partnership/page.html"
        # The admin's block picker shows it with the public styles.
        preview_template = "campaign/blocks/block_preview.html"
        preview_value = {
            "heading": DEFAULT_PARTNERSHIP_HEADING,
            "body": "<p>Depuis novembre 2018, les coordinatrices académiques MLDS ont "
            "développé un <b>partenariat avec la PFRA Nouvelle-Aquitaine</b>.</p>",
        }

    # -- The newsletter text format (BlockKind) -------------------------

    newsletter_tags = ("partenariat", "partnership")

    def newsletter_heading(self, text: str, next_text: str | None) -> Heading | None:
        heading = heading_text(text)
        if short(heading) and _PARTNERSHIP_KEY.match(fold(heading)):
            return Heading(self.name, plain(heading))
        return None

    def newsletter_section(self, line: int, heading: Heading) -> Section:
        return PartnershipSection(self.name, line, heading.heading)

    def to_newsletter(self, value, writing: Writing) -> str:
        heading = writing.heading(self.name, value.get("heading"))
        body = writing.rich(value.get("body") or "")
        return f"{heading}\n\n{body}" if body else heading


# -- The newsletter text format ------------------------------------------------

_PARTNERSHIP_KEY = re.compile(r"^actions? de partenariat\b")


class PartnershipSection(RichSection):
    """The partnership's heading, then rich text."""

    def block(self, problems: list[Problem]) -> dict | None:
        body = self.rich.html(problems)
        return {"type": self.kind, "value": self.headed({"body": body})}
