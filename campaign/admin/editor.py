"""The page editor of a day: its date filled from the timeline's link, its
approval buttons worded for a day that waits for its date, and what the
editor is told once a review step is done."""

from django.contrib import messages
from django.templatetags.static import static
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext as _
from wagtail.admin import messages as admin_messages
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


def _review_message(page, action):
    """What an approval or a request for changes did to `page`, in words."""
    title = page.get_admin_display_title()
    if action == "reject":
        return _(
            "Changes requested for “%(title)s”: its author receives your comment by e-mail."
        ) % {"title": title}
    if isinstance(page, CampaignDayPage) and not page.live:
        return _(
            "The day “%(title)s” is approved. It will go live on its date once the week is scheduled (“Schedule the week”)."
        ) % {"title": title}
    if page.live and not page.has_unpublished_changes:
        return _("“%(title)s” is approved and published.") % {"title": title}
    return _("“%(title)s” is approved.") % {"title": title}


def say_what_the_review_did(request, page):
    """Hook after_edit_page: after "Approuver" or "Demander des
    modifications", Wagtail's editor answers as for a plain save (« La page
    … a été mise à jour »), which says nothing of the review. That message
    is reworded to say what the step did. Django's message storage keeps
    the messages of this request in `_queued_messages` (no public API to
    change one)."""
    if not request.POST.get("action-workflow-action"):
        return
    action = request.POST.get("workflow-action-name")
    if action not in ("approve", "reject"):
        return
    updated = conditional_escape(
        _("Page '%(page_title)s' has been updated.")
        % {"page_title": page.get_admin_display_title()}
    )
    page = type(page).objects.get(pk=page.pk)  # as the step left it
    storage = messages.get_messages(request)
    for message in getattr(storage, "_queued_messages", []):
        if updated in str(message.message):
            message.message = admin_messages.render(_review_message(page, action), None)
