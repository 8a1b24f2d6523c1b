"""The body of a day: its StreamBlock, and what its raw data names.

The functions here handle a whole body by asking each block's kind
(campaign.blocks.kind.BlockKind); they never name one."""

from wagtail import blocks

from campaign.blocks.actions import ActionsBlock
from campaign.blocks.partnership import PartnershipBlock
from campaign.blocks.resources import ResourcesBlock
from campaign.blocks.text import TextBlock
from campaign.blocks.zoom import ZoomBlock


class DayBodyBlock(blocks.StreamBlock):
    """The body of a day: blocks in any order, each repeatable."""

    actions = ActionsBlock()
    zoom = ZoomBlock()
    resources = ResourcesBlock()
    partnership = PartnershipBlock()
    text = TextBlock()


def kinds(stream_block=None):
    """The kinds of block of a day's body (campaign.blocks.kind.BlockKind),
    in the order of the admin's block picker; those of `stream_block` when
    given (a StreamBlock instance or class)."""
    if stream_block is None:
        return list(DayBodyBlock.base_blocks.values())
    if isinstance(stream_block, type):
        return list(stream_block.base_blocks.values())
    return list(stream_block.child_blocks.values())


def kinds_by_name(stream_block=None):
    return {kind.name: kind for kind in kinds(stream_block)}


def establishment_ids_in(raw_blocks, stream_block=None):
    """Ids of the establishments a body's raw data names (its actions')."""
    by_name = kinds_by_name(stream_block)
    ids = set()
    for block in raw_blocks:
        kind = by_name.get(block.get("type"))
        if kind is not None:
            ids |= kind.establishment_ids(block.get("value"))
    return ids


def listing_title(raw_blocks, stream_block=None):
    """The title a listing of days shows for a body (its first zoom's title),
    read from its raw data: converting it would load every establishment."""
    by_name = kinds_by_name(stream_block)
    for block in raw_blocks:
        kind = by_name.get(block.get("type"))
        title = kind.listing_title(block.get("value")) if kind is not None else ""
        if title:
            return title
    return ""


def cleaned_body(raw_blocks, stream_block=None):
    """The raw data of a body with every rich text cleaned by the one
    sanitiser (BlockKind.clean_stored)."""
    by_name = kinds_by_name(stream_block)
    cleaned = []
    for block in raw_blocks:
        block = dict(block)
        kind = by_name.get(block.get("type"))
        if kind is not None:
            block["value"] = kind.clean_stored(block.get("value"))
        cleaned.append(block)
    return cleaned


def search_text(body):
    """What the search index reads of a body (a StreamValue) beyond what
    Wagtail indexes of it, block by block (BlockKind.search_text)."""
    texts = (child.block.search_text(child.value) for child in body)
    return "\n".join(text for text in texts if text)
