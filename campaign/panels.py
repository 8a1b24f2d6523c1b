"""Read-only admin panels of the campaign editor."""

from django.utils import timezone
from wagtail.admin.panels import Panel

from campaign.dates import campaign_timezone
from campaign.services import publication


class PublicationTimelinePanel(Panel):
    """The campaign's days, each with where it stands (draft … live) and links."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "campaign/admin/publication_timeline_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            campaign = self.instance
            now = timezone.now()
            context["campaign"] = campaign
            context["time_zone"] = campaign_timezone()  # times shown as Paris times
            context["statuses"] = (
                publication.timeline(campaign, now) if campaign.pk else []
            )
            context["last_run"], context["scheduler_overdue"] = (
                publication.scheduler_health(now)
            )
            context["any_late"] = any(s.late for s in context["statuses"])
            context["can_schedule"] = bool(
                campaign.pk
                and campaign.permissions_for_user(
                    self.request.user
                ).can_publish_subpage()
            )
            return context
