"""Admin panels of the campaign editor: read-only ones, and an inline panel
whose add button is worded with its article."""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.admin.panels import InlinePanel, Panel

from campaign.authoring import preview_tokens
from campaign.conf import get_config
from campaign.publishing import timeline
from campaign.reference.dates import campaign_timezone


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
                timeline.timeline(campaign, now) if campaign.pk else []
            )
            context["last_run"], context["scheduler_overdue"] = (
                timeline.scheduler_health(now)
            )
            context["rows"] = [
                (status, None if status.day else _write_day_url(campaign, status.date))
                for status in context["statuses"]
            ]
            context["any_late"] = any(s.late for s in context["statuses"])
            context["can_schedule"] = bool(
                campaign.pk
                and campaign.permissions_for_user(
                    self.request.user
                ).can_publish_subpage()
            )
            return context


def _write_day_url(campaign, date):
    """The new-day form under `campaign`, its date filled in (by
    campaign/static/campaign/js/day-date-from-link.js) as the admin's date
    field writes it."""
    if not campaign.pk:
        return None
    url = reverse(
        "wagtailadmin_pages:add", args=["campaign", "campaigndaypage", campaign.pk]
    )
    written = date.strftime(getattr(settings, "WAGTAIL_DATE_FORMAT", "%Y-%m-%d"))
    return f"{url}?{urlencode({'date': written})}"


class PartnerWidgetPanel(Panel):
    """The code a partner site pastes to show today's day, and the feeds."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "campaign/admin/partner_widget_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            campaign = self.instance
            context["campaign"] = campaign
            context["ready"] = bool(campaign.pk and campaign.slug)
            if context["ready"]:
                try:
                    context["script"], context["iframe"] = widget_snippets(
                        campaign, self.request
                    )
                    context["origin"] = self.request.build_absolute_uri("/").rstrip("/")
                    context["feeds"] = [
                        (
                            label,
                            self.request.build_absolute_uri(
                                reverse(f"campaign:{name}", args=[campaign.slug])
                            ),
                        )
                        for name, label in (
                            ("rss", "RSS"),
                            ("atom", "Atom"),
                            ("json_feed", "JSON Feed"),
                            ("ical", _("Calendar (iCalendar)")),
                        )
                    ]
                except NoReverseMatch:  # the project did not mount campaign.urls
                    context["ready"] = False
            return context


# Height (CSS pixels) of the widget's iframe until its content is measured.
FRAME_FALLBACK_HEIGHT = 640


def widget_snippets(campaign, request):
    """The code a partner pastes: (script snippet, iframe snippet) of the
    widget (campaign/partners/widget.py)."""
    base = request.build_absolute_uri("/").rstrip("/")
    script_url = base + reverse("campaign:widget_js", kwargs={"slug": campaign.slug})
    frame_url = base + reverse("campaign:widget_frame", kwargs={"slug": campaign.slug})
    script = (
        f'<div data-persev-widget="{campaign.slug}"></div>\n'
        f'<script src="{script_url}" async></script>'
    )
    resize_url = base + reverse("campaign:widget_resize_js")
    # No style attribute (a strict CSP on the partner page would refuse it):
    # widget-resize.js sizes the frame to its content; without it, the
    # height attribute is the fallback and the frame scrolls.
    title = _("%(campaign)s: today’s day") % {"campaign": campaign.title}
    frame = (
        f'<iframe src="{frame_url}" title="{escape(title)}" '
        f'width="100%" height="{FRAME_FALLBACK_HEIGHT}" loading="lazy" '
        "data-persev-widget-frame></iframe>\n"
        f'<script src="{resize_url}" async></script>'
    )
    return script, frame


class HeadlessPreviewPanel(Panel):
    """A signed link (valid one hour) to this day's latest version in the API,
    for previewing a draft in a headless front end."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "campaign/admin/headless_preview_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            day = self.instance
            context["url"] = None
            context["minutes"] = get_config()["PREVIEW_TOKEN_MAX_AGE"] // 60
            if not (day.pk and day.latest_revision_id):
                return context
            if not day.permissions_for_user(self.request.user).can_edit():
                return context
            token = preview_tokens.issue(day)
            front = get_config()["HEADLESS_PREVIEW_URL"]
            if front:
                context["url"] = front.replace("{token}", token)
            else:
                try:
                    path = reverse("wagtailapi_v3:campaign_api_preview")
                except NoReverseMatch:  # the API is not mounted
                    return context
                context["url"] = self.request.build_absolute_uri(
                    f"{path}?{urlencode({'token': token})}"
                )
            return context


class InlinePanelWithAddLabel(InlinePanel):
    """An InlinePanel whose add button says `add_label` (« Ajouter un
    partenaire »): Wagtail's "Add %(label)s" reads « Ajouter un(e)
    Partenaire » in French, and the label also names each item
    (« Partenaire 1 »), so it cannot carry the article."""

    def __init__(self, *args, add_label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.add_label = add_label

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "add_label": self.add_label}

    @classmethod
    def replacing(cls, panel, add_label):
        """A copy of the InlinePanel `panel`, with `add_label`."""
        return cls(**panel.clone_kwargs(), add_label=add_label)

    class BoundPanel(InlinePanel.BoundPanel):
        template_name = "campaign/admin/inline_panel_with_add_label.html"
