"""What the day's e-mail (`DayEmailDelivery`) and each partner webhook
(`WebhookDelivery`) share: a row that is sent at most once, claimed with a
conditional UPDATE, retried a few times and abandoned for good.

`Delivery` holds the status and attempt fields; its QuerySet the claim and
the abandonment of a dead sender's claim; its methods the failure and the
success of an attempt. The flows (campaign.publishing.delivery,
campaign.partners.webhooks.sending) choose the limits and delays.
"""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# How much of an error is kept on the row.
ERROR_LENGTH = 2000


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed, will be retried")
    ABANDONED = "abandoned", _("failed for good")


def status_field(choices):
    """The status column; a kind of delivery with more states passes its own
    choices (a TextChoices with DeliveryStatus's members and more)."""
    return models.CharField(
        pgettext_lazy("campaign", "status"),
        max_length=20,
        choices=choices.choices,
        default=DeliveryStatus.PENDING,
    )


class DeliveryQuerySet(models.QuerySet):
    def claim(self, pk, *, max_attempts, stale_after, now=None):
        """Take the right to send row `pk`; True for exactly one caller.

        Claimable: pending, failed, or a claim older than `stale_after` (a
        sender that died mid-send), with attempts left.
        """
        now = now or timezone.now()
        claimable = self.filter(pk=pk, attempts__lt=max_attempts).filter(
            Q(status=DeliveryStatus.PENDING)
            | Q(status=DeliveryStatus.FAILED)
            | Q(status=DeliveryStatus.SENDING, updated_at__lt=now - stale_after)
        )
        return bool(
            claimable.update(
                status=DeliveryStatus.SENDING,
                attempts=F("attempts") + 1,
                updated_at=now,
            )
        )

    def abandon_stale_claims(self, *, max_attempts, stale_after, error, now=None):
        """A sender died during the last allowed attempt: nobody will retry
        it. Returns how many rows were abandoned."""
        now = now or timezone.now()
        return self.filter(
            status=DeliveryStatus.SENDING,
            attempts__gte=max_attempts,
            updated_at__lt=now - stale_after,
        ).update(status=DeliveryStatus.ABANDONED, last_error=error, updated_at=now)


class Delivery(models.Model):
    """Something sent once, with its attempts (abstract)."""

    status = status_field(DeliveryStatus)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(
        pgettext_lazy("campaign", "created at"), auto_now_add=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def failed_status(self, max_attempts):
        """After a failed attempt: retried while attempts are left."""
        if self.attempts < max_attempts:
            return DeliveryStatus.FAILED
        return DeliveryStatus.ABANDONED

    def record_failure(self, error, *, max_attempts, **fields):
        """Write the failure of the attempt just made (and `fields`) on the
        row; returns the status written."""
        status = self.failed_status(max_attempts)
        type(self).objects.filter(pk=self.pk).update(
            status=status,
            last_error=str(error)[:ERROR_LENGTH],
            updated_at=timezone.now(),
            **fields,
        )
        return status

    def record_success(self, **fields):
        """Write that the attempt just made went out (and `fields`)."""
        now = timezone.now()
        type(self).objects.filter(pk=self.pk).update(
            status=DeliveryStatus.SENT,
            last_error="",
            sent_at=now,
            updated_at=now,
            **fields,
        )
