"""What an HTTP cache in front of the site (Varnish, a CDN) may keep.

`EdgeCacheHeadersMiddleware` sits right above the page cache, so it sees
every dynamic answer, from the page cache or freshly built; static files
(WhiteNoise, above it) keep their own headers.

- An answer anyone may receive is marked
  `public, max-age=0, s-maxage=EDGE_CACHE_SECONDS,
  stale-while-revalidate=…, stale-if-error=…`: browsers ask again each time
  (a publication has no way to reach their caches), shared caches keep it
  until it is purged (purger.py) or s-maxage runs out. That is a 200 (or a
  304) to an anonymous GET or HEAD, outside the paths never cached
  (PAGE_CACHE_EXCLUDED_PATHS: the admin, previews, documents, search),
  setting no cookie, not built from the reader's CSRF token, not already
  private, and varying on nothing but what a shared cache can key on.
  A max-age the view set (the partner endpoints: 0, must-revalidate) is
  kept.
- An answer that belongs to one person is marked private and no-store:
  one to a logged-in reader or to a
  request with credentials, one that sets a cookie, one built with the
  reader's CSRF token (a form), one on an excluded path.
- Anything else (a 404, a redirect, an error) is left as the view made it:
  the VCL keeps only what says `public`.

With EDGE_CACHE_SECONDS = 0 (the default when no front-end cache is
configured) nothing is marked public; private answers are still marked.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control

from persev_site.page_cache.middleware import excluded

CACHEABLE_STATUS = {200, 304}
# Request headers a shared cache can key on (Varnish strips cookies from
# anonymous requests, the partner endpoints vary on Origin).
SHAREABLE_VARY = {"cookie", "origin", "accept-encoding", "accept-language"}
PRIVATE_DIRECTIVES = {"private", "no-store", "no-cache"}


def edge_seconds():
    return int(getattr(settings, "EDGE_CACHE_SECONDS", 0) or 0)


def _directives(response):
    return {
        part.split("=", 1)[0].strip().lower()
        for part in response.get("Cache-Control", "").split(",")
        if part.strip()
    }


def _personal(request, response):
    """Whether the answer belongs to the person who asked."""
    if "Authorization" in request.headers:
        return True
    if set(request.COOKIES) - {settings.CSRF_COOKIE_NAME}:
        return True  # a session, a flash message: Varnish passes these
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    # A form holds a token tied to this reader's CSRF cookie, even when the
    # cookie is not sent again.
    return bool(response.cookies) or bool(request.META.get("CSRF_COOKIE_USED"))


def mark(request, response):
    """Set the Cache-Control of `response` for shared caches (see the module)."""
    if request.method not in ("GET", "HEAD"):
        return response
    directives = _directives(response)
    if directives & PRIVATE_DIRECTIVES:
        return response  # already private (the admin, previews)
    if excluded(request.path_info) or _personal(request, response):
        patch_cache_control(response, private=True, no_store=True)
        return response
    seconds = edge_seconds()
    if not seconds or response.status_code not in CACHEABLE_STATUS:
        return response
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v}
    if not vary <= SHAREABLE_VARY:
        return response
    extra = {} if "max-age" in directives else {"max_age": 0}
    patch_cache_control(
        response,
        public=True,
        s_maxage=seconds,
        stale_while_revalidate=int(settings.EDGE_STALE_WHILE_REVALIDATE),
        stale_if_error=int(settings.EDGE_STALE_IF_ERROR),
        **extra,
    )
    return response


class EdgeCacheHeadersMiddleware:
    """Cache-Control for shared caches (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return mark(request, self.get_response(request))
