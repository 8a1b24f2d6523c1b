"""What the API's models of the blocks share (descriptions: English message
ids, translated when the OpenAPI document is served): rich text as HTML, images, and
`built_once` for a model that names a model's choices (read from the app
registry, ready when the API builds its document)."""

from typing import Annotated

from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

HTML = Annotated[
    str,
    Field(
        description=_(
            "Rich text as HTML ready to show: p, strong, em, sup, br, ul, ol, li "
            "and a[href] (absolute addresses)."
        ),
        json_schema_extra={"contentMediaType": "text/html"},
    ),
]


class ImageOut(Schema):
    url: str = Field(description=_("Absolute address of a rendition of the image."))
    width: int
    height: int
    alt: str = Field(description=_("Alternative text."))


class built_once:
    """A class attribute computed on first use."""

    def __init__(self, build):
        self.build = build
        self.__doc__ = build.__doc__

    def __get__(self, instance, owner=None):
        if not hasattr(self, "value"):
            self.value = self.build()
        return self.value
