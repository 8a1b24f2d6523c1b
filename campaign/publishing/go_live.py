"""What happens when a day actually goes live (and so becomes public): its
e-mail is recorded and queued, once."""

import logging

from django.db import transaction
from wagtail.signals import page_published

from campaign.models import CampaignDayPage, CampaignPage
from campaign.publishing.delivery import record_go_live
from campaign.publishing.tasks import send_day_email

logger = logging.getLogger(__name__)


def went_live(instance, revision):
    # Wagtail also sends page_published when a revision is merely scheduled:
    # only a page that is live with this very revision has gone live.
    return instance.live and instance.live_revision_id == revision.pk


def announce(day):
    """Record the day's e-mail delivery and send it once the transaction commits."""
    created = record_go_live(day)
    if created is None or created.status != created.Status.PENDING:
        return
    delivery_id = created.pk

    def enqueue():
        try:
            send_day_email.enqueue(delivery_id)
        except Exception:
            # The scheduler retries pending deliveries: publishing must not fail.
            logger.exception("Could not queue the e-mail of day %s", day.pk)

    transaction.on_commit(enqueue)


def on_day_published(sender, instance, revision, **kwargs):
    if not went_live(instance, revision):
        return
    # A day under an unpublished campaign is not public yet (its URL answers
    # 404): it is announced when the campaign goes live.
    parent = instance.get_parent()
    if parent is not None and parent.live:
        announce(instance)


def on_campaign_published(sender, instance, revision, **kwargs):
    if not went_live(instance, revision):
        return
    for day in CampaignDayPage.objects.child_of(instance).live().defer_streamfields():
        announce(day)  # days already announced are skipped by record_go_live


def register():
    """Connect the receivers; called by CampaignConfig.ready()."""
    page_published.connect(
        on_day_published, sender=CampaignDayPage, dispatch_uid="campaign_day_go_live"
    )
    page_published.connect(
        on_campaign_published, sender=CampaignPage, dispatch_uid="campaign_go_live"
    )
