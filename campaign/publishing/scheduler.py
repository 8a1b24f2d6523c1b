"""Scheduled publication: what `run_scheduler` does on every pass.

A pass does what Wagtail's `publish_scheduled` command does (unpublish what
has expired, then publish every revision whose approved go-live time has
passed, with the same audit actions), with two differences that matter when
a publication must not be missed:

- each object is handled in a transaction of its own that holds the lock
  of the SchedulerState row and checks again that it is still due, so two
  schedulers never publish the same revision twice: the second waits, then
  finds nothing left to do; committed at once, each day is public (and its
  edge purge sent) without waiting for the rest of the pass;
- each object is handled in its own savepoint: one that fails is logged and
  retried next pass, and never holds back the others.

Between passes the scheduler sleeps until the next go-live or expiry time
(`next_due`), at most `--interval` seconds: a day goes live within a moment
of its time, not up to an interval late.

What a pass did is read back from the audit log entries it wrote
("wagtail.publish.scheduled", "wagtail.unpublish.scheduled"), and logged.
"""

import logging
import socket

from django.apps import apps
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail.models import DraftStateMixin, Page, PageLogEntry, Revision

from campaign.models import SchedulerState
from campaign.publishing.delivery import retry_failed

logger = logging.getLogger(__name__)

# Sent after every pass, outside its lock: the flows above this layer that
# deliver something (campaign.partners.webhooks) retry what is due.
pass_finished = Signal()

# What publish_scheduled writes in the audit log, and how a pass reports it.
DONE = {
    "wagtail.publish.scheduled": gettext_lazy("Put live: “%(title)s” (page %(id)s)"),
    "wagtail.unpublish.scheduled": gettext_lazy(
        "Taken down (expired): “%(title)s” (page %(id)s)"
    ),
}


def run_pass():
    """Publish and expire whatever is due.

    Returns the report of the pass: one line per page put live or taken
    down ("" when there was nothing to do).
    """
    done = []
    for job in _expiry_jobs() + _publication_jobs():
        done += _run_job(*job)
    with transaction.atomic():
        state = _lock()
        state.last_run_at = timezone.now()
        state.last_host = socket.gethostname()[:255]
        state.save(update_fields=["last_run_at", "last_host"])
    lines = [DONE[action] % {"title": label, "id": pk} for action, label, pk in done]
    for line in lines:
        logger.info("Scheduler: %s", line)
    # E-mails that failed are tried again, outside the lock.
    retry_failed()
    pass_finished.send(sender=run_pass)
    return "\n".join(lines)


def _lock():
    """Take the lock of the scheduler's state row (inside a transaction)."""
    state, _created = SchedulerState.objects.get_or_create(name="publication")
    return SchedulerState.objects.select_for_update().get(pk=state.pk)


def _run_job(still_due, action):
    """Handle one due object in a transaction of its own, under the lock.

    Committed on its own, each object's changes reach readers (and its edge
    purge and e-mail, sent on commit, go out) as soon as it is done, not
    after every other object of the pass. `still_due()` is asked again
    under the lock: another scheduler may have handled it meanwhile.
    Returns the audit entries it wrote, as (action, label, page id).
    """
    with transaction.atomic():
        _lock()
        obj = still_due()
        if obj is None:
            return []
        last_entry = PageLogEntry.objects.order_by("-pk").values_list("pk", flat=True)
        last_entry = last_entry.first() or 0
        _guarded(lambda: action(obj), obj)
        return list(
            PageLogEntry.objects.filter(pk__gt=last_entry, action__in=DONE)
            .order_by("pk")
            .values_list("action", "label", "page_id")
        )


def _guarded(action, obj):
    """Run `action` in a savepoint; a failure is logged, the pass goes on."""
    try:
        with transaction.atomic():
            action()
    except Exception:
        logger.exception("Scheduler: could not handle %r; will retry next pass", obj)


def _expiry_jobs():
    now = timezone.now()
    jobs = []
    for model in _publishable_models():
        due = model.objects.filter(live=True, expire_at__lt=now)
        for pk in due.order_by("expire_at").values_list("pk", flat=True):
            jobs.append(
                (
                    lambda due=due, pk=pk: due.filter(pk=pk).first(),
                    lambda obj: obj.unpublish(
                        set_expired=True, log_action="wagtail.unpublish.scheduled"
                    ),
                )
            )
    return jobs


def _publication_jobs():
    due = Revision.objects.filter(approved_go_live_at__lt=timezone.now())
    return [
        (
            lambda pk=pk: due.filter(pk=pk).first(),
            lambda revision: revision.publish(log_action="wagtail.publish.scheduled"),
        )
        for pk in due.order_by("approved_go_live_at").values_list("pk", flat=True)
    ]


def _publishable_models():
    return [Page] + [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    ]


def next_due():
    """The earliest time something is due: a revision's approved go-live time
    or a live object's expiry (aware datetime, or None: nothing scheduled)."""
    times = [
        Revision.objects.filter(approved_go_live_at__isnull=False)
        .order_by("approved_go_live_at")
        .values_list("approved_go_live_at", flat=True)
        .first()
    ]
    for model in _publishable_models():
        times.append(
            model.objects.filter(live=True, expire_at__isnull=False)
            .order_by("expire_at")
            .values_list("expire_at", flat=True)
            .first()
        )
    times = [time for time in times if time is not None]
    return min(times) if times else None


# A pass publishes what is due strictly before its start: wake just after.
WAKE_MARGIN = 0.02


def seconds_to_wait(pass_started, interval):
    """How long to sleep before the next pass, at most `interval`.

    Until the next due time; at once if something fell due while the last
    pass ran (started at `pass_started`); the whole interval if what is due
    was due before that pass and is still there (it failed: retried each
    interval, not in a loop).
    """
    due = next_due()
    if due is None:
        return interval
    if due <= pass_started:
        return interval
    return max(0.0, min(interval, (due - timezone.now()).total_seconds() + WAKE_MARGIN))


def last_run():
    """When the scheduler last completed a pass (aware datetime or None)."""
    state = (
        SchedulerState.objects.filter(name="publication").only("last_run_at").first()
    )
    return state.last_run_at if state else None
