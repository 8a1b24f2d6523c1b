"""Recording each day event for the endpoints that want it, once.

The body (JSON) is built here, once per event, from the day as it went live
(never a draft: the signal comes with the live version), and stored on each
delivery, so that every attempt sends the same bytes.
"""

import json
import logging
import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone

from campaign.authoring.exporter import PublicLinkResolver
from campaign.authoring.interchange.day_json import day_to_dict
from campaign.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from campaign.partners.webhooks import sending
from campaign.partners.webhooks.tasks import send_webhook
from campaign.publishing.day_events import day_event, event_key
from campaign.publishing.scheduler import pass_finished

logger = logging.getLogger(__name__)

FORMAT = "persev-webhook/1"


def idempotency_key(endpoint, event_key):
    """The same for the same event and endpoint, different for any other."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"persev:{endpoint.pk}:{event_key}"))


def build_payload(event, day, campaign):
    """What a partner receives, but for its idempotency key."""
    document = None
    if event != WebhookEvent.DAY_UNPUBLISHED:
        resolver = PublicLinkResolver()
        document = day_to_dict(day, campaign, resolver, resolver.url_of)
    return {
        "format": FORMAT,
        "type": str(event),
        "occurred_at": timezone.now(),
        "campaign": {
            "slug": campaign.slug,
            "title": campaign.title,
            "url": campaign.get_full_url(),
        },
        "day": {
            "id": day.pk,
            "date": day.date,
            "title": day.title,
            "url": day.get_full_url(),
        },
        # The day's persev-day/1 document as it is now live (None once
        # withdrawn: the day is no longer public).
        "document": document,
    }


def record(event, day, campaign):
    """One delivery per endpoint that wants `event`, unless that event was
    already recorded for it. Returns the ids of the deliveries created."""
    endpoints = [
        e for e in WebhookEndpoint.objects.filter(active=True) if e.wants(event)
    ]
    if not endpoints:
        return []
    key = event_key(event, day, campaign)
    payload = build_payload(event, day, campaign)
    created = []
    for endpoint in endpoints:
        idempotency = idempotency_key(endpoint, key)
        body = json.dumps(
            {**payload, "idempotency_key": idempotency},
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
        )
        try:
            # A savepoint: a duplicate leaves the publishing transaction usable.
            with transaction.atomic():
                delivery = WebhookDelivery.objects.create(
                    endpoint=endpoint,
                    event=event,
                    event_key=key,
                    idempotency_key=idempotency,
                    day=day,
                    day_date=day.date,
                    body=body,
                )
        except IntegrityError:
            continue  # this event was already recorded for this endpoint
        created.append(delivery.pk)
    return created


def enqueue(delivery_ids):
    for delivery_id in delivery_ids:
        try:
            send_webhook.enqueue(delivery_id)
        except Exception:
            # The scheduler sends pending deliveries: publishing must not fail.
            logger.exception("Could not queue webhook delivery %s", delivery_id)


def on_day_event(sender, day, campaign, event, **kwargs):
    try:
        # A savepoint: whatever goes wrong here leaves the publication whole.
        with transaction.atomic():
            created = record(event, day, campaign)
    except Exception:
        logger.exception("Could not record the webhooks of day %s (%s)", day.pk, event)
        return
    if created:
        transaction.on_commit(lambda: enqueue(created))


def on_pass_finished(sender, **kwargs):
    sending.retry_due()


def register():
    """Connect the receivers; called by CampaignConfig.ready()."""
    day_event.connect(on_day_event, dispatch_uid="campaign_partner_webhooks")
    pass_finished.connect(on_pass_finished, dispatch_uid="campaign_partner_webhooks")
