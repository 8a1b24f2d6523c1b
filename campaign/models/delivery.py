from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from campaign.reference.dates import long_date


class DayEmailDelivery(models.Model):
    """The sending of one day's e-mail: at most one per day, ever.

    The unique day makes a second delivery impossible, even when the day is
    unpublished and republished or when two processes publish it at once;
    the status is claimed with a conditional update before sending.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed, will be retried")
        ABANDONED = "abandoned", _("failed for good")
        NO_RECIPIENT = "no_recipient", _("no recipient")

    day = models.OneToOneField(
        "campaign.CampaignDayPage",
        verbose_name=pgettext_lazy("campaign", "day"),
        on_delete=models.CASCADE,
        related_name="email_delivery",
    )
    status = models.CharField(
        pgettext_lazy("campaign", "status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
    )
    recipients = models.TextField(_("recipients"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(
        pgettext_lazy("campaign", "created at"), auto_now_add=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter delivery")
        verbose_name_plural = _("newsletter deliveries")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.day} — {self.get_status_display()}"

    @admin.display(description=_("date of the day"), ordering="day__date")
    def day_date(self):
        # Day titles repeat from year to year ("Lundi 1er février"): the date
        # tells them apart, written as the days write it ("1er février 2021").
        return long_date(self.day.date, weekday=False)
