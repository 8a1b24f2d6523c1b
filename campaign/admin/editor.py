"""The page editor of a day: its date filled from the timeline's link, and
its approval buttons worded for a day that waits for its date."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail.admin.action_menu import WorkflowMenuItem

from campaign.models import CampaignDayPage


def day_date_from_link():
    """Hook insert_editor_js: the new-day form takes its date from the link
    of the campaign's timeline (campaign/admin/panels.py)."""
    return format_html(
        '<script src="{}"></script>', static("campaign/js/day-date-from-link.js")
    )


def approve_days_without_publishing(menu_items, request, context):
    """Hook construct_page_action_menu: a day that is not live yet is not
    published when approved (it waits for "Programmer la semaine"): its
    approval buttons say "Approuver", not Wagtail's "Approuver et publier"."""
    page = context.get("page")
    if not isinstance(page, CampaignDayPage) or page.live:
        return
    task = page.current_workflow_task
    if task is None:
        return
    labels = [
        label
        for name, label, _modal in task.get_actions(page, request.user)
        if name == "approve"
    ]
    items = [
        item
        for item in menu_items
        if isinstance(item, WorkflowMenuItem) and item.name == "approve"
    ]
    for item, label in zip(items, labels, strict=False):
        item.label = label
