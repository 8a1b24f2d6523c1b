"""When the cached pages of anonymous visitors are dropped (middleware.py).

Every change to what a public page, feed or API answer may show drops them
all (one increment of the cache generation; precise purging is not worth its
risk for a site of this size):

- a page published, scheduled, unpublished (by hand, on expiry by the
  scheduler, or before its deletion: Wagtail unpublishes a live page it
  deletes, in wagtail/signal_handlers.py), moved, reordered or renamed; any
  other publishable object published or unpublished; a view restriction
  added or removed;
- a revision scheduled for publication or unscheduled;
- a site, a site or generic setting, an image, a document or a redirect
  saved or deleted;
- whatever else the campaigns show that changed, as the campaign app tells
  (campaign.publishing.signals.public_content_changed): an establishment
  saved or deleted.

Draft saves and autosaves change nothing public: they save a revision
without a go-live date and touch the page row through `save_revision`, which
no receiver here listens to.

The increment happens once the transaction commits. Done earlier, a visitor
arriving between the increment and the commit would read the old content
from the database and cache it under the new generation, where it would stay
until it expires. Done on commit, the cache can only hold what was committed:
an answer built before the commit is stored under the generation read when
its request started, which the increment retires. (Raw SQL and
`QuerySet.update()` send no signal: code that changes public content that
way calls `persev_site.page_cache.middleware.invalidate()` itself.)
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail import signals
from wagtail.models import Page, PageViewRestriction, Revision, Site

from campaign.publishing.signals import public_content_changed
from persev_site.page_cache import middleware


def invalidate_on_commit(sender=None, using=None, **kwargs):
    """Receiver: drop the cached pages once the current transaction commits."""
    if not middleware.invalidation_needed():
        return  # no page cache here, and no other process shares this cache
    # robust: the content is committed by then, a cache failure must not turn
    # the editor's publication into an error page.
    transaction.on_commit(middleware.invalidate, using=using, robust=True)


def revision_saved(sender, instance, update_fields=None, **kwargs):
    """A revision (un)scheduled for publication: "scheduled" shows on nothing
    public today, but a template may announce a go-live date; rare and cheap."""
    if instance.approved_go_live_at is not None or (
        update_fields and "approved_go_live_at" in update_fields
    ):
        invalidate_on_commit(sender, **kwargs)


def campaign_content_changed(sender, instance=None, **kwargs):
    """What the campaign app says changed. Its pages need nothing more: the
    page signals below already drop everything when a page changes."""
    if not isinstance(instance, Page):
        invalidate_on_commit(sender)


def models_shown_on_pages():
    """The models (besides the campaign's) whose saving or deletion changes
    public pages."""
    models = [Site, PageViewRestriction]
    # Each of these apps is optional: its models are only there when the
    # site installs it, so each is imported here, lazily, only when installed
    # (importing an uninstalled app's models raises).
    if apps.is_installed("wagtail.images"):
        from wagtail.images import get_image_model

        models.append(get_image_model())
    if apps.is_installed("wagtail.documents"):
        from wagtail.documents import get_document_model

        models.append(get_document_model())
    if apps.is_installed("wagtail.contrib.redirects"):
        from wagtail.contrib.redirects.models import Redirect

        models.append(Redirect)
    if apps.is_installed("wagtail.contrib.settings"):
        from wagtail.contrib.settings.models import (
            BaseGenericSetting,
            BaseSiteSetting,
        )

        models.extend(
            model
            for model in apps.get_models()
            if issubclass(model, (BaseSiteSetting, BaseGenericSetting))
        )
    # Not Page: its row is saved for drafts too; its publication, move and
    # deletion (an unpublication first) have their own signals.
    return models


def register():
    """Connect the receivers; called by PageCacheConfig.ready()."""
    for signal in (
        signals.page_published,
        signals.page_unpublished,
        signals.published,
        signals.unpublished,
        signals.post_page_move,
        signals.page_slug_changed,
    ):
        signal.connect(invalidate_on_commit, dispatch_uid="persev_page_cache")

    post_save.connect(
        revision_saved, sender=Revision, dispatch_uid="persev_page_cache_revision"
    )
    for model in models_shown_on_pages():
        for signal in (post_save, post_delete):
            signal.connect(
                invalidate_on_commit, sender=model, dispatch_uid="persev_page_cache"
            )
    public_content_changed.connect(
        campaign_content_changed, dispatch_uid="persev_page_cache_campaign"
    )
