"""Typed answers of the campaign API: every block and field described in OpenAPI.

The docstrings of the schema classes and the `description` of their fields
are what partners read in the OpenAPI document: they are in French.

A day is the `persev-day/1` interchange format (../shared/spec/day.schema.json)
plus `id`, `url` and expanded references. Optional texts are left out rather
than sent as null, as in the interchange format (the router answers with
`exclude_none`).
"""

import datetime as dt
from typing import Annotated, Literal, Union

from ninja import Field, Schema
from pydantic import create_model

from campaign.blocks.api_models import HTML
from campaign.blocks.day_body import kinds
from campaign.blocks.establishments import (
    AcademieCode,
    DepartmentCode,
    EstablishmentChooserBlock,
)
from campaign.models import EstablishmentKind

KindCode = Literal[tuple(EstablishmentKind.values)]


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


class DepartmentOut(Schema):
    code: DepartmentCode
    name: str


class AcademieOut(Schema):
    code: AcademieCode
    name: str
    departments: list[DepartmentOut]


class CampaignListItem(CampaignOut):
    academies: list[AcademieOut] = Field(
        description="Les académies de la région académique de la campagne et leurs "
        "départements : les valeurs que prennent les filtres academie et "
        "department de ses journées."
    )
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


EstablishmentOut = EstablishmentChooserBlock.api_model


def block_model(kind):
    """The API's model of a block of `kind`: its type, its value (the kind's
    own `api_model`) and its id ("ZoomBlockOut")."""
    return create_model(
        f"{kind.name.title().replace('_', '')}BlockOut",
        __base__=Schema,
        type=(Literal[kind.name], ...),
        value=(kind.api_model, ...),
        id=(str | None, None),
    )


Block = Annotated[
    Union[tuple(block_model(kind) for kind in kinds())],  # noqa: UP007
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
