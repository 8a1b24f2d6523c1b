"""Scheduled publication: what `run_scheduler` does on every pass.

Wagtail publishes scheduled revisions and unpublishes expired pages with its
`publish_scheduled` command. Each pass runs it inside a transaction that
holds the lock of the SchedulerState row, so two schedulers never publish
the same revision twice: the second waits, then finds nothing left to do.

Wagtail's command prints nothing when it publishes: what a pass did is read
back from the audit log entries it wrote ("wagtail.publish.scheduled",
"wagtail.unpublish.scheduled"), and each is logged.
"""

import io
import logging
import socket

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from wagtail.models import PageLogEntry

from campaign.models import SchedulerState

logger = logging.getLogger(__name__)

# What publish_scheduled writes in the audit log, and how a pass reports it.
DONE = {
    "wagtail.publish.scheduled": "Mise en ligne",
    "wagtail.unpublish.scheduled": "Retrait (expirée)",
}


def run_pass():
    """Publish and expire whatever is due.

    Returns the report of the pass: one line per page put live or taken
    down ("" when there was nothing to do).
    """
    out = io.StringIO()
    with transaction.atomic():
        state, _created = SchedulerState.objects.get_or_create(name="publication")
        state = SchedulerState.objects.select_for_update().get(pk=state.pk)
        last_entry = PageLogEntry.objects.order_by("-pk").values_list("pk", flat=True)
        last_entry = last_entry.first() or 0
        call_command("publish_scheduled", stdout=out)
        done = list(
            PageLogEntry.objects.filter(pk__gt=last_entry, action__in=DONE)
            .order_by("pk")
            .values_list("action", "label", "page_id")
        )
        state.last_run_at = timezone.now()
        state.last_host = socket.gethostname()[:255]
        state.save(update_fields=["last_run_at", "last_host"])
    lines = [f"{DONE[action]} : « {label} » (page {pk})" for action, label, pk in done]
    for line in lines:
        logger.info("Programmateur : %s", line)
    # E-mails that failed are tried again, outside the lock.
    from campaign.services.delivery import retry_failed

    retry_failed()
    return "\n".join(lines)


def last_run():
    """When the scheduler last completed a pass (aware datetime or None)."""
    state = (
        SchedulerState.objects.filter(name="publication").only("last_run_at").first()
    )
    return state.last_run_at if state else None
