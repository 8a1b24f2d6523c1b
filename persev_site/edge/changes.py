"""When the edge cache is purged: on every change a public page may show,
once the transaction commits.

The same events as the page cache (persev_site/page_cache/invalidation.py,
which says why each one matters): a page published (when it actually goes
live: by hand, or by the scheduler at its go-live time), unpublished (by
hand, on expiry, before deletion), moved or renamed; another publishable
object published or unpublished; a view restriction, a site, a setting, an
image, a document or a redirect saved or deleted; and what the campaign app
says changed (`campaign.publishing.signals.public_content_changed`: an
establishment saved or deleted, a campaign or a day gone live or down).

On commit, and not before: a purge sent earlier would have the cache fetch
the old content again. The callback first retires the application's page
cache (its own receiver does too, but the order of two on_commit callbacks
is the order their receivers ran: this one must not depend on it), then
computes the addresses (targets.py, a few queries) and hands them to the
purger thread (purger.py), which never blocks or fails the publication.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail import signals
from wagtail.models import Page

from campaign.publishing.go_live import went_live
from campaign.publishing.signals import public_content_changed
from persev_site.edge import purger, targets
from persev_site.page_cache import middleware as page_cache
from persev_site.page_cache.invalidation import models_shown_on_pages

logger = logging.getLogger(__name__)


def purge(instance=None):
    """Purge what a change to `instance` (None: anything) touches."""
    if page_cache.invalidation_needed():
        page_cache.invalidate()
    purger.submit(targets.of(instance))


def purge_on_commit(instance=None, using=None):
    if not purger.configured():
        return

    def callback():
        try:
            purge(instance)
        except Exception:
            # The content is committed: a purge that cannot even be
            # computed is logged, the cached copies age out (s-maxage).
            logger.exception("Could not purge the front-end cache after %r", instance)

    transaction.on_commit(callback, using=using)


def page_published(sender, instance, revision, **kwargs):
    # Wagtail also sends page_published when a revision is merely scheduled.
    if went_live(instance, revision):
        purge_on_commit(instance)


def page_changed(sender, instance, **kwargs):
    purge_on_commit(instance)


def anything_changed(sender, instance=None, using=None, **kwargs):
    # A page has its own signals above (Wagtail sends `published` for pages
    # too): its change is not a change to everything.
    if isinstance(instance, Page):
        return
    purge_on_commit(None, using=using)


def campaign_content_changed(sender, instance=None, **kwargs):
    # Its pages already have the page signals above.
    if not isinstance(instance, Page):
        purge_on_commit(instance)


def register():
    """Connect the receivers; called by EdgeCacheConfig.ready()."""
    uid = "persev_edge"
    signals.page_published.connect(page_published, dispatch_uid=uid)
    for signal in (
        signals.page_unpublished,
        signals.post_page_move,
        signals.page_slug_changed,
    ):
        signal.connect(page_changed, dispatch_uid=uid)
    for signal in (signals.published, signals.unpublished):
        signal.connect(anything_changed, dispatch_uid=uid)
    for model in models_shown_on_pages():
        for signal in (post_save, post_delete):
            signal.connect(anything_changed, sender=model, dispatch_uid=uid)
    public_content_changed.connect(campaign_content_changed, dispatch_uid=uid)
