from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from campaign.models.attempts import Delivery, DeliveryStatus, status_field
from campaign.reference.dates import long_date


class DayEmailDelivery(Delivery):
    """The sending of one day's e-mail: at most one per day, ever.

    The unique day makes a second delivery impossible, even when the day is
    unpublished and republished or when two processes publish it at once;
    the status is claimed with a conditional update before sending.
    """

    # DeliveryStatus's states, and one more: a campaign without recipients.
    Status = models.TextChoices(
        "Status",
        [(status.name, (status.value, status.label)) for status in DeliveryStatus]
        + [("NO_RECIPIENT", ("no_recipient", _("no recipient")))],
    )

    day = models.OneToOneField(
        "campaign.CampaignDayPage",
        verbose_name=pgettext_lazy("campaign", "day"),
        on_delete=models.CASCADE,
        related_name="email_delivery",
    )
    status = status_field(Status)
    recipients = models.TextField(_("recipients"), blank=True)

    class Meta(Delivery.Meta):
        verbose_name = _("newsletter delivery")
        verbose_name_plural = _("newsletter deliveries")

    def __str__(self):
        return f"{self.day} — {self.get_status_display()}"

    @admin.display(description=_("date of the day"), ordering="day__date")
    def day_date(self):
        # Day titles repeat from year to year ("Lundi 1er février"): the date
        # tells them apart, written as the days write it ("1er février 2021").
        return long_date(self.day.date, weekday=False)
