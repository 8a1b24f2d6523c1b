from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from campaign.blocks.kind import BlockKind
from campaign.blocks.rich_text import RICH_TEXT_FEATURES

DEFAULT_PARTNERSHIP_HEADING = (
    "Actions de partenariat à l’échelle de la région académique"
)


class PartnershipBlock(BlockKind, blocks.StructBlock):
    """A partnership led at the scale of the academic region."""

    name = "partnership"

    heading = blocks.CharBlock(
        label=_("Titre de la rubrique"),
        default=DEFAULT_PARTNERSHIP_HEADING,
        max_length=200,
    )
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Texte"))

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
