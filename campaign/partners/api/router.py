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
from django.utils.translation import gettext_lazy
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
    Problem,
)

TAG = "campagnes"
TAG_DESCRIPTION = gettext_lazy(
    "Les campagnes publiées de la Semaine de la Persévérance Scolaire et leurs "
    "journées en ligne : en lecture seule, sans authentification."
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
# Every error is a French problem document (`Problem`, sent as
# application/problem+json: campaign.partners.api.openapi declares it so).
NOT_MODIFIED = gettext_lazy(
    "Pas de changement depuis la copie du client (If-None-Match ou "
    "If-Modified-Since) : pas de corps."
)
UNKNOWN_PARAMETER = gettext_lazy(
    "Paramètre inconnu : le détail propose le nom voisin et liste ceux qui sont "
    "acceptés."
)
INVALID_PARAMETER = gettext_lazy(
    "Paramètre invalide : `errors` dit lequel et pourquoi."
)
UNAVAILABLE = {
    "description": gettext_lazy(
        "Service momentanément indisponible : réessayer après le nombre de "
        "secondes de l’en-tête Retry-After."
    ),
    "headers": {
        "Retry-After": {
            "description": gettext_lazy("Secondes à attendre avant de réessayer."),
            "schema": {"type": "integer"},
        }
    },
}


def answers(ok, ok_description, statuses):
    """`response` and `openapi_extra` of a route answering `ok` (200) or one
    of `statuses` ({status: French description}). A 503 (database out of
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
    if len(unknown) == 1:
        detail = _("Paramètre inconnu : %(names)s.") % {"names": names}
    else:
        detail = _("Paramètres inconnus : %(names)s.") % {"names": names}
    guesses = {
        name: guess[0]
        for name in unknown
        if (guess := difflib.get_close_matches(name, accepted, n=1))
    }
    if len(unknown) == 1 and guesses:
        detail += " " + _("Vouliez-vous dire « %(guess)s » ?") % {
            "guess": guesses[unknown[0]]
        }
    elif guesses:
        detail += " " + _("Vouliez-vous dire %(guesses)s ?") % {
            "guesses": ", ".join(
                _("« %(guess)s » au lieu de « %(name)s »")
                % {"guess": guess, "name": name}
                for name, guess in guesses.items()
            )
        }
    if accepted:
        detail += " " + _("Paramètres acceptés : %(names)s.") % {
            "names": ", ".join(accepted)
        }
    else:
        detail += " " + _("Cette adresse ne prend aucun paramètre.")
    return detail


def _absolute(request, name, **kwargs):
    return request.build_absolute_uri(reverse(name, kwargs=kwargs))


def _campaign_or_404(slug, request):
    campaign = CampaignPage.objects.find_public(slug, request)
    if campaign is None:
        raise CampaignAPIError(
            404, _("Aucune campagne publiée « %(slug)s ».") % {"slug": slug}
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
    return data


@router.get(
    "/",
    **answers(
        CampaignList,
        gettext_lazy("Les campagnes publiées."),
        {304: NOT_MODIFIED, 400: UNKNOWN_PARAMETER},
    ),
    auth=PUBLIC,
    url_name=f"{URL_NAME_PREFIX}list",
    summary="Campagnes publiées",
    operation_id=f"{OPERATION_ID_PREFIX}list_campaigns",
    exclude_none=True,
)
@known_parameters_only
def list_campaigns(request: HttpRequest, response: HttpResponse):
    """Les campagnes publiées du site, les plus récentes d’abord, avec leurs
    dates, leurs adresses et leurs flux."""
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
        gettext_lazy("La version de la journée que désigne le jeton."),
        {
            400: UNKNOWN_PARAMETER,
            404: gettext_lazy("Jeton invalide ou expiré."),
            422: gettext_lazy("Jeton manquant."),
        },
    ),
    auth=PUBLIC,
    url_name=f"{URL_NAME_PREFIX}preview",
    summary="Aperçu d’une journée non publiée (jeton signé)",
    operation_id=f"{OPERATION_ID_PREFIX}preview_day",
    exclude_none=True,
)
@known_parameters_only
def preview_day(request: HttpRequest, response: HttpResponse, token: str):
    """La version d’une journée désignée par un jeton d’aperçu, émis depuis
    l’administration et valable une heure. Sans jeton valide : 404."""
    found = preview_tokens.resolve(token)
    if found is None:
        raise CampaignAPIError(
            404, _("Jeton d’aperçu invalide ou expiré : demandez-en un nouveau.")
        )
    day, campaign = found
    caching.never_cache_private(response)
    response.headers["X-Robots-Tag"] = "noindex"
    return headless.day_dict(day, campaign, request)


@router.get(
    "/{slug}/days/",
    **answers(
        DayList,
        gettext_lazy("Une page des journées en ligne, par date."),
        {
            304: NOT_MODIFIED,
            400: gettext_lazy(
                "Paramètre inconnu (le détail propose le nom voisin), ou limit "
                "au-delà du maximum."
            ),
            404: gettext_lazy("Pas de campagne publiée sous ce nom."),
            422: INVALID_PARAMETER,
        },
    ),
    auth=PUBLIC,
    url_name=f"{URL_NAME_PREFIX}days",
    summary="Journées publiées d’une campagne",
    operation_id=f"{OPERATION_ID_PREFIX}list_days",
    exclude_none=True,
)
@known_parameters_only
def list_days(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    date: Annotated[dt.date | None, Query(description="Une date (AAAA-MM-JJ).")] = None,
    department: Annotated[
        DepartmentCode | None,
        Query(
            description="Journées avec une action d’un établissement du département."
        ),
    ] = None,
    academie: Annotated[
        AcademieCode | None,
        Query(description="Journées avec une action d’un établissement de l’académie."),
    ] = None,
    limit: Annotated[int, Query(ge=1, description="Nombre de journées par page.")] = 20,
    offset: Annotated[int, Query(ge=0, description="Rang de la première journée.")] = 0,
):
    """Les journées en ligne d’une campagne, par date, paginées comme le reste
    de l’API Wagtail (`limit`/`offset`, enveloppe `{count, items}`)."""
    max_limit = _get_max_limit()
    if max_limit != inf and limit > int(max_limit):
        raise CampaignAPIError(
            400,
            _("limit ne peut pas dépasser %(max)s.") % {"max": int(max_limit)},
        )
    campaign = _campaign_or_404(slug, request)
    days = CampaignDayPage.objects.public_of(campaign)
    if date is not None:
        days = days.filter(date=date)
    version = _days_version(days, campaign, request)
    unchanged = _not_modified(request, response, version, caching.LIST_MAX_AGE)
    if unchanged is not None:
        return unchanged
    days = headless.filter_days(days, department=department, academie=academie)
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
        gettext_lazy("La journée."),
        {
            304: NOT_MODIFIED,
            400: UNKNOWN_PARAMETER,
            404: gettext_lazy(
                "Pas de campagne publiée sous ce nom, ou pas de journée en ligne à "
                "cette date."
            ),
            422: gettext_lazy("Date invalide (AAAA-MM-JJ attendu)."),
        },
    ),
    auth=PUBLIC,
    url_name=f"{URL_NAME_PREFIX}day",
    summary="Une journée publiée",
    operation_id=f"{OPERATION_ID_PREFIX}get_day",
    exclude_none=True,
)
@known_parameters_only
def get_day(request: HttpRequest, response: HttpResponse, slug: str, date: dt.date):
    """Une journée en ligne, au format `persev-day/1` (day.schema.json) avec
    `id` et `url` : établissements développés, texte riche en HTML prêt à
    afficher avec des liens absolus."""
    campaign = _campaign_or_404(slug, request)
    days = CampaignDayPage.objects.public_of(campaign).filter(date=date)
    day = days.first()
    if day is None:
        raise CampaignAPIError(
            404,
            _("La campagne « %(slug)s » n’a pas de journée en ligne le %(date)s.")
            % {"slug": slug, "date": date.isoformat()},
        )
    version = _days_version(days, campaign, request)
    unchanged = _not_modified(request, response, version, caching.DETAIL_MAX_AGE)
    if unchanged is not None:
        return unchanged
    return headless.day_dict(day, campaign, request)
