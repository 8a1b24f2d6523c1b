"""Wagtail's redirects: an old address keeps working once it was public, and
never leads an anonymous reader to what is not public.

Recorded. Wagtail records a redirect from a page's old address whenever its
slug changes (when the version with the new slug is published: a day whose
date changed, its slug following it) or the page moves
(WAGTAILREDIRECTS_AUTO_CREATE, on by default), drafts included. An address
that was never public needs none, and its redirect would tell the draft's
old name to whoever tries it: `redirects_from_published_addresses` lets
Wagtail's handlers record one only for a page that has been live before.

Answered. The redirect middleware of Wagtail 8.0.1 answers a redirect
whatever its target page: a redirect an editor points at a day not live
yet, or the old address of a day since unpublished, would answer 301 with
the page's address in `Location`. `get_redirect` below drops a redirect
whose page is not public (`campaign.visibility.is_public_page`): the old
address answers 404, as an address that never existed, until the page is
public. It replaces the function the middleware calls, in
`wagtail.contrib.redirects.middleware`.

The v3 endpoints `/api/v3/redirects/` are guarded in
campaign/partners/api/wagtail_redirects.py.
"""

from wagtail.contrib.redirects import middleware as redirect_middleware
from wagtail.contrib.redirects import signal_handlers
from wagtail.signals import page_slug_changed, post_page_move

from campaign import visibility


def public_redirects_only(wagtail_get_redirect):
    def get_redirect(request, encoded_path):
        redirect = wagtail_get_redirect(request, encoded_path)
        if redirect is None or redirect.redirect_page_id is None:
            return redirect
        if visibility.is_public_page(redirect.redirect_page_id):
            return redirect
        return None

    get_redirect.wagtail_get_redirect = wagtail_get_redirect
    return get_redirect


def on_slug_change_of_published_pages(instance_before, instance, **kwargs):
    """page_slug_changed: Wagtail's handler, for a page that had been live
    (the record before this save: publishing a draft for the first time
    changes its slug from the draft's first one)."""
    if instance_before.first_published_at is None:
        return
    signal_handlers.autocreate_redirects_on_slug_change(
        instance_before=instance_before, instance=instance, **kwargs
    )


def on_move_of_published_pages(instance, **kwargs):
    """post_page_move: Wagtail's handler, for a page that had been live (its
    live sub-pages move with it, and Wagtail's handler only redirects those)."""
    if instance.first_published_at is None:
        return
    signal_handlers.autocreate_redirects_on_page_move(instance=instance, **kwargs)


def redirects_from_published_addresses():
    """Put the handlers above in place of Wagtail's (idempotent)."""
    page_slug_changed.disconnect(signal_handlers.autocreate_redirects_on_slug_change)
    post_page_move.disconnect(signal_handlers.autocreate_redirects_on_page_move)
    page_slug_changed.connect(on_slug_change_of_published_pages)
    post_page_move.connect(on_move_of_published_pages)


def install():
    """Patch the middleware's lookup and the handlers (idempotent)."""
    current = redirect_middleware.get_redirect
    wagtail_get_redirect = getattr(current, "wagtail_get_redirect", current)
    redirect_middleware.get_redirect = public_redirects_only(wagtail_get_redirect)
    redirects_from_published_addresses()
