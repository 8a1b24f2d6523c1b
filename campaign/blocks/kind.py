"""What every kind of block of a day's body knows of itself.

A kind of block is one module of this package (``zoom.py``: the class, its
fields and admin form, and every conversion below), its templates in
``campaign/templates/campaign/blocks/<name>/`` (one per channel) and its
fragment of the ``persev-day/1`` schema in ``campaign/blocks/schemas/<name>.json``.
Code that handles a whole day (the interchange, the API, the newsletter
reader and writer, the e-mail, the widget, the feeds, the search index)
iterates over the kinds of :class:`~campaign.blocks.day_body.DayBodyBlock`
(`kinds()`) and asks them; it never names one. Adding a kind is adding its
module, its templates and its schema fragment, and naming it in
``DayBodyBlock``.

The conversions receive the outside world as a small context object made by
the caller (links, establishments, files, problems), so that a block, which
sits below the models and the flows, imports none of them.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, ClassVar, Protocol

from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from wagtail import blocks

from campaign.blocks.api_models import built_once
from campaign.blocks.establishments import EstablishmentChooserBlock
from campaign.blocks.rich_text import clean_rich_text
from campaign.formats.newsletter.grammar import Heading
from campaign.formats.newsletter.sections import Section, Writing

SCHEMAS = Path(__file__).resolve().parent / "schemas"

#: The channels a block renders to, each with its template
#: ``campaign/blocks/<name>/<channel>``. A kind without a template for a
#: channel is left out of that channel (the widget shows zoom and actions).
CHANNELS = ("page.html", "email.html", "email.txt", "widget.html", "feed.html")


class ExportContext(Protocol):
    """What a block asks when it leaves for the interchange or the API
    (campaign.authoring.interchange.day_json makes the interchange's,
    campaign.partners.headless the API's)."""

    def html(self, richtext: Any) -> str:
        """A rich text (stored) as interchange HTML (absolute links)."""

    def url_of(self, struct_value: Any) -> str:
        """The absolute address of a link to a page, a document or a URL
        ("" for a page that is not public)."""

    def establishment(self, establishment: Any) -> dict:
        """An establishment as the channel gives it: its name, town and
        département in the interchange, everything the API says of it there
        (both ``Establishment.as_dict``)."""

    def image(self, image: Any) -> dict | None:
        """An image as the channel gives it (the API: a rendition), or None
        where the channel has no images (the interchange)."""

    def left_out(self, what: str) -> None:
        """Say (in the log) that `what` could not be given and was left out."""


class ImportContext(Protocol):
    """What a block asks when it is read from the interchange."""

    def html(self, value: Any, where: list) -> str:
        """Interchange HTML (or anything) as stored rich text; what had to be
        simplified is reported at `where`."""

    def establishment_id(self, data: dict, where: list) -> int | None:
        """The id of the establishment a {"name", "town", "department"} dict
        stands for, or None after reporting a problem at `where`."""

    def problem(self, where: list, message: str) -> None:
        """Report a problem at `where` (a path into the document)."""


class BlockKind:
    """Mixin of the blocks named in ``DayBodyBlock``: one kind of block.

    Subclasses set `name` and implement the conversions; the defaults below
    are the ones a kind rarely needs to change."""

    #: The block's name in a day's body, the interchange and the API ("zoom").
    name: ClassVar[str] = ""

    # -- The interchange (persev-day/1) and the API -----------------------

    def to_interchange(self, value: Any, out: ExportContext) -> Any:
        """The block's value in the interchange form ("value" of a block), or
        None when nothing of it can be given (the block is then left out)."""
        raise NotImplementedError

    def to_api(self, value: Any, out: ExportContext) -> Any:
        """The block's value as the campaign API gives it (`api_model`): the
        interchange form, enriched by the API's context, unless the kind
        says otherwise."""
        return self.to_interchange(value, out)

    def from_interchange(self, data: Any, into: ImportContext, where: list) -> Any:
        """An interchange value as the raw StreamField value (values of the
        wrong type read as empty: the block's own checks run afterwards)."""
        raise NotImplementedError

    @classmethod
    def interchange_schema(cls) -> dict:
        """The JSON schema of the block's interchange value (its fragment)."""
        return _schema(cls.name)

    #: The API's model of the value (a ninja ``Schema``, or a type such as
    #: ``HTML``), for the OpenAPI document; the value itself is `to_api`.
    #: A model that needs the app registry is built on first use
    #: (`built_once`).
    api_model: ClassVar[Any] = None

    # -- Stored data (raw, unconverted: cheap to read for every day) ------

    def establishment_ids(self, raw: Any) -> set:
        """Ids of the establishments the block's raw value names."""
        return set(_chosen_establishments(self, raw))

    def listing_title(self, raw: Any) -> str:
        """The title a listing of days shows for the day when the block
        comes first with one (the zoom's), read from the raw value."""
        return ""

    def school_actions(self, value: Any) -> list:
        """The actions of schools the block holds (its converted value's
        action values: title, establishments, description, url), for the
        actions page of a campaign and the page of each establishment. Only
        the actions kind has any."""
        return []

    def clean_stored(self, raw: Any) -> Any:
        """The raw value with every rich text through the one sanitiser (no
        script, handler or javascript: link, whatever wrote it)."""
        return _cleaned(self, raw)

    # -- Text ------------------------------------------------------------

    def search_text(self, value: Any) -> str:
        """What the search index reads of the block beyond what Wagtail
        indexes of it (chooser blocks index nothing): the names and towns of
        the establishments it names, one per line."""
        return "\n".join(_establishment_lines(self, value))

    # -- Channels --------------------------------------------------------

    def channel_template(self, channel: str) -> str:
        return f"campaign/blocks/{self.name}/{channel}"

    def render_channel(self, value: Any, channel: str, context: dict) -> SafeString:
        """The block rendered for `channel` (one of CHANNELS), or "" when the
        kind has no template for it."""
        try:
            template = get_template(self.channel_template(channel))
        except TemplateDoesNotExist:
            return mark_safe("")
        return mark_safe(  # noqa: S308  (a template's own, escaped, output)
            template.render({**context, "self": value, "value": value})
        )

    # -- The newsletter text format -------------------------------------
    #
    # A letter is read line by line by
    # :mod:`campaign.authoring.interchange.newsletter`, which never names a
    # kind: it asks each kind whether a line opens one of its blocks (its
    # tags, then `newsletter_heading`), lets the kind's Section read the lines
    # up to the next heading, and writes each block with `to_newsletter`. A
    # kind implements them with the primitives of
    # :mod:`campaign.formats.newsletter` (lexer, grammar, rich text, sections,
    # messages) and says its own messages in its module. A new kind
    # (``{témoignage}``…) needs nothing more than these, in its own module.

    #: The tags that open a block of this kind on a line ``{tag} REST``,
    #: matched case- and accent-insensitively; the first is the one the
    #: writer writes. A kind with no heading of its own needs one.
    newsletter_tags: ClassVar[tuple[str, ...]] = ()

    #: Order in which the kinds' heading recognisers are tried (lower
    #: first): a recogniser that claims more lines runs after the others
    #: ("Quelques actions" would also claim "Actions de partenariat").
    newsletter_order: ClassVar[int] = 100

    def newsletter_heading(self, text: str, next_text: str | None) -> Heading | None:
        """The :class:`~campaign.formats.newsletter.grammar.Heading` (kind
        `name`) when the line `text` (stripped, escapes protected) opens a
        block of this kind without a tag; `next_text` is the next non-blank
        line. The closing and the credits are tried before, a tag line never
        reaches here. ``grammar.heading_text`` and ``grammar.short`` help."""
        return None

    def newsletter_section(self, line: int, heading: Heading) -> Section:
        """A new :class:`~campaign.formats.newsletter.sections.Section` for a
        block of this kind whose heading (read from a tag line or by
        `newsletter_heading`) stands on `line`. Its ``block()`` gives the
        block in the interchange form, ``{"type": name, "value": …}``."""
        raise NotImplementedError

    def to_newsletter(self, value: Any, writing: Writing) -> str:
        """The block's interchange value (as ``to_interchange`` gives it) as
        newsletter text, which its section reads back to the same value;
        `writing` escapes rich text and headings against every kind's
        recognisers (:class:`~campaign.formats.newsletter.sections.Writing`)."""
        raise NotImplementedError


@cache
def _schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))


