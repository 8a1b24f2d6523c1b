"""Typed answers of the campaign API: every block and field described in OpenAPI.

The docstrings of the schema classes and the `description` of their fields
are what partners read in the OpenAPI document: they are in French.

A day is the `persev-day/1` interchange format (../shared/spec/day.schema.json)
plus `id`, `url` and expanded references. Optional texts are left out rather
than sent as null, as in the interchange format (the router answers with
`exclude_none`).
"""

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Schema

from campaign.reference.regions import DEPARTMENTS

DepartmentCode = Literal[tuple(DEPARTMENTS)]
AcademieCode = Literal["bordeaux", "limoges", "poitiers"]

HTML = Annotated[
    str,
    Field(
        description="Texte riche en HTML prêt à afficher : p, strong, em, sup, br, "
        "ul, ol, li et a[href] (adresses absolues).",
        json_schema_extra={"contentMediaType": "text/html"},
    ),
]


class ProblemError(Schema):
    """Un paramètre refusé : où il est, et pourquoi."""

    loc: list[str | int] = Field(
        description="Où : la partie de la requête (query, path) puis le nom du "
        "paramètre."
    )
    msg: str = Field(description="Pourquoi, en français.")
    type: str = Field(description="Le genre d’erreur, stable (pour les programmes).")


class Problem(Schema):
    """Document de problème (RFC 9457, application/problem+json) : la réponse
    de l’API à toute erreur, en français."""

    type: str = Field(
        default="about:blank",
        description="Adresse qui désigne le genre de problème ; about:blank quand "
        "le code HTTP suffit à le dire.",
    )
    title: str = Field(description="Le nom du code HTTP, en français.")
    status: int = Field(description="Le code HTTP de la réponse.")
    detail: str = Field(
        default="", description="Ce qui s’est passé et comment y remédier."
    )
    errors: list[ProblemError] | None = Field(
        default=None,
        description="Les paramètres refusés, un par entrée (réponses 422).",
    )


class CampaignOut(Schema):
    id: int
    slug: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    region: str
    start_date: dt.date
    end_date: dt.date
    intro: HTML
    closing: HTML
    credits: HTML
    url: str = Field(description="Adresse publique absolue de la campagne.")


class CampaignListItem(CampaignOut):
    go_live_time: dt.time = Field(
        description="Heure de mise en ligne de chaque journée (heure de Paris)."
    )
    days_url: str = Field(description="Adresse API des journées de la campagne.")
    feeds: dict[str, str] = Field(
        description="Flux RSS, Atom, JSON Feed et calendrier iCalendar."
    )


class CampaignList(Schema):
    count: int
    items: list[CampaignListItem]


class EstablishmentOut(Schema):
    id: int
    name: str
    town: str
    department: DepartmentCode
    department_name: str
    academie: AcademieCode
    academie_label: str
    kind: str


class ActionOut(Schema):
    title: str = Field(min_length=1)
    establishments: list[EstablishmentOut] = Field(min_length=1)
    description: HTML | None = None
    url: str | None = Field(default=None, description="Adresse absolue (uri).")


class ActionsValue(Schema):
    heading: str
    actions: list[ActionOut] = Field(min_length=1)


class ImageOut(Schema):
    url: str = Field(description="Adresse absolue d’un rendu de l’image.")
    width: int
    height: int
    alt: str = Field(description="Texte alternatif.")


class ResourceLinkOut(Schema):
    title: str = Field(min_length=1)
    url: str = Field(description="Adresse absolue (uri).")
    source: str | None = None
    image: ImageOut | None = None


class ResourcesValue(Schema):
    heading: str
    links: list[ResourceLinkOut]


class ZoomValue(Schema):
    title: str = Field(min_length=1)
    body: HTML


class PartnershipValue(Schema):
    heading: str
    body: HTML


class ActionsBlockOut(Schema):
    type: Literal["actions"]
    value: ActionsValue
    id: str | None = None


class ZoomBlockOut(Schema):
    type: Literal["zoom"]
    value: ZoomValue
    id: str | None = None


class ResourcesBlockOut(Schema):
    type: Literal["resources"]
    value: ResourcesValue
    id: str | None = None


class PartnershipBlockOut(Schema):
    type: Literal["partnership"]
    value: PartnershipValue
    id: str | None = None


class TextBlockOut(Schema):
    type: Literal["text"]
    value: HTML
    id: str | None = None


Block = Annotated[
    ActionsBlockOut
    | ZoomBlockOut
    | ResourcesBlockOut
    | PartnershipBlockOut
    | TextBlockOut,
    Field(discriminator="type"),
]


class DayCampaign(Schema):
    id: int
    slug: str
    title: str
    region: str
    start_date: dt.date
    end_date: dt.date
    intro: HTML
    closing: HTML
    credits: HTML
    url: str


class DayOut(Schema):
    id: int
    url: str = Field(description="Adresse publique absolue de la journée.")
    format: Literal["persev-day/1"]
    campaign: DayCampaign
    date: dt.date
    title: str
    last_published_at: dt.datetime | None = None
    body: list[Block]


class DayList(Schema):
    count: int
    items: list[DayOut]
