"""One action of a day's actions block (campaign.blocks.actions): the
establishments that lead it, what it is and where it is presented."""

from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from wagtail import blocks

from campaign.blocks.api_models import HTML
from campaign.blocks.establishments import EstablishmentChooserBlock
from campaign.blocks.rich_text import RICH_TEXT_FEATURES


class ActionBlock(blocks.StructBlock):
    """One action of one or more establishments."""

    title = blocks.CharBlock(
        label=_("Action title"),
        max_length=300,
        help_text=_("As announced, without quotation marks or star."),
    )
    establishments = blocks.ListBlock(
        EstablishmentChooserBlock(),
        min_num=1,
        label=_("Establishments"),
        help_text=_(
            "At least one. If an establishment is missing, create it from the chooser window."
        ),
    )
    description = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        required=False,
        label=_("Description"),
        help_text=_("Optional: a few lines about the action."),
    )
    url = blocks.URLBlock(
        required=False,
        label=_("Link"),
        help_text=_(
            "Optional: the page that presents the action (the establishment’s website…)."
        ),
    )

    class Meta:
        icon = "pick"
        label = _("Action")
        template = "campaign/blocks/actions/action.html"
        # The admin's block picker shows it with the public styles.
        preview_template = "campaign/blocks/block_preview.html"


def action_api_model():
    """The API's model of one action (its establishments' model names the
    kinds of establishment: built when first used, by the actions block)."""

    class ActionOut(Schema):
        title: str = Field(min_length=1)
        establishments: list[EstablishmentChooserBlock.api_model] = Field(min_length=1)
        description: HTML | None = None
        url: str | None = Field(default=None, description=_("Absolute address (uri)."))

    return ActionOut
