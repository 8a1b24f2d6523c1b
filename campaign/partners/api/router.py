"""The campaign router of Wagtail's API v3: campaigns and their live days.

Public and read-only: anonymous reads only ever see live, public campaigns
and the live, public days of those campaigns (a bearer token changes
nothing here). A draft is shown only through `preview/` with a signed token
issued in the admin (campaign/authoring/preview_tokens.py).
"""

import datetime as dt
import difflib
import functools
import inspect
from math import inf
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.utils.translation import gettext_noop as N_
from ninja import Query, Router
from wagtail.api.v3.auth import AllowAnonymous
from wagtail.api.v3.pagination import _get_max_limit

from campaign.authoring import preview_tokens
from campaign.models import CampaignDayPage, CampaignPage
from campaign.partners import caching, headless
from campaign.partners.api.problems import CampaignAPIError
from campaign.partners.api.schemas import (
    AcademieCode,
    CampaignList,
    DayList,
    DayOut,
    DepartmentCode,
    KindCode,
    Problem,
)

TAG = "campagnes"
TAG_DESCRIPTION = gettext_lazy(
    "The published campaigns of the School Perseverance Week and their live days: read only, without authentication."
)
router = Router(tags=[TAG])

# url_name of every operation of this router starts with this.
URL_NAME_PREFIX = "campaign_api_"
# The operationId of each operation in the OpenAPI document, which client
# generators name their functions after: written out, so that it does not
# follow this module's path.
OPERATION_ID_PREFIX = "campaign_api_router_"

PUBLIC = [AllowAnonymous()]

# What the answers of the campaign routes mean, in the OpenAPI document.
# Every error is a translated problem document (`Problem`, sent as
# application/problem+json: campaign.partners.api.openapi declares it so).
NOT_MODIFIED = gettext_lazy(
    "No change since the client’s copy (If-None-Match or If-Modified-Since): no body."
)
UNKNOWN_PARAMETER = gettext_lazy(
    "Unknown parameter: the detail suggests the nearest name and lists those accepted."
)
INVALID_PARAMETER = gettext_lazy("Invalid parameter: `errors` says which one and why.")
UNAVAILABLE = {
    "description": gettext_lazy(
        "Service temporarily unavailable: try again after the number of seconds of the Retry-After header."
    ),
    "headers": {
        "Retry-After": {
            "description": gettext_lazy("Seconds to wait before trying again."),
            "schema": {"type": "integer"},
        }
    },
}


def answers(ok, ok_description, statuses):
    """`response` and `openapi_extra` of a route answering `ok` (200) or one
    of `statuses` ({status: description}). A 503 (database out of
    reach) may come from any route."""
    described = {200: {"description": ok_description}}
    described.update(
        (status, {"description": description})
        for status, description in statuses.items()
    )
    described[503] = UNAVAILABLE
    response = {200: ok, **{status: Problem for status in described if status >= 400}}
    return {"response": response, "openapi_extra": {"responses": described}}


# Query parameters no campaign route reads, and none refuses.
IGNORED_PREFIXES = ("_", "utm_")
IGNORED_PARAMETERS = {"fbclid", "gclid", "msclkid", "mc_cid", "mc_eid"}


def known_parameters_only(view):
    """Answer 400 to a query parameter `view` does not take.

    A misspelt filter (`?departement=86`) would otherwise be ignored and the
    partner would get every day, unfiltered, without knowing it. Let through:
    parameters starting with "_", the usual cache-busters of script
    libraries (`?_=1733390000`), and the tracking parameters that shared
    links carry (`utm_…`, `fbclid`, `gclid`…), which never filter anything.
    """
    taken = [
        name
        for name in inspect.signature(view).parameters
        if name not in ("request", "response")
    ]

    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        in_path = request.resolver_match.kwargs if request.resolver_match else {}
        accepted = [name for name in taken if name not in in_path]
        unknown = [
            name
            for name in request.GET
            if name not in accepted
            and not name.startswith(IGNORED_PREFIXES)
            and name not in IGNORED_PARAMETERS
        ]
        if unknown:
            raise CampaignAPIError(400, _unknown_parameters_detail(unknown, accepted))
        return view(request, *args, **kwargs)

    return checked


