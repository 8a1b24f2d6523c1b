"""What the API's models of the blocks share: rich text as HTML, images, and
`built_once` for a model that names a model's choices (read from the app
registry, ready when the API builds its document)."""

from typing import Annotated

from ninja import Field, Schema

HTML = Annotated[
    str,
    Field(
        description="Texte riche en HTML prêt à afficher : p, strong, em, sup, br, "
        "ul, ol, li et a[href] (adresses absolues).",
        json_schema_extra={"contentMediaType": "text/html"},
    ),
]


class ImageOut(Schema):
    url: str = Field(description="Adresse absolue d’un rendu de l’image.")
    width: int
    height: int
    alt: str = Field(description="Texte alternatif.")


class built_once:
    """A class attribute computed on first use."""

    def __init__(self, build):
        self.build = build
        self.__doc__ = build.__doc__

    def __get__(self, instance, owner=None):
        if not hasattr(self, "value"):
            self.value = self.build()
        return self.value
