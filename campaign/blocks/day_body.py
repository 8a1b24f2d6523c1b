"""The body of a day: its StreamBlock, and what its raw data names."""

from wagtail import blocks

from campaign.blocks.actions import ActionsBlock
from campaign.blocks.partnership import PartnershipBlock
from campaign.blocks.resources import ResourcesBlock
from campaign.blocks.testimony import TestimonyBlock
from campaign.blocks.text import TextBlock
from campaign.blocks.zoom import ZoomBlock


class DayBodyBlock(blocks.StreamBlock):
    """The body of a day: blocks in any order, each repeatable."""

    actions = ActionsBlock()
    zoom = ZoomBlock()
    resources = ResourcesBlock()
    partnership = PartnershipBlock()
    text = TextBlock()
    testimony = TestimonyBlock()


def kinds():
    """The kinds of block of a day's body (campaign.blocks.kind.BlockKind),
    in the order of the admin's block picker."""
    return list(DayBodyBlock.base_blocks.values())


def establishment_ids_in(raw_blocks):
    """Ids of the establishments of the actions in a body's raw data."""
    ids = set()
    for block in raw_blocks:
        if block["type"] == "actions":
            for action in block["value"].get("actions", []):
                # ListBlock items are stored as {"type": "item", "value": …}
                # (older data: the bare values).
                value = action.get("value", action)
                for item in value.get("establishments", []):
                    pk = item.get("value") if isinstance(item, dict) else item
                    if pk:
                        ids.add(pk)
    return ids
