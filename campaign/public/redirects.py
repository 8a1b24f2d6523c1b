"""Wagtail's redirects never lead an anonymous reader to what is not public.

The redirect middleware. Wagtail 8.0.1 answers a redirect whatever its
target page: an old address of a draft (Wagtail records one whenever a page
is moved or its slug changes, drafts included) or a redirect an editor points
at a day not live yet would answer 301 with the page's address in
`Location`. `get_redirect` below drops a redirect whose page is not public
(`campaign.visibility.is_public_page`): the old address answers 404, as an
address that never existed, until the page is public. It replaces the
function the middleware calls, in `wagtail.contrib.redirects.middleware`.

The v3 endpoints `/api/v3/redirects/` are guarded in
campaign/partners/api/wagtail_redirects.py.
"""

from wagtail.contrib.redirects import middleware as redirect_middleware

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


def install():
    """Patch the middleware's lookup (idempotent)."""
    current = redirect_middleware.get_redirect
    wagtail_get_redirect = getattr(current, "wagtail_get_redirect", current)
    redirect_middleware.get_redirect = public_redirects_only(wagtail_get_redirect)
