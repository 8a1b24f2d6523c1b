"""StreamField blocks of a campaign day, one module per kind of block."""

from wagtail import blocks

from campaign.blocks.actions import ActionBlock, ActionsBlock
from campaign.blocks.establishments import EstablishmentChooserBlock
from campaign.blocks.partnership import PartnershipBlock
from campaign.blocks.resources import ResourceLinkBlock, ResourcesBlock
from campaign.blocks.rich_text import RICH_TEXT_FEATURES
from campaign.blocks.text import TextBlock
from campaign.blocks.zoom import ZoomBlock

__all__ = [
    "RICH_TEXT_FEATURES",
    "ActionBlock",
    "ActionsBlock",
    "DayBodyBlock",
    "EstablishmentChooserBlock",
    "PartnershipBlock",
    "ResourceLinkBlock",
    "ResourcesBlock",
    "TextBlock",
    "ZoomBlock",
]


class DayBodyBlock(blocks.StreamBlock):
    """The body of a day: blocks in any order, each repeatable."""

    actions = ActionsBlock()
    zoom = ZoomBlock()
    resources = ResourcesBlock()
    partnership = PartnershipBlock()
    text = TextBlock()
