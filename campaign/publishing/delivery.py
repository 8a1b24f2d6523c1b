"""Sending each day's e-mail once, and only once, when the day goes live.

- On go-live (by hand or by the scheduler) a DayEmailDelivery row is created
  for the day; the day's unique key means there is never a second one, so
  unpublishing and republishing sends nothing more.
- Sending claims the row with a conditional UPDATE (pending/failed →
  sending): of two processes racing, only one wins and sends.
- A failure is recorded on the row (visible in the admin) and retried by the
  scheduler's passes, a few times, with a growing delay; it never blocks or
  undoes the publication itself.
- The scheduler's passes also pick up what was never sent at all: a delivery
  still pending after a grace delay (its task could not be queued, or the
  queue lost it) and a claim left by a sender that died mid-send.
"""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign.models import DayEmailDelivery
from campaign.publishing.day_email import build_message

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Delay before the n-th retry, in minutes.
RETRY_DELAYS = [1, 5, 15, 60]
# A claim older than this is taken to be a crashed sender.
STALE_CLAIM = timedelta(minutes=15)
# A delivery still pending this long after go-live was never sent by its task.
PENDING_GRACE = timedelta(minutes=5)

Status = DayEmailDelivery.Status


def record_go_live(day):
    """Note that `day` went live: create its delivery if it has none yet.

    Returns the delivery created, or None when the day already had one.
    """
    campaign = day.get_parent().specific
    recipients = "\n".join(campaign.recipient_list())
    try:
        with transaction.atomic():
            delivery = DayEmailDelivery.objects.create(
                day=day,
                recipients=recipients,
                status=Status.PENDING if recipients else Status.NO_RECIPIENT,
            )
    except IntegrityError:
        return None  # already recorded: a day's e-mail goes out once
    return delivery


def claim(delivery_id):
    """Take the right to send; True for exactly one caller (a sender that
    died mid-send leaves a stale claim: it is taken over)."""
    return DayEmailDelivery.objects.claim(
        delivery_id, max_attempts=MAX_ATTEMPTS, stale_after=STALE_CLAIM
    )


def send(delivery_id):
    """Send the e-mail of a delivery if this caller wins the claim.

    Returns True when this call sent it.
    """
    if not claim(delivery_id):
        return False
    delivery = DayEmailDelivery.objects.select_related("day").get(pk=delivery_id)
    day = delivery.day.specific
    try:
        campaign = day.get_parent().specific
        message = build_message(day, campaign, delivery.recipients.split())
        message.send(fail_silently=False)
    except Exception as error:  # noqa: BLE001 - any failure is recorded and retried
        delivery.record_failure(
            f"{type(error).__name__}: {error}", max_attempts=MAX_ATTEMPTS
        )
        logger.warning(
            "E-mail of day %s failed (attempt %s): %s", day.pk, delivery.attempts, error
        )
        return False
    delivery.record_success()
    logger.info(
        "E-mail of day %s sent to %s", day.pk, delivery.recipients.replace("\n", ", ")
    )
    return True


def _wait_before_retry(delivery):
    if delivery.status == Status.PENDING:
        return PENDING_GRACE
    if delivery.status == Status.SENDING:
        return STALE_CLAIM
    return timedelta(
        minutes=RETRY_DELAYS[min(delivery.attempts, len(RETRY_DELAYS)) - 1]
    )


def due_retries(now=None):
    """Deliveries the scheduler should send now: failed ones whose retry delay
    has passed, pending ones that no task sent, and stale claims."""
    now = now or timezone.now()
    due = []
    for delivery in DayEmailDelivery.objects.filter(
        status__in=[Status.FAILED, Status.PENDING, Status.SENDING],
        attempts__lt=MAX_ATTEMPTS,
    ):
        if delivery.updated_at + _wait_before_retry(delivery) <= now:
            due.append(delivery.pk)
    return due


def abandon_stale_claims(now=None):
    """A sender died during the last allowed attempt: nobody will retry it."""
    return DayEmailDelivery.objects.abandon_stale_claims(
        max_attempts=MAX_ATTEMPTS,
        stale_after=STALE_CLAIM,
        error=_("Sending interrupted during the last attempt."),
        now=now,
    )


def retry_failed():
    """Send what failed or was never sent; returns how many went out."""
    abandon_stale_claims()
    return sum(1 for pk in due_retries() if send(pk))