# -- Reading interchange values ----------------------------------------------
# Values of the wrong type read as empty: the block's own checks then say
# what is missing, and the schema what was wrong.


def string(value) -> str:
    return value if isinstance(value, str) else ""


def text(value) -> str:
    """A one-line text, without its surrounding blanks."""
    return string(value).strip()


def mapping(value) -> dict:
    return value if isinstance(value, dict) else {}


def items(value) -> list:
    return value if isinstance(value, list) else []


# -- Walking a block's structure -----------------------------------------------
# What every kind has in common is found by walking its child blocks, so that
# a new kind gets it without a line: its rich texts cleaned, its chosen
# establishments in the region check and the search index.


def _children(block, raw):
    """(child block, its raw value) of a struct's or a list's raw value."""
    if isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child in block.child_blocks.items():
            if name in raw:
                yield name, child, raw[name]
    elif isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        for index, item in enumerate(raw):
            # ListBlock items are stored as {"type": "item", "value": …}
            # (older data: the bare values).
            if isinstance(item, dict) and "value" in item and "type" in item:
                yield index, block.child_block, item["value"]
            else:
                yield index, block.child_block, item


def _chosen_establishments(block, raw):
    if isinstance(block, EstablishmentChooserBlock):
        pk = raw.get("value") if isinstance(raw, dict) else raw
        if pk:
            yield pk
        return
    for _key, child, child_raw in _children(block, raw):
        yield from _chosen_establishments(child, child_raw)


def _cleaned(block, raw):
    if isinstance(block, blocks.RichTextBlock):
        return clean_rich_text(raw)
    if isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        cleaned = dict(raw)
        for name, child, child_raw in _children(block, raw):
            cleaned[name] = _cleaned(child, child_raw)
        return cleaned
    if isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        items = []
        for item, (_index, child, child_raw) in zip(
            raw, _children(block, raw), strict=True
        ):
            value = _cleaned(child, child_raw)
            if item is not child_raw:
                item = {**item, "value": value}
            else:
                item = value
            items.append(item)
        return items
    return raw


def _establishment_lines(block, value):
    """The "name town" of each establishment a block's value names, in order."""
    if isinstance(block, EstablishmentChooserBlock):
        if value is not None:
            yield f"{value.name} {value.town}"
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            yield from _establishment_lines(child, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in value or ():
            yield from _establishment_lines(block.child_block, item)


__all__ = [
    "CHANNELS",
    "BlockKind",
    "ExportContext",
    "ImportContext",
    "built_once",
    "items",
    "mapping",
    "string",
    "text",
]
