"""Public: the page of an establishment (/campagnes/etablissements/<id>-<slug>/),
its actions across the campaigns (live days only)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from campaign.models import Establishment
from campaign.services import discovery
from campaign.views.breadcrumbs import trail


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
            "establishment": establishment,
            "breadcrumb_ancestors": trail(request),
            "breadcrumb_current": establishment.name,
            "actions": actions,
            "share_title": establishment.name,
            "share_description": (
                f"Les actions de {establishment.name} ({establishment.town}) "
                "pendant la Semaine de la Persévérance Scolaire."
            ),
        },
    )
