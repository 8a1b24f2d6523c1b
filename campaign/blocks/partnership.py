from django.utils.translation import gettext_lazy as _
from ninja import Schema
from wagtail import blocks

from campaign.blocks.api_models import HTML
from campaign.blocks.kind import BlockKind, mapping, string
from campaign.blocks.rich_text import RICH_TEXT_FEATURES

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
        label=_("Titre de la rubrique"),
        default=DEFAULT_PARTNERSHIP_HEADING,
        max_length=200,
    )
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Texte"))

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
        label = _("Partenariat")
        description = _(
            "Les actions menées avec des partenaires à l’échelle de la région académique."
        )
        template = "campaign/blocks/partnership/page.html"
        # The admin's block picker shows it with the public styles.
        preview_template = "campaign/blocks/block_preview.html"
        preview_value = {
            "heading": DEFAULT_PARTNERSHIP_HEADING,
            "body": "<p>Depuis novembre 2018, les coordinatrices académiques MLDS ont "
            "développé un <b>partenariat avec la PFRA Nouvelle-Aquitaine</b>.</p>",
        }
