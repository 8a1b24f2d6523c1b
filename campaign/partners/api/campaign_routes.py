"""The API's campaign routes: the published campaigns, with their dates,
their addresses, their feeds and their académies."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy, gettext_noop

from campaign.models import CampaignPage
from campaign.partners import caching, headless
from campaign.partners.api.routing import (
    NOT_MODIFIED,
    OPERATION_ID_PREFIX,
    PUBLIC,
    UNKNOWN_PARAMETER,
    URL_NAME_PREFIX,
    absolute,
    answers,
    known_parameters_only,
    not_modified,
    router,
)
from campaign.partners.api.schemas import CampaignList


def _campaign_item(campaign, request):
    data = headless.campaign_dict(campaign, request)
    data["go_live_time"] = campaign.go_live_time
    data["days_url"] = absolute(
        request, f"wagtailapi_v3:{URL_NAME_PREFIX}days", slug=campaign.slug
    )
    data["feeds"] = {
        kind: absolute(request, f"campaign:{kind}", slug=campaign.slug)
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


@router.get(
    "/",
    **answers(
        CampaignList,
        gettext_lazy("The published campaigns."),
        {304: NOT_MODIFIED, 400: UNKNOWN_PARAMETER},
    ),
    auth=PUBLIC,
    url_name=f"{URL_NAME_PREFIX}list",
    summary=gettext_noop("Published campaigns"),
    description=gettext_noop(
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
    unchanged = not_modified(request, response, version, caching.LIST_MAX_AGE)
    if unchanged is not None:
        return unchanged
    items = [_campaign_item(campaign, request) for campaign in campaigns]
    return {"count": len(items), "items": items}
