"""What the campaign tells a host's caches: `public_content_changed`.

Sent (with `instance`, the object that changed) whenever what a reader or a
partner may see of a campaign changed: a campaign or a day went live, was
taken down, moved or renamed (its pages, and also its feeds, calendar,
widget, API answers, actions page and establishment pages), or an
establishment was saved or deleted (its name and town show on every day
that names it, everywhere). A cache the host plugs in (a page cache, a
front-end cache purge) listens to it; Wagtail's own signals tell it about
the host's other pages and models. Sent at once: a receiver that must wait
for the transaction uses transaction.on_commit.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from campaign.models import CampaignDayPage, CampaignPage, Establishment
from campaign.publishing.go_live import went_live

public_content_changed = Signal()


def _changed(sender, instance, **kwargs):
    public_content_changed.send(sender=sender, instance=instance)


def _published(sender, instance, revision, **kwargs):
    # A revision merely scheduled changes nothing public yet.
    if went_live(instance, revision):
        _changed(sender, instance)


def register():
    """Connect the senders; called by CampaignConfig.ready()."""
    for model in (CampaignPage, CampaignDayPage):
        uid = f"campaign_public_content_{model._meta.model_name}"
        page_published.connect(_published, sender=model, dispatch_uid=uid)
        page_unpublished.connect(_changed, sender=model, dispatch_uid=uid)
        page_slug_changed.connect(_changed, sender=model, dispatch_uid=uid)
        post_page_move.connect(_changed, sender=model, dispatch_uid=uid)
    for signal in (post_save, post_delete):
        signal.connect(
            _changed, sender=Establishment, dispatch_uid="campaign_public_content"
        )
