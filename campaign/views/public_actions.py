"""Public: the actions of a campaign (/campagnes/<slug>/actions/), filtered
by académie, department and kind of establishment, with their count per
department as a chart and a table.

A filter value that does not exist is said on its field, the valid filters
still apply, and the page answers 400 (campaign/filters.py)."""

from django.http import Http404
from django.template.response import TemplateResponse

from campaign.filters import ActionFilterForm
from campaign.services import discovery, headless
from campaign.views.breadcrumbs import trail


def campaign_actions(request, slug):
    campaign = headless.find_campaign(slug, request)
    if campaign is None:
        raise Http404
    form = ActionFilterForm(request.GET)
    filters = form.filters()
    actions = discovery.campaign_actions(campaign)
    shown = discovery.filter_actions(actions, **filters)
    return TemplateResponse(
        request,
        "campaign/campaign_actions.html",
        {
            "campaign": campaign,
            "breadcrumb_ancestors": trail(request, campaign),
            "breadcrumb_current": "Les actions",
            "form": form,
            "filtered": any(filters.values()),
            "actions": shown,
            "total": len(actions),
            "per_department": discovery.counts_per_department(actions),
            "share_title": f"Les actions — {campaign.title}",
            "share_description": (
                f"Les actions des établissements de la région académique {campaign.region} "
                f"pendant la {campaign.title}."
            ),
        },
        # A filter refused: the page says which, with the valid ones applied.
        status=400 if form.errors else 200,
    )
