"""StreamField blocks of a campaign day, one module per kind of block, each
knowing its own conversions (`kind`: the interchange and its schema
fragment in `schemas/`, the API and its model, search text, cleaning); the
day's body (`day_body`), whose functions ask the kinds; what the API models
share (`api_models`); the rich text they allow (`rich_text`), the one HTML
sanitiser that keeps it to that (`sanitiser`) and how its links to pages
render (`page_links`). Blocks know no model: the establishment chooser names
its model by string ("campaign.Establishment")."""

from campaign.blocks.action import ActionBlock
from campaign.blocks.actions import ActionsBlock
from campaign.blocks.day_body import DayBodyBlock
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
