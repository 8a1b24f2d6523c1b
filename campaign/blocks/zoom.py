from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from wagtail import blocks

from campaign.blocks.api_models import HTML
from campaign.blocks.kind import BlockKind, mapping, text
from campaign.blocks.rich_text import RICH_TEXT_FEATURES


class ZoomValue(Schema):
    title: str = Field(min_length=1)
    body: HTML


class ZoomBlock(BlockKind, blocks.StructBlock):
    """The "ZOOM du jour": one subject explained in a few paragraphs."""

    name = "zoom"
    api_model = ZoomValue

    title = blocks.CharBlock(label=_("Titre du zoom"), max_length=200)
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Texte"))

    def to_interchange(self, value, out):
        return {"title": value["title"], "body": out.html(value["body"])}

    def from_interchange(self, data, into, where):
        data = mapping(data)
        return {
            "title": text(data.get("title")),
            "body": into.html(data.get("body"), [*where, "body"]),
        }

    def listing_title(self, raw):
        return mapping(raw).get("title", "")

    class Meta:
        icon = "search"
        label = _("ZOOM du jour")
        description = _(
            "Le sujet mis en avant ce jour-là : un titre et quelques paragraphes."
        )
        template = "campaign/blocks/zoom/page.html"
        # The admin's block picker shows it with the public styles.
        preview_template = "campaign/blocks/block_preview.html"
        preview_value = {
            "title": "Les clauses sociales",
            "body": "<p>Les clauses sociales permettent à des jeunes de 16 à 25 ans en "
            "situation de décrochage scolaire de réaliser un parcours de formation "
            "sécurisé en entreprise.</p>",
        }
