"""Scheduled publication: what `run_scheduler` does on every pass.

Wagtail publishes scheduled revisions and unpublishes expired pages with its
`publish_scheduled` command. Each pass runs it inside a transaction that
holds the lock of the SchedulerState row, so two schedulers never publish
the same revision twice: the second waits, then finds nothing left to do.
"""

import io
import logging
import socket

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from campaign.models import SchedulerState

logger = logging.getLogger(__name__)


def run_pass():
    """Publish and expire whatever is due; return Wagtail's report (text)."""
    out = io.StringIO()
    with transaction.atomic():
        state, _created = SchedulerState.objects.get_or_create(name="publication")
        state = SchedulerState.objects.select_for_update().get(pk=state.pk)
        call_command("publish_scheduled", stdout=out)
        state.last_run_at = timezone.now()
        state.last_host = socket.gethostname()[:255]
        state.save(update_fields=["last_run_at", "last_host"])
    report = out.getvalue().strip()
    # E-mails that failed are tried again, outside the lock.
    from campaign.services.delivery import retry_failed

    retry_failed()
    for line in report.splitlines():
        if line and not line.startswith("No objects"):
            logger.info("Scheduler: %s", line)
    return report


def last_run():
    """When the scheduler last completed a pass (aware datetime or None)."""
    state = (
        SchedulerState.objects.filter(name="publication").only("last_run_at").first()
    )
    return state.last_run_at if state else None
