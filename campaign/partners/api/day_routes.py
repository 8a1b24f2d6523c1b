"""The API's day routes: the live days of a campaign (filtered, paginated),
one day, and the preview of a draft through a signed token."""

import datetime as dt
from math import inf
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from ninja import Query
from wagtail.api.v3.pagination import _get_max_limit

from campaign.authoring import preview_tokens
from campaign.models import CampaignDayPage, CampaignPage
from campaign.partners import caching, headless
from campaign.partners.api.problems import CampaignAPIError
from campaign.partners.api.routing import (
    INVALID_PARAMETER,
    NOT_MODIFIED,
    OPERATION_ID_PREFIX,
    PUBLIC,
    UNKNOWN_PARAMETER,
    URL_NAME_PREFIX,
    answers,
    known_parameters_only,
    not_modified,
    router,
)
from campaign.partners.api.schemas import (
    AcademieCode,
    DayList,
    DayOut,
    DepartmentCode,
    KindCode,
)


def _campaign_or_404(slug, request):
    campaign = CampaignPage.objects.find_public(slug, request)
    if campaign is None:
        raise CampaignAPIError(
            404, _("No published campaign “%(slug)s”.") % {"slug": slug}
        )
    return campaign


def _days_version(days, campaign, request):
    """The version of an answer about `days` of `campaign` (ETag, Last-Modified)."""
    return headless.content_version(
        days,
        campaign.__class__.objects.filter(pk=campaign.pk),
        extra=request.get_full_path(),
    )


def _check_region_filters(campaign, department, academie):
    """400 for a department or académie of France that is not of the
    campaign's région académique (the OpenAPI enums list the whole country)."""
    region = campaign.academic_region
    if department and not region.has_department(department):
        raise CampaignAPIError(
            400,
            _(
                "department=%(code)s: this department is not in the %(region)s academic region of the campaign “%(slug)s”, which has %(codes)s."
            )
            % {
                "code": department,
                "region": region.name,
                "slug": campaign.slug,
                "codes": region.department_list(),
            },
        )
    if academie and not region.has_academie(academie):
        raise CampaignAPIError(
            400,
            _(
                "academie=%(code)s: this académie is not in the %(region)s academic region of the campaign “%(slug)s”, which has %(codes)s."
            )
            % {
                "code": academie,
                "region": region.name,
                "slug": campaign.slug,
                "codes": ", ".join(region.academie_codes),
            },
        )


@router.get(
    "/preview/",
    **answers(
        DayOut,
        gettext_lazy("The version of the day that the token designates."),
        {
            400: UNKNOWN_PARAMETER,
            404: gettext_lazy("Invalid or expired token."),
            422: gettext_lazy("Token missing."),
        },
    ),
    auth=PUBLIC,
    url_name=f"{URL_NAME_PREFIX}preview",
    summary=gettext_noop("Preview of an unpublished day (signed token)"),
    description=gettext_noop(
        "The version of a day designated by a preview token, issued from the "
        "admin and valid for an hour. Without a valid token: 404."
    ),
    operation_id=f"{OPERATION_ID_PREFIX}preview_day",
    exclude_none=True,
)
@known_parameters_only
def preview_day(request: HttpRequest, response: HttpResponse, token: str):
    found = preview_tokens.resolve(token)
    if found is None:
        raise CampaignAPIError(
            404, _("Invalid or expired preview token: ask for a new one.")
        )
    day, campaign = found
    caching.never_cache_private(response)
    response.headers["X-Robots-Tag"] = "noindex"
    return headless.day_dict(day, campaign, request)


