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

from campaign.reference.dates import long_date


class WebhookEvent(models.TextChoices):
    DAY_PUBLISHED = "day.published", _("journée mise en ligne")
    DAY_UPDATED = "day.updated", _("journée modifiée")
    DAY_UNPUBLISHED = "day.unpublished", _("journée retirée")


def validate_webhook_url(value):
    """An http(s) address with a host: anything else is refused in French."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        raise ValidationError(
            _(
                "L’adresse doit commencer par « https:// » (ou « http:// ») : "
                "« %(scheme)s » n’est pas accepté."
            ),
            code="scheme",
            params={"scheme": parts.scheme or value[:20]},
        )
    if not parts.hostname:
        raise ValidationError(
            _(
                "L’adresse doit nommer un serveur, par exemple https://partenaire.fr/webhook."
            ),
            code="host",
        )
    if parts.username or parts.password:
        raise ValidationError(
            _(
                "L’adresse ne doit pas contenir d’identifiant ni de mot de passe : "
                "la signature authentifie l’envoi."
            ),
            code="credentials",
        )


def validate_events(value):
    known = set(WebhookEvent.values)
    unknown = [event for event in value if event not in known]
    if unknown:
        raise ValidationError(
            _("Événement inconnu : %(events)s."),
            code="unknown",
            params={"events": ", ".join(map(str, unknown))},
        )


def default_events():
    return list(WebhookEvent.values)


class WebhookEndpoint(models.Model):
    """An address of a partner that wants to know when a day goes live,
    changes or is withdrawn. Éditeurs manage them in the admin."""

    name = models.CharField(
        _("nom"), max_length=120, help_text=_("Le partenaire, pour s’y retrouver.")
    )
    url = models.URLField(
        _("adresse"),
        max_length=500,
        validators=[validate_webhook_url],
        help_text=_("Adresse https:// où le site envoie chaque événement (POST JSON)."),
    )
    secret = models.CharField(
        _("secret"),
        max_length=200,
        help_text=_(
            "Partagé avec le partenaire, qui vérifie avec lui la signature de "
            "chaque envoi (HMAC-SHA256, voir le README). 16 caractères au moins."
        ),
    )
    events = models.JSONField(
        _("événements"),
        default=default_events,
        blank=True,  # an empty choice gets its own message (clean)
        validators=[validate_events],
        help_text=_("Ce que le partenaire reçoit."),
    )
    active = models.BooleanField(
        _("actif"), default=True, help_text=_("Décochez pour suspendre les envois.")
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook partenaire")
        verbose_name_plural = _("webhooks partenaires")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.secret and len(self.secret) < 16:
            errors["secret"] = _("Le secret doit compter au moins 16 caractères.")
        if not self.events:
            errors["events"] = _("Choisissez au moins un événement.")
        if errors:
            raise ValidationError(errors)

    def wants(self, event):
        return self.active and event in (self.events or [])

    @admin.display(description=_("événements"))
    def event_labels(self):
        labels = dict(WebhookEvent.choices)
        return ", ".join(str(labels[e]) for e in self.events or [] if e in labels)


class WebhookDelivery(models.Model):
    """One event sent to one endpoint: at most one per (endpoint, event key).

    The event key names the publication it reports (the day, the event, the
    revisions live), so the same go-live reported twice (two schedulers, a
    double signal) finds the row already there. The body is built once, when
    the event happens, and resent as is on each attempt.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        SENDING = "sending", _("en cours d’envoi")
        SENT = "sent", _("envoyé")
        FAILED = "failed", _("échec, nouvel essai prévu")
        ABANDONED = "abandoned", _("échec définitif")

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("webhook"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = models.CharField(
        _("événement"), max_length=40, choices=WebhookEvent.choices
    )
    event_key = models.CharField(_("clé de l’événement"), max_length=200)
    idempotency_key = models.CharField(
        _("clé d’idempotence"), max_length=64, unique=True
    )
    day = models.ForeignKey(
        "campaign.CampaignDayPage",
        verbose_name=_("journée"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="webhook_deliveries",
    )
    day_date = models.DateField(_("date de la journée"))
    body = models.TextField(_("contenu envoyé"))
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    next_attempt_at = models.DateTimeField(_("prochain essai"), null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(
        _("réponse HTTP"), null=True, blank=True
    )
    last_error = models.TextField(_("dernière erreur"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("envoi de webhook")
        verbose_name_plural = _("envois des webhooks")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "event_key"], name="campaign_webhook_once_per_event"
            )
        ]

    def __str__(self):
        return f"{self.endpoint} — {self.get_event_display()} — {self.day_date}"

    @admin.display(description=_("date de la journée"), ordering="day_date")
    def day_label(self):
        return long_date(self.day_date, weekday=False)
