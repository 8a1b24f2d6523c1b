"""The public views that are not Wagtail pages.

- the actions of a campaign (/campagnes/<slug>/actions/), filtered by
  académie, department and kind of establishment, with their count per
  department as a chart and a table (a filter value that does not exist is
  said on its field, the valid filters still apply, and the page answers
  400: filters.py);
- the page of an establishment (/campagnes/etablissements/<id>-<slug>/),
  its actions across the campaigns (live days only).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from campaign.conf import get_config
from campaign.models import CampaignPage, Establishment
from campaign.public import discovery
from campaign.public.breadcrumbs import trail
from campaign.public.filters import ActionFilterForm, renamed_query


def campaign_actions(request, slug):
    campaign = CampaignPage.objects.find_public(slug, request)
    if campaign is None:
        raise Http404
    renamed = renamed_query(request.GET)
    if renamed is not None:
        # A link shared with the older names (?departement=86): the same
        # page, at its address of now.
        return redirect(f"{request.path}?{renamed}", permanent=True)
    form = ActionFilterForm(request.GET, academic_region=campaign.academic_region)
    filters = form.filters()
    actions = discovery.campaign_actions(campaign)
    shown = discovery.filter_actions(actions, **filters)
    return TemplateResponse(
        request,
        "campaign/campaign_actions.html",
        {
            "campaign_base_template": get_config()["BASE_TEMPLATE"],
            "campaign": campaign,
            "breadcrumb_ancestors": trail(request, campaign),
            "breadcrumb_current": pgettext("breadcrumb", "Actions"),
            "form": form,
            "filtered": any(filters.values()),
            "actions": shown,
            "total": len(actions),
            "per_department": discovery.counts_per_department(
                actions, campaign.academic_region
            ),
            "share_title": _("Actions — %(title)s") % {"title": campaign.title},
            "share_description": _(
                "The actions of the schools of the %(region)s academic region "
                "during the %(title)s."
            )
            % {"region": campaign.region, "title": campaign.title},
        },
        # A filter refused: the page says which, with the valid ones applied.
        status=400 if form.errors else 200,
    )


def establishment(request, pk, slug):
    establishment = get_object_or_404(Establishment, pk=pk)
    actions = discovery.establishment_actions(establishment, request)
    if not actions:
        # Nothing public yet: no page, and no redirect either, whatever the
        # slug. The redirect would name it (its only actions may be in drafts
        # or scheduled days), and ids are sequential: it answers exactly as an
        # id that never existed.
        raise Http404
    if slug != discovery.establishment_slug(establishment):
        return redirect(discovery.establishment_url(establishment), permanent=True)
    return TemplateResponse(
        request,
        "campaign/establishment.html",
        {
            "campaign_base_template": get_config()["BASE_TEMPLATE"],
            "establishment": establishment,
            "breadcrumb_ancestors": trail(request),
            "breadcrumb_current": establishment.name,
            "actions": actions,
            "share_title": establishment.name,
            "share_description": _(
                "The actions of %(name)s (%(town)s) during the School "
                "Perseverance Week."
            )
            % {"name": establishment.name, "town": establishment.town},
        },
    )
