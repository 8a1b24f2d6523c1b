"""Admin: "Programmer la semaine", for éditeurs.

GET shows what will happen, day by day, with each time in Europe/Paris;
POST schedules every approved day at its date and the campaign's go-live
time. Live days, drafts and days in moderation are left alone.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from campaign.models import CampaignPage
from campaign.publishing import timeline


@require_http_methods(["GET", "POST"])
def schedule_week(request, campaign_id):
    campaign = get_object_or_404(CampaignPage, pk=campaign_id)
    if not campaign.permissions_for_user(request.user).can_publish_subpage():
        raise PermissionDenied
    campaign = campaign.specific
    if request.method == "POST":
        done = timeline.schedule_week(campaign, request.user)
        if not done:
            messages.warning(request, _("No approved day to schedule."))
        for day, go_live_at, went_live in done:
            if went_live:
                messages.success(
                    request,
                    _("“%(title)s” is live (its time had passed).")
                    % {"title": day.title},
                )
            else:
                messages.success(
                    request,
                    _("“%(title)s” is scheduled for %(moment)s.")
                    % {
                        "title": day.title,
                        "moment": timeline.format_moment(go_live_at),
                    },
                )
        return redirect("wagtailadmin_pages:edit", campaign.pk)
    now = timezone.now()
    statuses = timeline.timeline(campaign, now)
    plan = timeline.schedule_plan(campaign, statuses=statuses)
    planned = {status.date for status, _go in plan}
    # What the éditeur must know before confirming: a day whose time has
    # passed goes live at once (and its letter goes out with it), and a
    # campaign still in draft is published with its days.
    return TemplateResponse(
        request,
        "campaign/admin/schedule_week.html",
        {
            "campaign": campaign,
            "plan": [
                (status, timeline.format_moment(go), go <= now) for status, go in plan
            ],
            "any_overdue": any(go <= now for _status, go in plan),
            "recipient_count": len(campaign.recipient_list()),
            "publishes_campaign": not campaign.live,
            "left_alone": [s for s in statuses if s.date not in planned],
        },
    )
