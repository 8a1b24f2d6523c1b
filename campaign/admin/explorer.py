"""A campaign in Wagtail's page explorer: its buttons (import a newsletter,
schedule the week, create the next edition) and its days in date order."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.menus.pages import PageMenuItem

from campaign.admin.views.next_edition import can_create_next_edition
from campaign.models import CampaignDayPage, CampaignPage


class ImportNewsletterButton(PageMenuItem):
    label = _("Import a newsletter")
    icon_name = "upload"

    @property
    def url(self):
        return reverse("campaign_admin:import_newsletter", args=[self.page.pk])

    def is_shown(self, user):
        return self.page.permissions_for_user(user).can_add_subpage()


class ScheduleWeekButton(PageMenuItem):
    label = _("Schedule the week")
    icon_name = "calendar"

    @property
    def url(self):
        return reverse("campaign_admin:schedule_week", args=[self.page.pk])

    def is_shown(self, user):
        return self.page.permissions_for_user(user).can_publish_subpage()


class NextEditionButton(PageMenuItem):
    label = _("Create the next edition")
    icon_name = "copy"

    @property
    def url(self):
        return reverse("campaign_admin:next_edition", args=[self.page.pk])

    def is_shown(self, user):
        return can_create_next_edition(self.page, user)


def _campaign_buttons(page):
    if page.specific_class is CampaignPage:
        yield ImportNewsletterButton(page=page, priority=16)
        yield ScheduleWeekButton(page=page, priority=17)
        yield NextEditionButton(page=page, priority=18)


def header_buttons(page, user, view_name, next_url=None):
    """Hook register_page_header_buttons."""
    yield from _campaign_buttons(page)


def listing_buttons(page, user, next_url=None):
    """Hook register_page_listing_more_buttons."""
    yield from _campaign_buttons(page)


def order_days_by_date(parent_page, pages, request):
    """Hook construct_explorer_page_queryset: a campaign's days are listed in
    date order in the page explorer."""
    if parent_page.specific_class is not CampaignPage:
        return pages
    if issubclass(pages.model, CampaignDayPage):
        # The days' own listing (campaign/admin/page_views.py).
        return pages.order_by("date", "path")
    return pages.order_by("campaigndaypage__date", "path")


def confirm_only_allowed_moves(request, page, destination):
    """Hook before_move_page: Wagtail's move confirmation page shows any move
    asked for by its address, and only the POST checks it: refuse it at once
    instead."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied
