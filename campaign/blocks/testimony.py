"""« Témoignage »: a quotation of a pupil, a parent or a member of staff.

A kind of block of a day's body (see :mod:`campaign.blocks.kind`): the
quotation, the person's first name, their role or class, their establishment
(optional) and an optional photo with its alternative text (required with a
photo). Its templates are in ``campaign/templates/campaign/blocks/testimony/``,
its fragment of the ``persev-day/1`` schema in ``schemas/testimony.json``,
its part of the newsletter text format's reading in ``testimony_text``.

The interchange value::

    {"quote": "…", "first_name": "Léa", "role": "élève de 3ᵉ",
     "establishment": {"name": …, "town": …, "department": …},   (optional)
     "photo": {"url": …, "alt": …}}                              (optional)

The photo leaves as an absolute rendition address with its alternative text
(the API adds its width and height, as for the resource links' images); it
comes back only when that address is one of this site's renditions (an
export read back keeps its photo), and is left out otherwise.

The newsletter text format (communicators type it)::

    {témoignage}

    « The quotation, on one or more lines,
    kept as written (a blank line in it is kept). »

    Léa, élève de 3^e — Collège Jean Moulin (Bordeaux - 33)

The tag (or ``{testimony}``; the quotation may start on its line), the
quotation between « and » (or “ ”, " "), then the author's line:
``FIRST NAME, ROLE`` with, optionally, `` — `` (or `` – ``, `` - ``) and the
establishment as the actions write it. The photo has no text form: the text
export leaves it out.

Visibility: a photo is shown to the public (page, API, feeds, widget,
e-mail) only when its collection has no view restriction; the day that uses
it being public is the caller's rule (:mod:`campaign.visibility`).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from wagtail import blocks
from wagtail.admin.utils import get_admin_base_url
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import CollectionViewRestriction

from campaign.blocks.api_models import ImageOut, built_once
from campaign.blocks.establishments import EstablishmentChooserBlock
from campaign.blocks.kind import BlockKind, mapping, string, text
from campaign.blocks.testimony_text import (
    TestimonySection,
    author_line,
    closing_escaped,
    quote_line,
)
from campaign.formats.newsletter.grammar import Heading
from campaign.formats.newsletter.sections import Section, Writing

#: The rendition partners, feeds and e-mail get (as the resource links').
PHOTO_RENDITION = "fill-400x400"


# -- the value ----------------------------------------------------------------------


def photo_is_public(image) -> bool:
    """Whether a chosen image may be shown to the public: it exists and its
    collection (or one above it) has no view restriction."""
    if image is None:
        return False
    collection = getattr(image, "collection", None)
    if collection is None:
        return True
    return not collection.get_view_restrictions().exists()


def absolute(url: str, request=None) -> str:
    if urlsplit(url).scheme:
        return url
    if request is not None:
        return request.build_absolute_uri(url)
    return get_admin_base_url() + url


class PhotoBatch:
    """A day's testimonies read together (``bulk_to_python``): what each
    photo costs otherwise per testimony (its collection, that collection's
    view restrictions, its renditions) is read for all of them, in a fixed
    number of queries, when the first of them asks for its public photo (the
    actions page and the establishments' pages never do: they pay nothing)."""

    def __init__(self, values) -> None:
        self.values = values
        self.settled = False

    def settle(self) -> None:
        if self.settled:
            return
        self.settled = True
        photos = [value.get("photo") for value in self.values if value.get("photo")]
        if not photos:
            for value in self.values:
                value._public_photo = None
            return
        Collection = photos[0]._meta.get_field("collection").related_model
        collections = Collection.objects.in_bulk(
            {photo.collection_id for photo in photos if photo.collection_id}
        )
        # A collection is restricted when it or one of its ancestors has a
        # view restriction: an ancestor's (treebeard) path starts its own.
        restricted = list(
            CollectionViewRestriction.objects.values_list("collection__path", flat=True)
        )
        public = {}
        for photo in photos:
            collection = collections.get(photo.collection_id)
            if collection is not None:
                photo.collection = collection  # the foreign key's cache
            if collection is None or not any(
                collection.path.startswith(path) for path in restricted
            ):
                public[photo.pk] = photo
        for value in self.values:
            photo = value.get("photo")
            value._public_photo = photo if photo and photo.pk in public else None
        prefetch_related_objects(list(public.values()), "renditions")


class TestimonyValue(blocks.StructValue):
    """A testimony, with what its templates need."""

    def public_photo(self):
        """The photo, when the public may see it (else None: not shown)."""
        batch = getattr(self, "_photo_batch", None)
        if batch is not None and not hasattr(self, "_public_photo"):
            batch.settle()
        if not hasattr(self, "_public_photo"):
            photo = self.get("photo")
            self._public_photo = photo if photo_is_public(photo) else None
        return self._public_photo

    def photo_data(self, request=None, *, size=True) -> dict | None:
        """The public photo as partners get it: an absolute rendition
        address, its size (unless not `size`: the interchange format has
        no numbers) and the alternative text."""
        photo = self.public_photo()
        if photo is None:
            return None
        rendition = photo.get_rendition(PHOTO_RENDITION)
        data = {"url": absolute(rendition.url, request)}
        if size:
            data.update(width=rendition.width, height=rendition.height)
        data["alt"] = self.get("photo_alt") or ""
        return data


# -- the API's model ------------------------------------------------------------------


def _api_model():
    """The API's model of a testimony (its establishment as the API gives
    every establishment)."""

    class TestimonyOut(Schema):
        # The description partners read (translated when the document is served).
        model_config = {
            "json_schema_extra": {
                "description": _(
                    "A testimony: a quotation, the person’s first name, their "
                    "role or class and, optionally, their establishment and photo."
                )
            }
        }

        quote: str = Field(min_length=1, description=_("The quotation, as plain text."))
        first_name: str = Field(min_length=1, description=_("The person’s first name."))
        role: str = Field(description=_("Their role or class (“élève de 3ᵉ”…)."))
        establishment: EstablishmentChooserBlock.api_model | None = None
        photo: ImageOut | None = Field(
            default=None,
            description=_("The photo (a rendition, its alternative text), if any."),
        )

    return TestimonyOut


# -- the block ----------------------------------------------------------------------


class TestimonyBlock(BlockKind, blocks.StructBlock):
    """A testimony: what a pupil, a parent or a member of staff says."""

    name = "testimony"

    @built_once
    def api_model():
        return _api_model()

    quote = blocks.TextBlock(
        label=_("Quotation"),
        max_length=1000,
        help_text=_("The person’s words, without quotation marks."),
    )
    first_name = blocks.CharBlock(
        label=_("First name"),
        max_length=100,
        help_text=_("The first name only: never a surname for a pupil."),
    )
    role = blocks.CharBlock(
        label=_("Role or class"),
        max_length=200,
        help_text=_("For example “pupil in 3ᵉ”, “teacher”, “parent”."),
    )
    establishment = EstablishmentChooserBlock(required=False)
    photo = ImageChooserBlock(
        required=False,
        label=_("Photo"),
        help_text=_(
            "Optional: only with the consent of the person (or their parents)."
        ),
    )
    photo_alt = blocks.CharBlock(
        required=False,
        max_length=250,
        label=_("Alternative text of the photo"),
        help_text=_(
            "Required with a photo: what it shows, for those who cannot see it."
        ),
    )

    def bulk_to_python(self, values):
        """A day's testimonies at once (StreamValue reads each kind's values
        so): their photos' visibility and renditions settled together."""
        values = super().bulk_to_python(values)
        batch = PhotoBatch(values)
        for value in values:
            value._photo_batch = batch
        return values

    def clean(self, value):
        value = super().clean(value)
        if value.get("photo") and not (value.get("photo_alt") or "").strip():
            raise StructBlockValidationError(
                block_errors={
                    "photo_alt": ValidationError(
                        _("Describe the photo: its alternative text is required.")
                    )
                }
            )
        return value

    def get_searchable_content(self, value):
        """What the index (and the site search's excerpts) read: the photo's
        alternative text only when the public may see the photo (that of a
        photo of a restricted collection describes what is not shown)."""
        content = []
        for name, child in self.child_blocks.items():
            if name == "photo_alt" and value.public_photo() is None:
                continue
            content.extend(child.get_searchable_content(value.get(name)))
        return content

    # -- the interchange and the API ------------------------------------------------

    def to_interchange(self, value: Any, out: Any) -> dict:
        """The interchange value; the photo too, as an absolute rendition
        address on the site's base URL and its alternative text (the e-mail
        shows it; an import finds it back by that address)."""
        return self._out(value, out.establishment, value.photo_data(size=False))

    def to_api(self, value: Any, out: Any) -> dict:
        """The API's value: the establishment as the API gives it, the
        photo as the API gives images (at the request's address)."""
        photo = value.public_photo()
        data = out.image(photo) if photo is not None else None
        if data is not None:
            data = {**data, "alt": value.get("photo_alt") or ""}
        return self._out(value, out.establishment, data or value.photo_data())

    def _out(self, value, establishment_data, photo):
        data = {
            "quote": value["quote"],
            "first_name": value["first_name"],
            "role": value["role"],
        }
        if value.get("establishment") is not None:
            data["establishment"] = establishment_data(value["establishment"])
        if photo is not None:
            data["photo"] = photo
        return data

    def from_interchange(self, data: Any, into: Any, where: list) -> dict:
        data = mapping(data)
        establishment_id = None
        if isinstance(data.get("establishment"), dict):
            establishment_id = into.establishment_id(
                data["establishment"], [*where, "establishment"]
            )
        photo = mapping(data.get("photo"))
        photo_id = image_id_of_rendition(string(photo.get("url")))
        return {
            "quote": text(data.get("quote")),
            "first_name": text(data.get("first_name")),
            "role": text(data.get("role")),
            "establishment": establishment_id,
            "photo": photo_id,
            "photo_alt": text(photo.get("alt")) if photo_id else "",
        }

    def get_api_representation(self, value, context=None):
        """Wagtail's API v3 (pages' body): as the campaign API gives it."""
        request = (context or {}).get("request")
        chooser = self.child_blocks["establishment"]
        return self._out(
            value,
            lambda establishment: chooser.get_api_representation(
                establishment, context
            ),
            value.photo_data(request),
        )

    # -- The newsletter text format (BlockKind) -------------------------

    newsletter_tags = ("témoignage", "testimony")

    def newsletter_section(self, line: int, heading: Heading) -> Section:
        return TestimonySection(self.name, line)

    def to_newsletter(self, value, writing: Writing) -> str:
        """``{témoignage}``, the quotation between « », the author's line
        (the photo has no text form: it is left out)."""
        quote = (value.get("quote") or "").replace("\r\n", "\n").split("\n")
        # A line ending with a closing mark of its own would close it early.
        lines = [closing_escaped(quote_line(line)) for line in quote]
        lines[0] = "« " + lines[0]
        lines[-1] += " »"
        written = [writing.line(line) if line else "" for line in lines]
        author = writing.line(author_line(value))
        tag = "{" + self.newsletter_tags[0] + "}"
        return "\n\n".join([tag, "\n".join(written), author])

    class Meta:
        icon = "openquote"
        label = _("Testimony")
        description = _(
            "A quotation of a pupil, a parent or a member of staff, with their "
            "first name, role and establishment."
        )
        value_class = TestimonyValue
        template = "campaign/blocks/testimony/page.html"
        # The admin's block picker shows it with the public styles (and the
        # DSFR quote component's).
        preview_template = "campaign/blocks/testimony/preview.html"
        preview_value = {
            "quote": "Au début je ne voulais pas venir au collège. Le tutorat "
            "m’a redonné confiance : maintenant je sais ce que je veux faire.",
            "first_name": "Léa",
            "role": "élève de 3ᵉ",
            "establishment": None,
            "photo": None,
            "photo_alt": "",
        }


def image_id_of_rendition(url: str) -> int | None:
    """The id of the image whose rendition (or original file) is at `url`,
    an address this site gave out; None for any other address, and for an
    image the public may not see (an export never gives one out: an import
    that names its file must not attach it behind the chooser's back)."""
    path = unquote(urlsplit(url).path)
    match = re.search(r"/((?:images|original_images)/[^/]+)$", path)
    if match is None:
        return None
    name = match[1]
    Image = get_image_model()
    Rendition = Image.get_rendition_model()
    found = Rendition.objects.filter(file=name).values_list("image_id", flat=True)
    image_id = found.first() or (
        Image.objects.filter(file=name).values_list("pk", flat=True).first()
    )
    if image_id is None:
        return None
    image = Image.objects.select_related("collection").get(pk=image_id)
    return image_id if photo_is_public(image) else None
