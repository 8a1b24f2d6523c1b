"""What the admin adds to the editors of the campaign's pages: read-only
panels (the week's publication timeline and the partners' widget on a
campaign, the partners' preview link on a day) and the admin forms.

Wagtail builds a page's editor from its `content_panels` and
`base_form_class` the first time it is asked for it
(wagtail/admin/panels/page_utils.py); `attach()` sets them before that,
from CampaignConfig.ready(), so that the models import no admin code (as
Wagtail's own admin app sets Page.base_form_class from its ready()).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import InlinePanel

from campaign.admin.forms import CampaignDayPageForm, CampaignPageForm
from campaign.admin.panels import (
    HeadlessPreviewPanel,
    InlinePanelWithAddLabel,
    PartnerWidgetPanel,
    PublicationTimelinePanel,
)
from campaign.models import CampaignDayPage, CampaignPage


def attach():
    """Give the campaign and day editors their admin panels and forms (once)."""
    if "base_form_class" in vars(CampaignPage):
        return
    CampaignPage.content_panels = [
        PublicationTimelinePanel(heading=_("Publication of the week")),
        *(_with_add_label(panel) for panel in CampaignPage.content_panels),
        PartnerWidgetPanel(heading=_("Widget and feeds for partner sites")),
    ]
    CampaignPage.base_form_class = CampaignPageForm
    CampaignDayPage.content_panels = [
        *CampaignDayPage.content_panels,
        HeadlessPreviewPanel(heading=_("Preview for partner sites")),
    ]
    CampaignDayPage.base_form_class = CampaignDayPageForm


def _with_add_label(panel):
    """The partners' InlinePanel with « Ajouter un partenaire »."""
    if isinstance(panel, InlinePanel) and panel.relation_name == "partners":
        return InlinePanelWithAddLabel.replacing(panel, add_label=_("Add a partner"))
    return panel
