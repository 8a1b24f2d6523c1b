"""Partner webhooks: the addresses partners gave to be told when a day goes
live, changes or is withdrawn (`WebhookEndpoint`), and each event's delivery
to each of them (`WebhookDelivery`, one per event per address, ever).

Recorded by campaign.partners.webhooks when campaign.publishing emits a day
event; sent after the publishing transaction commits, retried with back-off.
"""

from urllib.parse import urlsplit

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from campaign.models.attempts import Delivery, DeliveryStatus
from campaign.reference.dates import long_date


class WebhookEvent(models.TextChoices):
    DAY_PUBLISHED = "day.published", _("day published")
    DAY_UPDATED = "day.updated", _("day updated")
    DAY_UNPUBLISHED = "day.unpublished", _("day unpublished")


def validate_webhook_url(value):
    """An http(s) address with a host: anything else is refused in French."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        raise ValidationError(
            _(
                "The address must start with “https://” (or “http://”): “%(scheme)s” is not accepted."
            ),
            code="scheme",
            params={"scheme": parts.scheme or value[:20]},
        )
    if not parts.hostname:
        raise ValidationError(
            _(
                "The address must name a server, for example https://partner.example/webhook."
            ),
            code="host",
        )
    if parts.username or parts.password:
        raise ValidationError(
            _(
                "The address must not contain a user name or a password: the signature authenticates the delivery."
            ),
            code="credentials",
        )


def validate_events(value):
    known = set(WebhookEvent.values)
    unknown = [event for event in value if event not in known]
    if unknown:
        raise ValidationError(
            _("Unknown event: %(events)s."),
            code="unknown",
            params={"events": ", ".join(map(str, unknown))},
        )


def default_events():
    return list(WebhookEvent.values)


class WebhookEndpoint(models.Model):
    """An address of a partner that wants to know when a day goes live,
    changes or is withdrawn. Éditeurs manage them in the admin."""

    name = models.CharField(
        _("name"), max_length=120, help_text=_("The partner, to find one’s way.")
    )
    url = models.URLField(
        _("address"),
        max_length=500,
        validators=[validate_webhook_url],
        help_text=_(
            "The https:// address where the site sends each event (POST JSON)."
        ),
    )
    secret = models.CharField(
        _("secret"),
        max_length=200,
        help_text=_(
            "Shared with the partner, who checks with it the signature of each delivery (HMAC-SHA256, see the README). 16 characters at least."
        ),
    )
    events = models.JSONField(
        _("events"),
        default=default_events,
        blank=True,  # an empty choice gets its own message (clean)
        validators=[validate_events],
        help_text=_("What the partner receives."),
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Untick to suspend the deliveries.")
    )
    created_at = models.DateTimeField(
        pgettext_lazy("campaign", "created at"), auto_now_add=True
    )

    class Meta:
        verbose_name = _("partner webhook")
        verbose_name_plural = _("partner webhooks")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.secret and len(self.secret) < 16:
            errors["secret"] = _("The secret must be at least 16 characters long.")
        if not self.events:
            errors["events"] = _("Choose at least one event.")
        if errors:
            raise ValidationError(errors)

    def wants(self, event):
        return self.active and event in (self.events or [])

    @admin.display(description=_("events"))
    def event_labels(self):
        labels = dict(WebhookEvent.choices)
        return ", ".join(str(labels[e]) for e in self.events or [] if e in labels)


class WebhookDelivery(Delivery):
    """One event sent to one endpoint: at most one per (endpoint, event key).

    The event key names the publication it reports (the day, the event, the
    revisions live), so the same go-live reported twice (two schedulers, a
    double signal) finds the row already there. The body is built once, when
    the event happens, and resent as is on each attempt.
    """

    Status = DeliveryStatus

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("webhook"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = models.CharField(_("event"), max_length=40, choices=WebhookEvent.choices)
    event_key = models.CharField(_("event key"), max_length=200)
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, unique=True)
    day = models.ForeignKey(
        "campaign.CampaignDayPage",
        verbose_name=pgettext_lazy("campaign", "day"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="webhook_deliveries",
    )
    day_date = models.DateField(_("date of the day"))
    body = models.TextField(_("content sent"))
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(
        _("HTTP response"), null=True, blank=True
    )

    class Meta(Delivery.Meta):
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "event_key"], name="campaign_webhook_once_per_event"
            )
        ]

    def __str__(self):
        return f"{self.endpoint} — {self.get_event_display()} — {self.day_date}"

    @admin.display(description=_("date of the day"), ordering="day_date")
    def day_label(self):
        return long_date(self.day_date, weekday=False)