def _unknown_parameters_detail(unknown, accepted):
    names = ", ".join(unknown)
    detail = ngettext(
        "Unknown parameter: %(names)s.", "Unknown parameters: %(names)s.", len(unknown)
    ) % {"names": names}
    guesses = {
        name: guess[0]
        for name in unknown
        if (guess := difflib.get_close_matches(name, accepted, n=1))
    }
    if len(unknown) == 1 and guesses:
        detail += " " + _("Did you mean “%(guess)s”?") % {"guess": guesses[unknown[0]]}
    elif guesses:
        detail += " " + _("Did you mean %(guesses)s?") % {
            "guesses": ", ".join(
                _("“%(guess)s” instead of “%(name)s”") % {"guess": guess, "name": name}
                for name, guess in guesses.items()
            )
        }
    if accepted:
        detail += " " + _("Accepted parameters: %(names)s.") % {
            "names": ", ".join(accepted)
        }
    else:
        detail += " " + _("This address takes no parameter.")
    return detail


def _absolute(request, name, **kwargs):
    return request.build_absolute_uri(reverse(name, kwargs=kwargs))


def _campaign_or_404(slug, request):
    campaign = CampaignPage.objects.find_public(slug, request)
    if campaign is None:
        raise CampaignAPIError(
            404, _("No published campaign “%(slug)s”.") % {"slug": slug}
        )
    return campaign


def _not_modified(request, response, version, max_age):
    """304 when the client's copy is current; else validators on `response`."""
    unchanged = caching.not_modified(request, version, max_age)
    if unchanged is None:
        caching.set_validators(response, version, max_age)
    return unchanged


def _days_version(days, campaign, request):
    """The version of an answer about `days` of `campaign` (ETag, Last-Modified)."""
    return headless.content_version(
        days,
        campaign.__class__.objects.filter(pk=campaign.pk),
        extra=request.get_full_path(),
    )


def _campaign_item(campaign, request):
    data = headless.campaign_dict(campaign, request)
    data["go_live_time"] = campaign.go_live_time
    data["days_url"] = _absolute(
        request, f"wagtailapi_v3:{URL_NAME_PREFIX}days", slug=campaign.slug
    )
    data["feeds"] = {
        kind: _absolute(request, f"campaign:{kind}", slug=campaign.slug)
        for kind in ("rss", "atom", "json_feed", "ical")
    }
    data["academies"] = [
        {
            "code": academie.code,
            "name": academie.name,
            "departments": [
                {"code": code, "name": name} for code, name in academie.departments
            ],
        }
        for academie in campaign.academic_region.academies
    ]
    return data


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
    "/",
    **answers(
        CampaignList,
        gettext_lazy("The published campaigns."),
        {304: NOT_MODIFIED, 400: UNKNOWN_PARAMETER},
    ),
    auth=PUBLIC,
    url_name=f"{URL_NAME_PREFIX}list",
    summary=N_("Published campaigns"),
    description=N_(
        "The site’s published campaigns, latest first, with their dates, their "
        "addresses and their feeds."
    ),
    operation_id=f"{OPERATION_ID_PREFIX}list_campaigns",
    exclude_none=True,
)
@known_parameters_only
def list_campaigns(request: HttpRequest, response: HttpResponse):
    campaigns = CampaignPage.objects.public_for(request)
    version = headless.content_version(campaigns, extra=request.get_host())
    unchanged = _not_modified(request, response, version, caching.LIST_MAX_AGE)
    if unchanged is not None:
        return unchanged
    items = [_campaign_item(campaign, request) for campaign in campaigns]
    return {"count": len(items), "items": items}


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
    summary=N_("Preview of an unpublished day (signed token)"),
    description=N_(
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
    summary=N_("Published days of a campaign"),
    description=N_(
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
        dt.date | None, Query(description=N_("A date (YYYY-MM-DD)."))
    ] = None,
    department: Annotated[
        DepartmentCode | None,
        Query(description=N_("Days with an action of a school of the department.")),
    ] = None,
    academie: Annotated[
        AcademieCode | None,
        Query(description=N_("Days with an action of a school of the académie.")),
    ] = None,
    kind: Annotated[
        KindCode | None,
        Query(
            description=N_(
                "Days with an action of a school of this kind (collège, lycée, lycée professionnel…)."
            )
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, description=N_("Number of days per page."))] = 20,
    offset: Annotated[int, Query(ge=0, description=N_("Rank of the first day."))] = 0,
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
    unchanged = _not_modified(request, response, version, caching.LIST_MAX_AGE)
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
    summary=N_("A published day"),
    description=N_(
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
    unchanged = _not_modified(request, response, version, caching.DETAIL_MAX_AGE)
    if unchanged is not None:
        return unchanged
    return headless.day_dict(day, campaign, request)
