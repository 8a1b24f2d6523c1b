"""Which days name an establishment in their actions: in their live content,
in the version being written (draft, submitted for review) or in a version
scheduled to go live.

Deleting an establishment that a day names would leave an action without
its establishment: the site would show it by its title only, and the API,
exports and e-mail would leave it out (the format needs one establishment
at least: campaign.blocks.actions.ActionsBlock.to_interchange). The admin
refuses it (campaign/admin/establishments.py).
"""

import json

from wagtail.models import Revision

from campaign.blocks.day_body import establishment_ids_in
from campaign.models import CampaignDayPage


def _written_body(day):
    """The raw body of the day's latest version, when it differs from the
    live one; else None."""
    revision = day.latest_revision
    if not day.has_unpublished_changes or revision is None:
        return None
    body = revision.content.get("body") or []
    return json.loads(body) if isinstance(body, str) else body


def _scheduled_bodies():
    """{day id: raw body of each revision scheduled to go live} (a scheduled
    revision may be neither the live content nor the latest version)."""
    bodies = {}
    for revision in Revision.page_revisions.filter(approved_go_live_at__isnull=False):
        body = revision.content.get("body") or []
        body = json.loads(body) if isinstance(body, str) else body
        bodies.setdefault(int(revision.object_id), []).append(body)
    return bodies


def days_naming(establishments):
    """{establishment: [days naming it]} for those of `establishments` that
    some day names (days in date order)."""
    wanted = {establishment.pk: establishment for establishment in establishments}
    found = {}
    days = CampaignDayPage.objects.select_related("latest_revision").order_by(
        "date", "path"
    )
    scheduled = _scheduled_bodies()
    for day in days:
        named = establishment_ids_in(day.body.raw_data)
        written = _written_body(day)
        if written is not None:
            named |= establishment_ids_in(written)
        for body in scheduled.get(day.pk, []):
            named |= establishment_ids_in(body)
        for pk in named & wanted.keys():
            found.setdefault(wanted[pk], []).append(day)
    return found
