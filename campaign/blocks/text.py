from dataclasses import replace

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from campaign.blocks.api_models import HTML
from campaign.blocks.kind import BlockKind
from campaign.blocks.rich_text import RICH_TEXT_FEATURES
from campaign.formats.newsletter.grammar import Heading
from campaign.formats.newsletter.lexer import Line
from campaign.formats.newsletter.sections import (
    Reading,
    RichSection,
    Section,
    Writing,
)
from campaign.formats.problems import Problem


class TextBlock(BlockKind, blocks.RichTextBlock):
    """Free text, for what the other blocks do not cover."""

    name = "text"
    api_model = HTML

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    def to_interchange(self, value, out):
        return out.html(value)

    def from_interchange(self, data, into, where):
        return into.html(data, where)

    class Meta:
        icon = "pilcrow"
        label = _("Free text")
        description = _("Free paragraphs, for what the other blocks do not cover.")
        template = "campaign/blocks/text/page.html"
        # The admin's block picker shows it with the public styles.
        preview_template = "campaign/blocks/block_preview.html"
        preview_value = (
            "<p>Un paragraphe libre, avec du <b>gras</b> et un <i>italique</i>.</p>"
        )

    # -- The newsletter text format (BlockKind) -------------------------

    # No heading of its own: "{texte}", then rich text (also on its line).
    newsletter_tags = ("texte", "text")

    def newsletter_section(self, line: int, heading: Heading) -> Section:
        return TextSection(self.name, line)

    def to_newsletter(self, value, writing: Writing) -> str:
        tag = "{" + self.newsletter_tags[0] + "}"
        body = writing.rich(value or "")
        return f"{tag}\n\n{body}" if body else tag


# -- The newsletter text format ------------------------------------------------


class TextSection(RichSection):
    """Free rich text up to the next section line."""

    text_path = ("value",)

    def opened(self, reading: Reading, line: Line, heading: Heading) -> None:
        if heading.rest:
            self.feed(reading, replace(line, text=heading.rest))

    def block(self, problems: list[Problem]) -> dict | None:
        return {"type": self.kind, "value": self.rich.html(problems)}
