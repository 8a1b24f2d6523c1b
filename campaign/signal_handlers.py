"""What happens when a day actually goes live."""

import logging

from django.db import transaction
from wagtail.signals import page_published

logger = logging.getLogger(__name__)


def on_page_published(sender, instance, revision, **kwargs):
    # Wagtail also sends page_published when a revision is merely scheduled:
    # only a page that is live with this very revision has gone live.
    if not instance.live or instance.live_revision_id != revision.pk:
        return
    from campaign.services.delivery import record_go_live
    from campaign.tasks import send_day_email

    created = record_go_live(instance)
    if created is not None and created.status == created.Status.PENDING:
        delivery_id = created.pk

        def enqueue():
            try:
                send_day_email.enqueue(delivery_id)
            except Exception:
                logger.exception("Could not queue the e-mail of day %s", instance.pk)

        transaction.on_commit(enqueue)


def register():
    from campaign.models import CampaignDayPage

    page_published.connect(
        on_page_published, sender=CampaignDayPage, dispatch_uid="campaign_day_go_live"
    )
