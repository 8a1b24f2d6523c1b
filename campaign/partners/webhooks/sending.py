"""Sending a recorded webhook delivery: a signed POST, claimed once, retried
with back-off.

- Sending claims the row with a conditional UPDATE (pending/failed →
  sending): of two processes racing, only one sends.
- The partner must answer 2xx within CAMPAIGN["WEBHOOK_TIMEOUT"] seconds;
  redirects are not followed (the endpoint's address is the one the éditeur
  gave). Anything else is recorded on the row (visible in the admin, in
  the site's language) and retried by the scheduler's passes after a growing delay
  (WEBHOOK_RETRY_DELAYS), up to WEBHOOK_MAX_ATTEMPTS attempts in all.
- The scheduler also sends what its task never sent (still pending after a
  grace delay) and takes over a claim left by a sender that died.
"""

import logging
import socket
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign.conf import get_config
from campaign.models import WebhookDelivery
from campaign.partners.webhooks import signing

logger = logging.getLogger(__name__)

Status = WebhookDelivery.Status
USER_AGENT = "persev-webhook/1"
# How much of a failing answer is kept as its error.
ERROR_EXCERPT = 200
# A claim older than this is taken to be a crashed sender.
STALE_CLAIM = timedelta(minutes=15)
# A delivery still pending this long after it was recorded was never sent.
PENDING_GRACE = timedelta(minutes=2)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 3xx answer becomes an HTTPError


_opener = urllib.request.build_opener(_NoRedirect)


class DeliveryError(Exception):
    """Why the partner did not take the webhook, in the site's language."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


def max_attempts():
    return int(get_config()["WEBHOOK_MAX_ATTEMPTS"])


def retry_delay(attempts):
    """Seconds to wait after the `attempts`-th failed attempt."""
    delays = get_config()["WEBHOOK_RETRY_DELAYS"]
    return timedelta(seconds=delays[min(attempts, len(delays)) - 1])


def claim(delivery_id, now):
    return WebhookDelivery.objects.claim(
        delivery_id, max_attempts=max_attempts(), stale_after=STALE_CLAIM, now=now
    )


def post(delivery):
    """POST the delivery's body, signed; returns the HTTP status (2xx)."""
    body = delivery.body.encode()
    timestamp = str(int(time.time()))
    endpoint = delivery.endpoint
    request = urllib.request.Request(  # noqa: S310 - http(s) only (validated)
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            signing.TIMESTAMP_HEADER: timestamp,
            signing.SIGNATURE_HEADER: signing.signature(
                endpoint.secret, timestamp, body
            ),
            signing.EVENT_HEADER: delivery.event,
            signing.IDEMPOTENCY_HEADER: delivery.idempotency_key,
        },
    )
    timeout = float(get_config()["WEBHOOK_TIMEOUT"])
    try:
        with _opener.open(request, timeout=timeout) as response:
            response.read(ERROR_EXCERPT)
            return response.status
    except urllib.error.HTTPError as error:
        excerpt = error.read(ERROR_EXCERPT).decode("utf-8", "replace").strip()
        message = _("The partner answered %(status)s (%(reason)s).") % {
            "status": error.code,
            "reason": error.reason,
        }
        if excerpt:
            message += " " + _("Answer: %(excerpt)s") % {"excerpt": excerpt}
        raise DeliveryError(message, status=error.code) from error
    except TimeoutError as error:
        raise DeliveryError(_no_answer(timeout)) from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, (TimeoutError, socket.timeout)):
            raise DeliveryError(_no_answer(timeout)) from error
        raise DeliveryError(
            _("Partner out of reach: %(reason)s.") % {"reason": error.reason}
        ) from error
    except (OSError, ValueError) as error:
        raise DeliveryError(
            _("Sending impossible: %(error)s.") % {"error": error}
        ) from error


def _no_answer(timeout):
    return _("No answer from the partner within %(timeout)s s (timed out).") % {
        "timeout": f"{timeout:g}"
    }


def send(delivery_id):
    """Send one delivery if this caller wins the claim; True when it went."""
    now = timezone.now()
    if not claim(delivery_id, now):
        return False
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    try:
        status = post(delivery)
    except DeliveryError as error:
        retried = delivery.failed_status(max_attempts()) == Status.FAILED
        delivery.record_failure(
            error,
            max_attempts=max_attempts(),
            response_status=error.status,
            next_attempt_at=(
                timezone.now() + retry_delay(delivery.attempts) if retried else None
            ),
        )
        logger.warning(
            "Webhook %s to %s failed (attempt %s): %s",
            delivery.event,
            delivery.endpoint.url,
            delivery.attempts,
            error,
        )
        return False
    delivery.record_success(response_status=status, next_attempt_at=None)
    return True


def due(now=None):
    """Deliveries to send now: failed ones whose delay has passed, pending
    ones no task sent, and stale claims."""
    now = now or timezone.now()
    return list(
        WebhookDelivery.objects.filter(attempts__lt=max_attempts())
        .filter(
            Q(status=Status.FAILED, next_attempt_at__lte=now)
            | Q(status=Status.PENDING, created_at__lte=now - PENDING_GRACE)
            | Q(status=Status.SENDING, updated_at__lt=now - STALE_CLAIM)
        )
        .order_by("created_at")
        .values_list("pk", flat=True)
    )


def abandon_stale_claims(now=None):
    """A sender died during the last allowed attempt: nobody will retry it."""
    return WebhookDelivery.objects.abandon_stale_claims(
        max_attempts=max_attempts(),
        stale_after=STALE_CLAIM,
        error=_("Sending interrupted during the last attempt."),
        now=now,
    )


def retry_due():
    """Send what is due; returns how many went out."""
    abandon_stale_claims()
    return sum(1 for pk in due() if send(pk))
