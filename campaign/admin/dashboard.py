"""The admin dashboard's panel: this week's publication, and what is late."""

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from campaign.models import CampaignPage
from campaign.publishing import timeline
from campaign.reference import dates


class PublicationDashboardPanel(Component):
    name = "campaign_publication"
    order = 50
    template_name = "campaign/admin/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        now = timezone.now()
        today = dates.today()
        campaigns = CampaignPage.objects.order_by("-start_date")
        campaign = (
            campaigns.filter(start_date__lte=today, end_date__gte=today).first()
            or campaigns.filter(start_date__gt=today).order_by("start_date").first()
            or campaigns.first()
        )
        last_run, overdue = timeline.scheduler_health(now)
        heading = _("Publication of the days")
        return {
            "heading": f"{heading} — {campaign.title}" if campaign else heading,
            "campaign": campaign,
            "statuses": timeline.timeline(campaign, now) if campaign else [],
            "late": timeline.late_days(now),
            "last_run": last_run,
            "scheduler_overdue": overdue,
            "time_zone": dates.campaign_timezone(),  # times shown as Paris times
        }


def add_publication_panel(request, panels):
    """Hook construct_homepage_panels: the publication panel comes first."""
    panels.insert(0, PublicationDashboardPanel(request))