@router.get(
    "/{slug}/days/",
    **answers(
        DayList,
        gettext_lazy("A page of the live days, by date."),
        {
            304: NOT_MODIFIED,
            400: gettext_lazy(
                "Unknown parameter (the detail suggests the nearest name), or limit above the maximum."
            ),
            404: gettext_lazy("No published campaign by this name."),
            422: INVALID_PARAMETER,
        },
    ),
    auth=PUBLIC,
    url_name=f"{URL_NAME_PREFIX}days",
    summary=gettext_noop("Published days of a campaign"),
    description=gettext_noop(
        "The live days of a campaign, by date, paginated as the rest of "
        "Wagtail’s API (`limit`/`offset`, envelope `{count, items}`)."
    ),
    operation_id=f"{OPERATION_ID_PREFIX}list_days",
    exclude_none=True,
)
@known_parameters_only
def list_days(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    date: Annotated[
        dt.date | None, Query(description=gettext_noop("A date (YYYY-MM-DD)."))
    ] = None,
    department: Annotated[
        DepartmentCode | None,
        Query(
            description=gettext_noop(
                "Days with an action of a school of the department."
            )
        ),
    ] = None,
    academie: Annotated[
        AcademieCode | None,
        Query(
            description=gettext_noop("Days with an action of a school of the académie.")
        ),
    ] = None,
    kind: Annotated[
        KindCode | None,
        Query(
            description=gettext_noop(
                "Days with an action of a school of this kind (collège, lycée, lycée professionnel…)."
            )
        ),
    ] = None,
    limit: Annotated[
        int, Query(ge=1, description=gettext_noop("Number of days per page."))
    ] = 20,
    offset: Annotated[
        int, Query(ge=0, description=gettext_noop("Rank of the first day."))
    ] = 0,
):
    max_limit = _get_max_limit()
    if max_limit != inf and limit > int(max_limit):
        raise CampaignAPIError(
            400,
            _("limit cannot be higher than %(max)s.") % {"max": int(max_limit)},
        )
    campaign = _campaign_or_404(slug, request)
    _check_region_filters(campaign, department, academie)
    days = CampaignDayPage.objects.public_of(campaign)
    if date is not None:
        days = days.filter(date=date)
    version = _days_version(days, campaign, request)
    unchanged = not_modified(request, response, version, caching.LIST_MAX_AGE)
    if unchanged is not None:
        return unchanged
    days = headless.filter_days(
        days, department=department, academie=academie, kind=kind
    )
    page = headless.prefetch_bodies(days[offset : offset + limit])
    resolver = headless.PublicLinkResolver(request)
    return {
        "count": len(days),
        "items": [headless.day_dict(day, campaign, request, resolver) for day in page],
    }


@router.get(
    "/{slug}/days/{date}/",
    **answers(
        DayOut,
        gettext_lazy("The day."),
        {
            304: NOT_MODIFIED,
            400: UNKNOWN_PARAMETER,
            404: gettext_lazy(
                "No published campaign by this name, or no live day on this date."
            ),
            422: gettext_lazy("Invalid date (YYYY-MM-DD expected)."),
        },
    ),
    auth=PUBLIC,
    url_name=f"{URL_NAME_PREFIX}day",
    summary=gettext_noop("A published day"),
    description=gettext_noop(
        "A live day, in the `persev-day/1` format (day.schema.json) with `id` "
        "and `url`: establishments expanded, rich text in HTML ready to show, "
        "with absolute links."
    ),
    operation_id=f"{OPERATION_ID_PREFIX}get_day",
    exclude_none=True,
)
@known_parameters_only
def get_day(request: HttpRequest, response: HttpResponse, slug: str, date: dt.date):
    campaign = _campaign_or_404(slug, request)
    days = CampaignDayPage.objects.public_of(campaign).filter(date=date)
    day = days.first()
    if day is None:
        raise CampaignAPIError(
            404,
            _("The campaign “%(slug)s” has no live day on %(date)s.")
            % {"slug": slug, "date": date.isoformat()},
        )
    version = _days_version(days, campaign, request)
    unchanged = not_modified(request, response, version, caching.DETAIL_MAX_AGE)
    if unchanged is not None:
        return unchanged
    return headless.day_dict(day, campaign, request)
