"""« Témoignage »: a quotation of a pupil, a parent or a member of staff.

A kind of block of a day's body (see :mod:`campaign.blocks.kind`): the
quotation, the person's first name, their role or class, their establishment
(optional) and an optional photo with its alternative text (required with a
photo). Its templates are in ``campaign/templates/campaign/blocks/testimony/``,
its fragment of the ``persev-day/1`` schema in ``schemas/testimony.json``.

The interchange value::

    {"quote": "…", "first_name": "Léa", "role": "élève de 3ᵉ",
     "establishment": {"name": …, "town": …, "department": …},   (optional)
     "photo": {"url": …, "width": …, "height": …, "alt": …}}     (optional)

The photo leaves as an absolute rendition address, as the resource links'
images do; it comes back only when that address is one of this site's
renditions (an export read back keeps its photo), and is left out otherwise.

The newsletter text format (communicators type it)::

    {témoignage}
    « La quotation, on one or more lines. »
    Léa, élève de 3^e — Collège Jean Moulin (Bordeaux - 33)

the attribution line being ``FIRST NAME, ROLE`` with, optionally, `` — ``
(or `` – ``, `` - ``) and the establishment as the actions write it. The
photo has no text form: the text export leaves it out.

Visibility: a photo is shown to the public (page, API, feeds, widget,
e-mail) only when its collection has no view restriction; the day that uses
it being public is the caller's rule (:mod:`campaign.visibility`).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from wagtail import blocks
from wagtail.admin.utils import get_admin_base_url
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock

from campaign.blocks.establishments import EstablishmentChooserBlock
from campaign.blocks.kind import BlockKind

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


class TestimonyValue(blocks.StructValue):
    """A testimony, with what its templates need."""

    def public_photo(self):
        """The photo, when the public may see it (else None: not shown)."""
        if not hasattr(self, "_public_photo"):
            photo = self.get("photo")
            self._public_photo = photo if photo_is_public(photo) else None
        return self._public_photo

    def photo_data(self, request=None) -> dict | None:
        """The public photo as partners get it: an absolute rendition
        address, its size and the alternative text."""
        photo = self.public_photo()
        if photo is None:
            return None
        rendition = photo.get_rendition(PHOTO_RENDITION)
        return {
            "url": absolute(rendition.url, request),
            "width": rendition.width,
            "height": rendition.height,
            "alt": self.get("photo_alt") or "",
        }

    def establishment_data(self) -> dict | None:
        establishment = self.get("establishment")
        if establishment is None:
            return None
        return {
            "name": establishment.name,
            "town": establishment.town,
            "department": establishment.department,
        }

    def attribution(self) -> str:
        """« Léa, élève de 3ᵉ — Collège Jean Moulin (Bordeaux - 33) »."""
        text = ", ".join(
            part for part in (self.get("first_name"), self.get("role")) if part
        )
        establishment = self.get("establishment")
        if establishment is not None:
            text += (
                f" — {establishment.name} "
                f"({establishment.town} - {establishment.department})"
            )
        return text


# -- the API's model ------------------------------------------------------------------


class TestimonyPhotoOut(Schema):
    url: str = Field(description="Adresse absolue d’un rendu de la photo.")
    width: int
    height: int
    alt: str = Field(description="Texte alternatif de la photo.")


class TestimonyEstablishmentOut(Schema):
    id: int
    name: str
    town: str
    department: str
    academie: str


class TestimonyOut(Schema):
    """Un témoignage : une citation, le prénom de la personne, son rôle ou sa
    classe, son établissement et une photo (facultatifs)."""

    quote: str = Field(min_length=1, description="La citation, en texte brut.")
    first_name: str = Field(min_length=1, description="Le prénom de la personne.")
    role: str = Field(description="Son rôle ou sa classe (« élève de 3ᵉ »…).")
    establishment: TestimonyEstablishmentOut | None = None
    photo: TestimonyPhotoOut | None = None


# -- the block ----------------------------------------------------------------------


class TestimonyBlock(BlockKind, blocks.StructBlock):
    """A testimony: what a pupil, a parent or a member of staff says."""

    name = "testimony"
    api_model = TestimonyOut

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

    # -- the interchange and the API ------------------------------------------------

    def to_interchange(self, value: Any, out: Any = None) -> dict:
        data = {
            "quote": value["quote"],
            "first_name": value["first_name"],
            "role": value["role"],
        }
        establishment = value.establishment_data()
        if establishment is not None:
            data["establishment"] = establishment
        photo = value.photo_data()
        if photo is not None:
            data["photo"] = photo
        return data

    def from_interchange(self, data: Any, into: Any, where: list) -> dict:
        data = data if isinstance(data, dict) else {}
        establishment = data.get("establishment")
        establishment_id = None
        if isinstance(establishment, dict):
            establishment_id = into.establishment_id(
                establishment, [*where, "establishment"]
            )
        photo = data.get("photo")
        photo_id, alt = None, ""
        if isinstance(photo, dict):
            photo_id = image_id_of_rendition(_str(photo.get("url")))
            alt = _str(photo.get("alt")).strip() if photo_id else ""
        return {
            "quote": _str(data.get("quote")).strip(),
            "first_name": _str(data.get("first_name")).strip(),
            "role": _str(data.get("role")).strip(),
            "establishment": establishment_id,
            "photo": photo_id,
            "photo_alt": alt,
        }

    def get_api_representation(self, value, context=None):
        request = (context or {}).get("request")
        data = {
            "quote": value["quote"],
            "first_name": value["first_name"],
            "role": value["role"],
        }
        establishment = value.get("establishment")
        if establishment is not None:
            data["establishment"] = self.child_blocks[
                "establishment"
            ].get_api_representation(establishment, context)
        photo = value.photo_data(request)
        if photo is not None:
            data["photo"] = photo
        return data

    # -- text ---------------------------------------------------------------------

    def search_text(self, value: Any) -> str:
        parts = [value["quote"], value["first_name"], value["role"]]
        establishment = value.get("establishment")
        if establishment is not None:
            parts += [establishment.name, establishment.town]
        return "\n".join(part for part in parts if part)

    def get_searchable_content(self, value):
        return [self.search_text(value)]

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


def _str(value) -> str:
    return value if isinstance(value, str) else ""


def image_id_of_rendition(url: str) -> int | None:
    """The id of the image whose rendition (or original file) is at `url`,
    an address this site gave out; None for any other address."""
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
    return image_id
