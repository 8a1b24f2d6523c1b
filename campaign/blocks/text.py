from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from campaign.blocks.api_models import HTML
from campaign.blocks.kind import BlockKind
from campaign.blocks.rich_text import RICH_TEXT_FEATURES


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
        label = _("Texte libre")
        description = _(
            "Des paragraphes libres, pour ce que les autres blocs ne couvrent pas."
        )
        template = "campaign/blocks/text/page.html"
        # The admin's block picker shows it with the public styles.
        preview_template = "campaign/blocks/block_preview.html"
        preview_value = (
            "<p>Un paragraphe libre, avec du <b>gras</b> et un <i>italique</i>.</p>"
        )
