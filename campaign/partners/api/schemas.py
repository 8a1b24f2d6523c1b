"""Typed answers of the campaign API: every block and field described in OpenAPI.

The descriptions of the schema classes and of their fields are what partners
read in the OpenAPI document: English message ids, translated when the
document is served (French on the persev site). The blocks' own models are
their kinds' (`api_model`, campaign/blocks/).

A day is the `persev-day/1` interchange format (../shared/spec/day.schema.json)
plus `id`, `url` and expanded references. Optional texts are left out rather
than sent as null, as in the interchange format (the router answers with
`exclude_none`).
"""

import datetime as dt
from typing import Annotated, Literal, Union

from django.utils.translation import gettext_lazy as _
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
    # The description partners read (translated when the document is served).
    model_config = {
        "json_schema_extra": {
            "description": _("A parameter refused: where it is, and why.")
        }
    }

    loc: list[str | int] = Field(
        description=_(
            "Where: the part of the request (query, path), then the name of the "
            "parameter."
        )
    )
    msg: str = Field(description=_("Why, in French."))
    type: str = Field(description=_("The kind of error, stable (for programs)."))


class Problem(Schema):
    # A problem document (RFC 9457): the API's answer to every error.
    model_config = {
        "json_schema_extra": {
            "description": _(
                "Problem document (RFC 9457, application/problem+json): the API's "
                "answer to any error, in French."
            )
        }
    }

    type: str = Field(
        default="about:blank",
        description=_(
            "Address naming the kind of problem; about:blank when the HTTP code "
            "says it all."
        ),
    )
    title: str = Field(description=_("The name of the HTTP code, in French."))
    status: int = Field(description=_("The HTTP code of the answer."))
    detail: str = Field(
        default="", description=_("What happened and how to put it right.")
    )
    errors: list[ProblemError] | None = Field(
        default=None,
        description=_("The parameters refused, one per entry (422 answers)."),
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
    url: str = Field(description=_("Absolute public address of the campaign."))


class DepartmentOut(Schema):
    code: DepartmentCode
    name: str


class AcademieOut(Schema):
    code: AcademieCode
    name: str
    departments: list[DepartmentOut]


class CampaignListItem(CampaignOut):
    academies: list[AcademieOut] = Field(
        description=_(
            "The académies of the campaign's région académique and their "
            "départements: the values the academie and department filters of its "
            "days take."
        )
    )
    go_live_time: dt.time = Field(
        description=_("Time each day goes live (Paris time).")
    )
    days_url: str = Field(description=_("API address of the campaign's days."))
    feeds: dict[str, str] = Field(
        description=_("RSS, Atom and JSON Feed feeds and iCalendar calendar.")
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
    url: str = Field(description=_("Absolute public address of the day."))
    format: Literal["persev-day/1"]
    campaign: DayCampaign
    date: dt.date
    title: str
    last_published_at: dt.datetime | None = None
    body: list[Block]


class DayList(Schema):
    count: int
    items: list[DayOut]
